import { useCallback, useState } from 'react';
import type { Decision } from '../../shared/negotiation/decisions.ts';
import { api, errorMessage } from '../api.ts';

export interface Decisions {
  decide: (decisions: Decision | Decision[]) => Promise<boolean>;
  busy: boolean;
  error: string | null;
  clearError: () => void;
}

/**
 * The Chair's decisions go to the server, which applies them to the authoritative text: the
 * result comes back to every client (this one included) as an ordinary live update.
 */
export function useDecisions(documentId: string): Decisions {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const decide = useCallback(
    async (decisions: Decision | Decision[]) => {
      setBusy(true);
      setError(null);
      try {
        await api.decide(documentId, decisions);
        return true;
      } catch (e) {
        setError(errorMessage(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [documentId],
  );
  const clearError = useCallback(() => setError(null), []);
  return { decide, busy, error, clearError };
}
