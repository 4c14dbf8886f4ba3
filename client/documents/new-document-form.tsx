import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { useT } from '../i18n/language.tsx';
import { KindSelect } from './kind-select.tsx';
import { SubmitOrCancel } from '../components/submit-or-cancel.tsx';

interface NewDocumentFormProps {
  onCreated: (document: DocumentSummary) => void;
  onCancel: () => void;
}

export function NewDocumentForm({ onCreated, onCancel }: NewDocumentFormProps) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [symbol, setSymbol] = useState('');
  const [kind, setKind] = useState<DocumentKind>('resolution');
  const [restricted, setRestricted] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createDocument({ title: title.trim(), symbol: symbol.trim(), kind, restricted }));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="new-document-heading">
      <h2 id="new-document-heading" className="panel__title">
        {t('newDocument.title')}
      </h2>
      <div className="form__grid">
        <Field label={t('document.title')} wide>
          {(id) => (
            <input id={id} required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus placeholder={t('newDocument.titlePlaceholder')} />
          )}
        </Field>
        <Field label={t('document.symbol')}>
          {(id) => (
            <input id={id} maxLength={120} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="OEA/Ser.G CP/GT/1/25" />
          )}
        </Field>
        <Field label={t('document.kind')}>
          {(id) => <KindSelect id={id} value={kind} onChange={setKind} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
        <span>{t('newDocument.restricted')}</span>
      </label>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <SubmitOrCancel busy={busy} incomplete={!title.trim()} onCancel={onCancel}>
        {t('newDocument.create')}
      </SubmitOrCancel>
    </form>
  );
}
