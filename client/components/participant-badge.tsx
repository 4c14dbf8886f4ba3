import type { Participant } from '../../shared/participants.ts';
import { participantColour, participantLabel } from '../../shared/participants.ts';
import type { Translate } from '../../shared/i18n/translate.ts';
import { useT } from '../i18n/language.tsx';
import { proposerCode } from '../editor/delegation-colours.ts';

/** The label negotiators know a participant by (MEX, Chair…), in that delegation's colour. */
export function ParticipantBadge({ participant }: { participant: Pick<Participant, 'role' | 'delegation'> }) {
  const t = useT();
  const colour = participantColour(participant);
  return (
    <span className="badge" style={{ backgroundColor: colour }}>
      {proposerCode(participantLabel(participant), t)}
    </span>
  );
}

const ROLE_KEYS = {
  chair: 'role.chair',
  secretariat: 'role.secretariat',
  delegation: 'role.delegation',
  observer: 'role.observer',
  organization: 'role.organization',
} as const;

export function roleName(role: Participant['role'], t: Translate): string {
  return t(ROLE_KEYS[role]);
}
