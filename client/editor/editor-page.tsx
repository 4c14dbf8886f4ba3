import { useEffect, useMemo, useState } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import { readsByInvitation } from '../../shared/access.ts';
import { partyOf } from '../../shared/calls.ts';
import { mayEditDocument, type Participant } from '../../shared/participants.ts';
import { api, isUnauthenticated } from '../api.ts';
import { Link } from '../app/router.tsx';
import { kindName } from '../documents/kinds.ts';
import { useT } from '../i18n/language.tsx';
import { useActingParticipant } from '../participants/acting-participant.ts';
import { ExportMenu } from '../revisions/export-menu.tsx';
import { WordUpload } from '../word/word-upload.tsx';
import { DraftSources } from '../calls/draft-sources.tsx';
import { WorkingCopyBanner } from '../calls/working-copy-banner.tsx';
import { useRevisions } from '../revisions/use-revisions.ts';
import { ConnectionStatus } from './connection-status.tsx';
import { NegotiationWorkspace } from './negotiation-workspace.tsx';
import { presenceOf, usePresence } from './presence.ts';
import { ServerRefusal, useTypingSpot } from './server-refusal.tsx';
import { useDocumentConnection } from './use-document-connection.ts';
import { useUnsavedWarning } from './use-unsaved-warning.ts';

interface EditorPageProps {
  documentId: string;
  participant: Participant;
  onSessionLost: () => void;
}

export function EditorPage({ documentId, participant, onSessionLost }: EditorPageProps) {
  const t = useT();
  const { summary, missing } = useDocumentSummary(documentId, onSessionLost);
  // A document the list does not name is not open to this participant: the server would refuse the socket.
  const live = useDocumentConnection(missing ? null : documentId);
  const user = useMemo(() => presenceOf(participant), [participant]);
  const generation = live?.snapshot.generation ?? 0;
  const present = usePresence(live?.connection ?? null, generation);
  const [dismissedRefusal, setDismissedRefusal] = useState<string | null>(null);
  const typingSpot = useTypingSpot();
  const revisions = useRevisions(documentId, live?.connection ?? null);
  const loaded = useLoadedOnce(live?.snapshot.link === 'connected', `${documentId}:${generation}`);

  useUnsavedWarning(live !== null && live.snapshot.save !== 'saved');

  // An organization proposes here only where the Chair allows it (issue 16).
  const acting = useActingParticipant(documentId, participant);
  // Another party's working copy, read by the officers once published (issue 16): read only, as the server has it.
  const readsOthersCopy = summary?.workingCopy !== undefined && summary.workingCopy.party !== partyOf(participant);
  // A restricted draft read by a party invited to a call on it: read only, served as an observer, as the socket does.
  const invitedReader = summary !== null && readsByInvitation(participant, summary);
  const mayEdit = mayEditDocument(acting.role) && !readsOthersCopy && !invitedReader;
  const closed = live?.snapshot.link === 'closed';
  const refusal = live?.snapshot.refusal ?? null;
  const heading = summary ? summary.title : t('editor.document');

  useEffect(() => {
    document.title = `${summary?.symbol ? `${summary.symbol} — ` : ''}${heading} — Accord`;
  }, [summary, heading]);

  if (missing) {
    return (
      <main className="editor-page">
        <div className="alert alert--error" role="alert" data-testid="document-unavailable">
          <span>{t('editor.notAvailable')}</span>
          <span className="alert__actions">
            <Link to="/">{t('editor.backToDocuments')}</Link>
          </span>
        </div>
      </main>
    );
  }

  return (
    <main className="editor-page">
      <header className="doc-header">
        <div className="doc-header__text">
          <Link to="/" className="doc-header__back">
            {t('editor.back')}
          </Link>
          <p className="doc-header__symbol">
            {summary?.symbol || '\u00a0'}
            {summary && <span className="tag">{kindName(summary.kind, t)}</span>}
            {summary?.workingCopy ? (
              <span className="tag tag--restricted">{t('document.workingCopy')}</span>
            ) : (
              summary?.restricted && <span className="tag tag--restricted">{t('document.restricted')}</span>
            )}
          </p>
          <h1 className="doc-header__title">{heading}</h1>
          <DraftSources documentId={documentId} />
        </div>
        <div className="doc-header__end">
          <ExportMenu documentId={documentId} revision={revisions.focus.kind === 'revision' ? revisions.focus.revision : null} />
          {mayEdit && <WordUpload documentId={documentId} />}
          {!summary?.workingCopy && (
            <Link to={`/documents/${encodeURIComponent(documentId)}/calls`} className="button button--small" data-testid="calls-link">
              {t('calls.link')}
            </Link>
          )}
          {live && <ConnectionStatus snapshot={live.snapshot} />}
        </div>
      </header>

      {summary?.workingCopy && <WorkingCopyBanner copy={summary.workingCopy} own={!readsOthersCopy} />}
      {invitedReader && (
        <div className="alert alert--warning" role="status" data-testid="invited-reader">
          <span>{t('editor.invitedReader')}</span>
          <span className="alert__actions">
            <Link to={`/documents/${encodeURIComponent(documentId)}/calls`}>{t('editor.invitedReaderToCalls')}</Link>
          </span>
        </div>
      )}
      {refusal && refusal !== dismissedRefusal && <ServerRefusal reason={refusal} spot={typingSpot} onDismiss={() => setDismissedRefusal(refusal)} />}
      {closed && (
        <div className="alert alert--error" role="alert">
          <span>{t('editor.connectionEnded')}</span>
          <span className="alert__actions">
            <button type="button" className="button button--small" onClick={() => location.reload()}>
              {t('editor.reload')}
            </button>
            <Link to="/">{t('editor.backToDocuments')}</Link>
          </span>
        </div>
      )}

      {live ? (
        <NegotiationWorkspace
          key={`${documentId}:${generation}`}
          documentId={documentId}
          connection={live.connection}
          participant={invitedReader ? { ...acting, role: 'observer' } : acting}
          user={user}
          // Editing waits for the first sync: typing into the empty copy would race the real text.
          editable={mayEdit && loaded && !closed}
          loaded={loaded}
          closed={closed}
          label={heading}
          present={present}
          revisions={revisions}
        />
      ) : (
        <div className="editor-layout">
          <article className="sheet" aria-busy="true">
            <p className="sheet__loading muted">{t('editor.loadingText')}</p>
          </article>
        </div>
      )}
    </main>
  );
}

/** True from the first time `now` is true for a given key: a later disconnection keeps the text. */
function useLoadedOnce(now: boolean, key: string): boolean {
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  useEffect(() => {
    if (now) setLoadedKey(key);
  }, [now, key]);
  return now || loadedKey === key;
}

/**
 * The list answer carries symbol and title; there is no single-document route to ask. A
 * document the list does not name is `missing`: it does not exist, or is not open to this
 * participant (the server answers both alike).
 */
function useDocumentSummary(documentId: string, onSessionLost: () => void): { summary: DocumentSummary | null; missing: boolean } {
  const [state, setState] = useState<{ summary: DocumentSummary | null; missing: boolean }>({ summary: null, missing: false });
  useEffect(() => {
    let cancelled = false;
    setState({ summary: null, missing: false });
    api.listDocuments().then(
      (documents) => {
        const found = documents.find((d) => d.id === documentId) ?? null;
        if (!cancelled) setState({ summary: found, missing: found === null });
      },
      (error: unknown) => {
        if (!cancelled && isUnauthenticated(error)) onSessionLost();
      },
    );
    return () => {
      cancelled = true;
    };
  }, [documentId, onSessionLost]);
  return state;
}
