import type { Participant } from '../../shared/participants.ts';
import { participantColour, participantLabel } from '../../shared/participants.ts';

/** The label negotiators know a participant by (MEX, Chair…), in that delegation's colour. */
export function ParticipantBadge({ participant }: { participant: Pick<Participant, 'role' | 'delegation'> }) {
  const colour = participantColour(participant);
  return (
    <span className="badge" style={{ backgroundColor: colour }}>
      {participantLabel(participant)}
    </span>
  );
}

const ROLE_NAMES = { chair: 'Chair', secretariat: 'Secretariat', delegation: 'Delegation', observer: 'Observer', organization: 'Organization' } as const;

export function roleName(role: Participant['role']): string {
  return ROLE_NAMES[role];
}
