import { useCallback, useEffect, useState } from 'react';
import type { ParticipantRecord } from '../../shared/api.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import { api, errorMessage, isUnauthenticated } from '../api.ts';
import { IssuedLink, type IssuedLinkNotice } from './issued-link.tsx';
import { NewParticipantForm } from './new-participant-form.tsx';
import { OrganizationsPanel } from './organizations-panel.tsx';
import { ParticipantRow, type ParticipantActions } from './participant-row.tsx';
import { useT } from '../i18n/language.tsx';

type Load = { status: 'loading' } | { status: 'loaded'; participants: ParticipantRecord[] } | { status: 'failed'; message: string };

const ROLE_ORDER = { chair: 0, secretariat: 1, delegation: 2, organization: 3, observer: 4 } as const;

// The room reads the list in protocol order: Chair, Secretariat, then delegations by code; revoked last.
function ordered(participants: ParticipantRecord[]): ParticipantRecord[] {
  return [...participants].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      (a.delegation ?? '').localeCompare(b.delegation ?? '') ||
      a.name.localeCompare(b.name),
  );
}

interface ParticipantsPageProps {
  participant: Participant;
  onSessionLost: () => void;
}

export function ParticipantsPage({ participant: me, onSessionLost }: ParticipantsPageProps) {
  const t = useT();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedLinkNotice | null>(null);
  const mayManage = managesWorkspace(me.role);

  const refresh = useCallback(async () => {
    try {
      setLoad({ status: 'loaded', participants: ordered(await api.listParticipants()) });
    } catch (error) {
      if (isUnauthenticated(error)) onSessionLost();
      else setLoad({ status: 'failed', message: errorMessage(error) });
    }
  }, [onSessionLost]);

  useEffect(() => {
    document.title = t('participants.pageTitle');
    if (mayManage) void refresh();
  }, [mayManage, refresh, t]);

  if (!mayManage) {
    return (
      <main className="page">
        <h1 className="page__title">{t('participants.title')}</h1>
        <p className="alert">{t('notFound.participantsOnly')}</p>
      </main>
    );
  }

  const actions: ParticipantActions = {
    issueLink: async (p) => {
      const invitation = await api.issueInvitation(p.id);
      setIssued({ participantName: p.name, url: invitation.url });
      await refresh();
    },
    revokeLink: async (invitation) => {
      await api.revokeInvitation(invitation.id);
      await refresh();
    },
    revokeParticipant: async (p) => {
      await api.revokeParticipant(p.id);
      await refresh();
    },
  };

  return (
    <main className="page page--wide">
      <div className="page__header">
        <div>
          <h1 className="page__title">{t('participants.title')}</h1>
          <p className="page__lede">{t('participants.lede')}</p>
        </div>
        {!creating && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            {t('participants.new')}
          </button>
        )}
      </div>

      {issued && <IssuedLink notice={issued} onDismiss={() => setIssued(null)} />}

      {creating && (
        <NewParticipantForm
          onCreated={(participant, invitation) => {
            setCreating(false);
            setIssued({ participantName: participant.name, url: invitation.url });
            void refresh();
          }}
          onCancel={() => setCreating(false)}
        />
      )}

      {load.status === 'loading' && <p className="muted">{t('participants.loading')}</p>}
      {load.status === 'failed' && (
        <p className="alert alert--error" role="alert">
          {t('participants.loadFailed', { reason: load.message })}
        </p>
      )}
      {load.status === 'loaded' && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('participants.column.participant')}</th>
                <th scope="col">{t('participants.column.role')}</th>
                <th scope="col">{t('participants.column.delegation')}</th>
                <th scope="col">{t('participants.column.status')}</th>
                <th scope="col">{t('participants.column.links')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('participants.column.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {load.participants.map((p) => (
                <ParticipantRow key={p.id} participant={p} isSelf={p.id === me.id} actions={actions} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <OrganizationsPanel me={me} onChanged={() => void refresh()} />
    </main>
  );
}
