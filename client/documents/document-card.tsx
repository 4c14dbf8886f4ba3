import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { documentPath, Link } from '../app/router.tsx';
import { useT } from '../i18n/language.tsx';
import { kindName } from './kinds.ts';

interface DocumentCardProps {
  document: DocumentSummary;
  mayManage: boolean;
  onChanged: (document: DocumentSummary) => void;
}

export function DocumentCard({ document, mayManage, onChanged }: DocumentCardProps) {
  const [editing, setEditing] = useState(false);
  const t = useT();

  return (
    <li className="doc-card">
      {editing ? (
        <RenameForm
          document={document}
          onDone={(updated) => {
            if (updated) onChanged(updated);
            setEditing(false);
          }}
        />
      ) : (
        <>
          <Link to={documentPath(document.id)} className="doc-card__link" data-testid="document-link">
            <span className="doc-card__meta">
              <span className="doc-card__symbol">{document.symbol || t('document.noSymbol')}</span>
              <span className="tag">{kindName(document.kind, t)}</span>
              {document.workingCopy ? (
                <span className="tag tag--restricted">{t('document.workingCopy')}</span>
              ) : (
                document.restricted && (
                  <span className="tag tag--restricted" title={t('document.restrictedHint')}>
                    {t('document.restricted')}
                  </span>
                )
              )}
            </span>
            <span className="doc-card__title">{document.title}</span>
            <span className="doc-card__updated">{t('document.updated', { at: new Date(document.updatedAt) })}</span>
          </Link>
          {mayManage && (
            <div className="doc-card__actions">
              <button type="button" className="button button--small button--quiet" onClick={() => setEditing(true)}>
                {t('document.rename')}
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

function RenameForm({ document, onDone }: { document: DocumentSummary; onDone: (updated: DocumentSummary | null) => void }) {
  const t = useT();
  const [title, setTitle] = useState(document.title);
  const [symbol, setSymbol] = useState(document.symbol);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const change = {
      ...(title.trim() !== document.title ? { title: title.trim() } : {}),
      ...(symbol.trim() !== document.symbol ? { symbol: symbol.trim() } : {}),
    };
    // The server refuses an empty change; nothing changed is simply done.
    if (Object.keys(change).length === 0) return onDone(null);
    setBusy(true);
    setError(null);
    try {
      onDone(await api.updateDocument(document.id, change));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="doc-card__rename form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onDone(null)}>
      <Field label={t('document.symbol')}>
        {(id) => (
          <input id={id} maxLength={120} value={symbol} onChange={(e) => setSymbol(e.target.value)} />
        )}
      </Field>
      <Field label={t('document.title')}>
        {(id) => (
          <input id={id} required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
        )}
      </Field>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary button--small" disabled={busy || !title.trim()}>
          {t('common.save')}
        </button>
        <button type="button" className="button button--small" onClick={() => onDone(null)} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
