import { useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { api } from '../api.ts';

/**
 * Who is who: amendments name their author by participant id, people want a name. Loaded
 * once per document page; a failure leaves ids unnamed rather than blocking anything.
 */
export function useRoster(): Map<string, Participant> {
  const [roster, setRoster] = useState<Map<string, Participant>>(() => new Map());
  useEffect(() => {
    let cancelled = false;
    api.roster().then(
      (list) => {
        if (!cancelled) setRoster(new Map(list.map((p) => [p.id, p])));
      },
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return roster;
}
