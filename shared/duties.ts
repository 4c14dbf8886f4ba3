import type { Role } from './participants.ts';

/**
 * Separation of duties over participants. The Secretariat runs the meeting's roll, but the
 * Chair's office is the Chair's: a Secretariat that could make a chair (or hand itself a link to
 * the Chair's participant) could decide amendments and then demote or revoke the Chair. So only
 * a Chair makes, changes or unmakes a Chair, or issues and revokes a Chair's links; whoever runs
 * the server can do it from the command line.
 *
 * `target` is the participant as it stands (null when creating one); `nextRole` the role it is
 * given (null when the change leaves the role alone: a revocation, a link). Returns why the
 * actor may not, or null.
 */
export function participantChangeRefusal(actor: Role, target: { role: Role } | null, nextRole: Role | null): string | null {
  if (actor !== 'chair' && actor !== 'secretariat') return 'only the Chair and the Secretariat manage participants';
  const touchesChair = target?.role === 'chair' || nextRole === 'chair';
  if (touchesChair && actor !== 'chair') return 'only the Chair makes, changes or revokes a Chair and its links (or whoever runs the server, from the command line)';
  return null;
}
