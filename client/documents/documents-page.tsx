import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import { managesWorkspace, type Participant } from '../../shared/participants.ts';
import { api, errorMessage, isUnauthenticated } from '../api.ts';
import { documentPath, navigate } from '../app/router.tsx';
import { useT } from '../i18n/language.tsx';
import { DocumentCard } from './document-card.tsx';
import { ImportDocxForm } from './import-docx-form.tsx';
import { NewDocumentForm } from './new-document-form.tsx';

type Load = { status: 'loading' } | { status: 'loaded'; documents: DocumentSummary[] } | { status: 'failed'; message: string };

interface DocumentsPageProps {
  participant: Participant;
  onSessionLost: () => void;
}

export function DocumentsPage({ participant, onSessionLost }: DocumentsPageProps) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [creating, setCreating] = useState<'new' | 'import' | null>(null);
  const mayManage = managesWorkspace(participant.role);
  const t = useT();

  useEffect(() => {
    document.title = t('documents.pageTitle');
    let cancelled = false;
    api.listDocuments().then(
      (documents) => {
        if (!cancelled) setLoad({ status: 'loaded', documents });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (isUnauthenticated(error)) onSessionLost();
        else setLoad({ status: 'failed', message: errorMessage(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [onSessionLost, t]);

  const replace = (updated: DocumentSummary) =>
    setLoad((current) =>
      current.status === 'loaded' ? { ...current, documents: current.documents.map((d) => (d.id === updated.id ? updated : d)) } : current,
    );

  const add = (created: DocumentSummary) => {
    setLoad((current) => (current.status === 'loaded' ? { ...current, documents: [created, ...current.documents] } : current));
    setCreating(null);
  };

  return (
    <main className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">{t('documents.title')}</h1>
          <p className="page__lede">{t('documents.lede')}</p>
        </div>
        {mayManage && !creating && (
          <span className="page__actions">
            <button type="button" className="button" data-testid="import-docx-open" onClick={() => setCreating('import')}>
              {t('documents.importFromWord')}
            </button>
            <button type="button" className="button button--primary" onClick={() => setCreating('new')}>
              {t('documents.new')}
            </button>
          </span>
        )}
      </div>

      {creating === 'new' && <NewDocumentForm onCreated={add} onCancel={() => setCreating(null)} />}
      {creating === 'import' && <ImportDocxForm onImported={(created) => navigate(documentPath(created.id))} onCancel={() => setCreating(null)} />}

      {load.status === 'loading' && <p className="muted">{t('documents.loading')}</p>}
      {load.status === 'failed' && (
        <p className="alert alert--error" role="alert">
          {t('documents.loadFailed', { reason: load.message })}
        </p>
      )}
      {load.status === 'loaded' &&
        (load.documents.length === 0 ? (
          <div className="empty">
            <p className="empty__title">{t('documents.none')}</p>
            <p className="muted">
              {mayManage ? t('documents.createFirst') : t('documents.noneShared')}
            </p>
          </div>
        ) : (
          <ul className="doc-list">
            {load.documents.map((d) => (
              <DocumentCard key={d.id} document={d} mayManage={mayManage} onChanged={replace} />
            ))}
          </ul>
        ))}
    </main>
  );
}
