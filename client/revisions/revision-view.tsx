import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema } from '../../shared/schema.ts';
import { api, errorMessage, type RevisionRecord, type RevisionView as View } from '../api.ts';
import { ConfirmButton } from '../editor/confirm-button.tsx';
import { ViewSwitch } from '../editor/view-switch.tsx';
import { authorName, formatDate } from './revision-meta.ts';
import { RevisionText } from './revision-text.tsx';

interface RevisionViewProps {
  documentId: string;
  revision: RevisionRecord;
  roster: Map<string, Participant>;
  isChair: boolean;
  label: string;
  onBack: () => void;
  /** After a restore: the live text now reads as this revision. */
  onRestored: (revision: RevisionRecord) => void;
}

type Load = { status: 'loading' } | { status: 'loaded'; doc: PMNode } | { status: 'failed'; message: string };

const VIEW_NOTES: Record<View, string> = {
  compilation: 'Compilation text: every amendment pending at the time, in brackets with its delegation.',
  clean: 'Clean text: as if every amendment pending at the time had been accepted.',
  agreed: 'Agreed text: as it stood if every amendment pending at the time were rejected.',
};

/** One revision, frozen: read in any view, exported from the header, restored by the Chair. */
export function RevisionView({ documentId, revision, roster, isChair, label, onBack, onRestored }: RevisionViewProps) {
  const [view, setView] = useState<View>('compilation');
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setLoad({ status: 'loading' });
    api.revisionText(documentId, revision.id, view).then(
      (answer) => {
        if (!cancelled) setLoad({ status: 'loaded', doc: documentSchema().nodeFromJSON(answer.content) });
      },
      (e: unknown) => {
        if (!cancelled) setLoad({ status: 'failed', message: errorMessage(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [documentId, revision.id, view]);

  const restore = async () => {
    setRestoring(true);
    setRestoreError(null);
    try {
      onRestored(await api.restoreRevision(documentId, revision.id));
    } catch (e) {
      setRestoreError(errorMessage(e));
      setRestoring(false);
    }
  };

  return (
    <div className="editor-main revision-main">
      <div className="revision-banner" role="status" data-testid="revision-banner" data-revision-name={revision.name}>
        <span className="revision-banner__text">
          <span>
            <strong>{revision.name}</strong> — read-only — created by {authorName(revision, roster)} on {formatDate(revision.createdAt)}
          </span>
          {revision.note && <span className="revision-banner__note">{revision.note}</span>}
        </span>
        <span className="revision-banner__actions">
          {isChair && (
            <ConfirmButton
              testId="restore-revision"
              className="button--restore"
              disabled={restoring}
              question={`Make the live text ${revision.name}’s again? Later changes are undone as new edits; the history stays.`}
              onConfirm={() => void restore()}
            >
              Restore this revision
            </ConfirmButton>
          )}
          <button type="button" className="button button--small button--primary" data-testid="back-to-live" onClick={onBack}>
            Back to the live text
          </button>
        </span>
      </div>
      {restoreError && (
        <p className="alert alert--error" role="alert">
          Could not restore {revision.name}: {restoreError}
        </p>
      )}
      <div className="editor-toolbar">
        <ViewSwitch view={view} onChange={setView} />
      </div>
      <article className="sheet sheet--revision" aria-busy={load.status === 'loading'}>
        <p className="view-note view-note--revision">{VIEW_NOTES[view]}</p>
        {load.status === 'loading' && <p className="muted">Loading {revision.name}…</p>}
        {load.status === 'failed' && (
          <p className="alert alert--error" role="alert">
            Could not open {revision.name}: {load.message}
          </p>
        )}
        {load.status === 'loaded' && <RevisionText doc={load.doc} view={view} label={`${label} — ${revision.name}, ${view} text`} />}
      </article>
    </div>
  );
}
