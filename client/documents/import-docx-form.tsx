import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/api.ts';
import type { DocumentKind } from '../../shared/documents.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { useT } from '../i18n/language.tsx';
import { KindSelect } from './kind-select.tsx';
import { SubmitOrCancel } from '../components/submit-or-cancel.tsx';

interface ImportDocxFormProps {
  onImported: (document: DocumentSummary) => void;
  onCancel: () => void;
}

/** A file's name without its extension: the zero draft's title until someone types one. */
const titleOf = (file: File) => file.name.replace(/\.docx$/i, '').replace(/[_]+/g, ' ').trim();

/** The Secretariat starts a document from a Word zero draft; the server reads it and says why if it cannot. */
export function ImportDocxForm({ onImported, onCancel }: ImportDocxFormProps) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [symbol, setSymbol] = useState('');
  const [kind, setKind] = useState<DocumentKind>('resolution');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onImported(await api.importDocx({ file, title: title.trim() || titleOf(file), symbol: symbol.trim(), kind }));
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <form className="panel form" onSubmit={submit} aria-labelledby="import-docx-heading" data-testid="import-docx-form">
      <h2 id="import-docx-heading" className="panel__title">
        {t('import.title')}
      </h2>
      <p className="form__hint">{t('import.hint')}</p>
      <div className="form__grid">
        <Field label={t('import.file')} wide>
          {(id) => (
            <input
              id={id}
              type="file"
              required
              accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              data-testid="import-docx"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setError(null);
              }}
            />
          )}
        </Field>
        <Field label={t('document.title')} wide>
          {(id) => <input id={id} name="title" maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} placeholder={file ? titleOf(file) : t('import.titleFromFile')} />}
        </Field>
        <Field label={t('document.symbol')}>
          {(id) => <input id={id} name="symbol" maxLength={120} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="OEA/Ser.G CP/GT/1/25" />}
        </Field>
        <Field label={t('document.kind')}>
          {(id) => <KindSelect id={id} value={kind} onChange={setKind} />}
        </Field>
      </div>
      {error && (
        <p className="alert alert--error" role="alert" data-testid="import-error">
          {t('import.failed', { reason: error })}
        </p>
      )}
      <SubmitOrCancel busy={busy} incomplete={!file} onCancel={onCancel} testId="import-docx-submit">
        {busy ? t('import.importing') : t('import.submit')}
      </SubmitOrCancel>
    </form>
  );
}
