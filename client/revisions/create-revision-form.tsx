import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api.ts';
import { nextRevisionName, type Revisions } from './use-revisions.ts';
import { useT } from '../i18n/language.tsx';

/** The Chair's and the Secretariat's: freeze the text as it stands, under a name and a note. */
export function CreateRevisionForm({ revisions }: { revisions: Revisions }) {
  const t = useT();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggested = nextRevisionName(revisions.list);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // An empty name lets the server number it: two officers at once still get Rev.N and Rev.N+1.
      await revisions.create({ name, note });
      setName('');
      setNote('');
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="create-revision" data-testid="create-revision" onSubmit={submit} aria-label={t('revisions.create')}>
      <div className="create-revision__row">
        <input
          aria-label={t('revisions.name')}
          name="name"
          maxLength={60}
          value={name}
          placeholder={suggested}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small button--primary" disabled={busy} data-testid="create-revision-submit">
          {busy ? t('revisions.creating') : t('revisions.create')}
        </button>
      </div>
      <textarea aria-label={t('revisions.note')} name="note" rows={2} maxLength={2000} value={note} placeholder={t('revisions.notePlaceholder')} onChange={(e) => setNote(e.target.value)} />
      {error && (
        <p className="panel-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
