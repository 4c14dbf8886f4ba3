import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { KindSelect } from './kind-select.tsx';
import { SubmitOrCancel } from '../components/submit-or-cancel.tsx';

interface NewDocumentFormProps {
  onCreated: (document: DocumentSummary) => void;
  onCancel: () => void;
}

export function NewDocumentForm({ onCreated, onCancel }: NewDocumentFormProps) {
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
        New document
      </h2>
      <div className="form__grid">
        <Field label="Title" wide>
          {(id) => (
            <input id={id} required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus placeholder="Regional strategy against criminal gangs" />
          )}
        </Field>
        <Field label="Symbol">
          {(id) => (
            <input id={id} maxLength={120} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="OEA/Ser.G CP/GT/1/25" />
          )}
        </Field>
        <Field label="Kind">
          {(id) => <KindSelect id={id} value={kind} onChange={setKind} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
        <span>
          Restricted — only the Chair and the Secretariat see it while it is being prepared
        </span>
      </label>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <SubmitOrCancel busy={busy} incomplete={!title.trim()} onCancel={onCancel}>
        Create document
      </SubmitOrCancel>
    </form>
  );
}
