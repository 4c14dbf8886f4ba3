import { useState } from 'react';
import type { InvitationRecord, ParticipantRecord } from '../../shared/api.ts';
import { delegationNameIn } from '../../shared/i18n/delegation-names.ts';
import { errorMessage } from '../api.ts';
import { ParticipantBadge, roleName } from '../components/participant-badge.tsx';
import { useLanguage } from '../i18n/language.tsx';

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
  const { language, t } = useLanguage();
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
            {isSelf && <span className="muted"> {t('participant.you')}</span>}
          </span>
        </div>
      </td>
      <td>{roleName(participant.role, t)}</td>
      <td>{participant.delegation ? delegationNameIn(participant.delegation, language) : <span className="muted">—</span>}</td>
      <td>
        {revoked ? (
          <span className="status status--revoked">{t('participant.revokedOn', { at: new Date(participant.revokedAt ?? '') })}</span>
        ) : (
          <span className="status status--active">{t('participant.active')}</span>
        )}
      </td>
      <td>
        {participant.invitations.length === 0 ? (
          <span className="muted">{t('participant.noLinks')}</span>
        ) : (
          <ul className="links">
            {participant.invitations.map((invitation) => (
              <li key={invitation.id} className={invitation.revokedAt ? 'links__item is-revoked' : 'links__item'}>
                <span>
                  {t('participant.linkIssued', { at: new Date(invitation.createdAt) })}
                  <span className="muted">
                    {invitation.revokedAt
                      ? t('participant.linkRevoked', { at: new Date(invitation.revokedAt) })
                      : invitation.lastUsedAt
                        ? t('participant.linkUsed', { at: new Date(invitation.lastUsedAt) })
                        : t('participant.linkNeverUsed')}
                  </span>
                </span>
                {!invitation.revokedAt && !revoked && (
                  <button type="button" className="button button--small button--quiet" disabled={busy} onClick={() => run(() => actions.revokeLink(invitation))}>
                    {t('participant.revokeLink')}
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
            <div className="confirm" role="group" aria-label={t('participant.confirmRevoking', { name: participant.name })}>
              <span>
                {t('participant.revokeQuestion', { name: participant.name, links: liveLinks.length })}
              </span>
              <div className="form__actions">
                <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => run(() => actions.revokeParticipant(participant))}>
                  {t('participant.revoke')}
                </button>
                <button type="button" className="button button--small" disabled={busy} onClick={() => setConfirming(false)}>
                  {t('participant.keep')}
                </button>
              </div>
            </div>
          ) : (
            <div className="form__actions">
              <button type="button" className="button button--small" disabled={busy} onClick={() => run(() => actions.issueLink(participant))}>
                {t('participant.newLink')}
              </button>
              {!isSelf && (
                <button type="button" className="button button--small button--quiet button--danger-text" disabled={busy} onClick={() => setConfirming(true)}>
                  {t('participant.revokeEllipsis')}
                </button>
              )}
            </div>
          ))}
      </td>
    </tr>
  );
}
