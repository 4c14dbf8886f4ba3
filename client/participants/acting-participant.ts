import { useEffect, useMemo, useState } from 'react';
import { roleOnDocument, type Participant } from '../../shared/participants.ts';
import { api } from '../api.ts';

/**
 * The participant as it acts on one document: an organization the Chair lets propose there
 * works like a delegation (its own code on its amendments); otherwise, and until the answer
 * comes, as it is, which reads. The server judges by the same rule whatever the page shows.
 */
export function useActingParticipant(documentId: string, participant: Participant): Participant {
  const [proposes, setProposes] = useState(false);
  const organization = participant.role === 'organization' ? participant.delegation : null;
  useEffect(() => {
    setProposes(false);
    if (!organization) return;
    let cancelled = false;
    api.proposingOrganizations(documentId).then(
      ({ proposing }) => !cancelled && setProposes(proposing.includes(organization)),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [documentId, organization]);
  return useMemo(() => ({ ...participant, role: roleOnDocument(participant.role, proposes) }), [participant, proposes]);
}
