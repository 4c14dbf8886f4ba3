import type { Node as PMNode } from '@tiptap/pm/model';
import { useEffect, useState } from 'react';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema } from '../../shared/schema.ts';
import { api, errorMessage, type RevisionRecord, type RevisionView as View } from '../api.ts';
import { ConfirmButton } from '../editor/confirm-button.tsx';
import { ViewSwitch } from '../editor/view-switch.tsx';
import { authorName } from './revision-meta.ts';
import { RevisionText } from './revision-text.tsx';
import { useLanguage } from '../i18n/language.tsx';
import type { MessageKey } from '../../shared/i18n/translate.ts';

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

const VIEW_NOTES = {
  compilation: 'revision.note.compilation',
  clean: 'revision.note.clean',
  agreed: 'revision.note.agreed',
} as const satisfies Record<View, MessageKey>;

/** One revision, frozen: read in any view, exported from the header, restored by the Chair. */
export function RevisionView({ documentId, revision, roster, isChair, label, onBack, onRestored }: RevisionViewProps) {
  const { t } = useLanguage();
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
            {t('revision.banner', { name: revision.name, author: authorName(revision, roster, t), at: new Date(revision.createdAt) })}
          </span>
          {revision.note && <span className="revision-banner__note">{revision.note}</span>}
        </span>
        <span className="revision-banner__actions">
          {isChair && (
            <ConfirmButton
              testId="restore-revision"
              className="button--restore"
              disabled={restoring}
              question={t('revision.restoreQuestion', { name: revision.name })}
              onConfirm={() => void restore()}
            >
              {t('revision.restore')}
            </ConfirmButton>
          )}
          <button type="button" className="button button--small button--primary" data-testid="back-to-live" onClick={onBack}>
            {t('revision.backToLive')}
          </button>
        </span>
      </div>
      {restoreError && (
        <p className="alert alert--error" role="alert">
          {t('revision.restoreFailed', { name: revision.name, reason: restoreError })}
        </p>
      )}
      <div className="editor-toolbar">
        <ViewSwitch view={view} onChange={setView} />
      </div>
      <article className="sheet sheet--revision" aria-busy={load.status === 'loading'}>
        <p className="view-note view-note--revision">{t(VIEW_NOTES[view])}</p>
        {load.status === 'loading' && <p className="muted">{t('revision.loading', { name: revision.name })}</p>}
        {load.status === 'failed' && (
          <p className="alert alert--error" role="alert">
            {t('revision.openFailed', { name: revision.name, reason: load.message })}
          </p>
        )}
        {load.status === 'loaded' && <RevisionText doc={load.doc} view={view} label={t('revision.textLabel', { document: label, name: revision.name, view: t(`view.${view}` as const) })} />}
      </article>
    </div>
  );
}
