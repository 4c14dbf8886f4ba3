import { useState } from 'react';
import type { InvitationRecord, ParticipantRecord } from '../../shared/api.ts';
import { delegationName } from '../../shared/delegations.ts';
import { errorMessage } from '../api.ts';
import { ParticipantBadge, roleName } from '../components/participant-badge.tsx';
import { formatDate } from '../documents/kinds.ts';

export interface ParticipantActions {
  issueLink: (participant: ParticipantRecord) => Promise<void>;
  revokeLink: (invitation: InvitationRecord) => Promise<void>;
  revokeParticipant: (participant: ParticipantRecord) => Promise<void>;
}

interface ParticipantRowProps {
  participant: ParticipantRecord;
  isSelf: boolean;
  actions: ParticipantActions;
}

export function ParticipantRow({ participant, isSelf, actions }: ParticipantRowProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const revoked = participant.revokedAt !== null;

  // Every action reports its failure on the row it concerns, not in a far-away banner.
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const liveLinks = participant.invitations.filter((i) => i.revokedAt === null);

  return (
    <tr className={revoked ? 'is-revoked' : undefined} data-testid="participant-row">
      <td>
        <div className="person">
          <ParticipantBadge participant={participant} />
          <span className="person__name">
            {participant.name}
            {isSelf && <span className="muted"> (you)</span>}
          </span>
        </div>
      </td>
      <td>{roleName(participant.role)}</td>
      <td>{participant.delegation ? delegationName(participant.delegation) : <span className="muted">—</span>}</td>
      <td>
        {revoked ? (
          <span className="status status--revoked">Revoked {formatDate(participant.revokedAt ?? '')}</span>
        ) : (
          <span className="status status--active">Active</span>
        )}
      </td>
      <td>
        {participant.invitations.length === 0 ? (
          <span className="muted">No links</span>
        ) : (
          <ul className="links">
            {participant.invitations.map((invitation) => (
              <li key={invitation.id} className={invitation.revokedAt ? 'links__item is-revoked' : 'links__item'}>
                <span>
                  Issued {formatDate(invitation.createdAt)}
                  <span className="muted">
                    {invitation.revokedAt
                      ? ` · revoked ${formatDate(invitation.revokedAt)}`
                      : invitation.lastUsedAt
                        ? ` · used ${formatDate(invitation.lastUsedAt)}`
                        : ' · never used'}
                  </span>
                </span>
                {!invitation.revokedAt && !revoked && (
                  <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => run(() => actions.revokeLink(invitation))}>
                    Revoke link
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p className="alert alert--error alert--inline" role="alert">
            {error}
          </p>
        )}
      </td>
      <td className="actions-cell">
        {!revoked &&
          (confirming ? (
            <div className="confirm" role="group" aria-label={`Confirm revoking ${participant.name}`}>
              <span>
                Revoke {participant.name}? {liveLinks.length > 0 ? 'Their links stop working and ' : ''}they are signed out everywhere.
              </span>
              <div className="form__actions">
                <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => run(() => actions.revokeParticipant(participant))}>
                  Revoke
                </button>
                <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(false)}>
                  Keep
                </button>
              </div>
            </div>
          ) : (
            <div className="form__actions">
              <button type="button" className="button button--small" disabled={busy} onClick={() => run(() => actions.issueLink(participant))}>
                New link
              </button>
              {!isSelf && (
                <button type="button" className="button button--small button--quiet button--danger-text" disabled={busy} onClick={() => setConfirming(true)}>
                  Revoke…
                </button>
              )}
            </div>
          ))}
      </td>
    </tr>
  );
}
