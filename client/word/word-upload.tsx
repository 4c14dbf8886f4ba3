import { useRef, useState, type FormEvent } from 'react';
import { api, errorMessage } from '../api.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { useLanguage } from '../i18n/language.tsx';

/** What the server answers for an uploaded file before anything is made (server/word/placement.ts). */
interface WordPreview {
  proposals: { pid: string; paragraph: string; shape: 'insertion' | 'deletion' | 'replacement' | 'paragraph'; inserted: string; deleted: string; source: 'tracked' | 'compared' }[];
  unplaced: { paragraph: string; text: string; reason: string }[];
  digest: string;
}

type Step = { kind: 'closed' } | { kind: 'choosing' } | { kind: 'reading' } | { kind: 'preview'; file: File; preview: WordPreview } | { kind: 'proposing' } | { kind: 'done'; count: number };

/**
 * The Word round trip in the app (issue 16): a delegation uploads its copy of the text edited
 * in Word, sees what it would propose where (and what could not be placed, and why), and only
 * then proposes it all at once. Nothing is made until it confirms.
 */
export function WordUpload({ documentId }: { documentId: string }) {
  const { t, language } = useLanguage();
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const read = async (event: FormEvent) => {
    event.preventDefault();
    const file = input.current?.files?.[0];
    if (!file) return;
    setError(null);
    setStep({ kind: 'reading' });
    try {
      setStep({ kind: 'preview', file, preview: await api.uploadWord(documentId, file) });
    } catch (failure) {
      setError(errorMessage(failure));
      setStep({ kind: 'choosing' });
    }
  };

  const propose = async (file: File, preview: WordPreview) => {
    setError(null);
    setStep({ kind: 'proposing' });
    try {
      const { created } = await api.confirmWord(documentId, file, preview.digest);
      setStep({ kind: 'done', count: created.length });
    } catch (failure) {
      setError(errorMessage(failure));
      setStep({ kind: 'choosing' });
    }
  };

  if (step.kind === 'closed') {
    return (
      <button type="button" className="button button--small" onClick={() => setStep({ kind: 'choosing' })} data-testid="word-upload-open">
        {t('word.upload')}
      </button>
    );
  }
  const close = () => {
    setError(null);
    setStep({ kind: 'closed' });
  };
  return (
    <section className="panel word-upload" aria-labelledby="word-upload-heading" data-testid="word-upload">
      <h2 id="word-upload-heading" className="panel__title">
        {t('word.upload')}
      </h2>
      {(step.kind === 'choosing' || step.kind === 'reading') && (
        <form onSubmit={read}>
          <p className="muted">{t('word.uploadHint')}</p>
          <input ref={input} type="file" accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-label={t('word.choose')} data-testid="word-upload-file" />{' '}
          <button type="submit" className="button button--small" disabled={step.kind === 'reading'}>
            {step.kind === 'reading' ? t('word.reading') : t('word.read')}
          </button>
        </form>
      )}
      {step.kind === 'preview' && (
        <>
          <p>{t('word.preview', { count: step.preview.proposals.length })}</p>
          <ul data-testid="word-upload-proposals">
            {step.preview.proposals.map((p, i) => (
              <li key={i}>
                <strong>{localiseMessage(language, p.paragraph)}</strong>: {t(`word.shape.${p.shape}`, { inserted: p.inserted, deleted: p.deleted })}
              </li>
            ))}
          </ul>
          {step.preview.unplaced.length > 0 && (
            <>
              <p>{t('word.unplaced')}</p>
              <ul data-testid="word-upload-unplaced">
                {step.preview.unplaced.map((u, i) => (
                  <li key={i}>
                    {u.paragraph && <strong>{localiseMessage(language, u.paragraph)}: </strong>}
                    {u.text && <q>{u.text}</q>} {localiseMessage(language, u.reason)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {step.preview.proposals.length > 0 && (
            <button type="button" className="button button--primary button--small" onClick={() => void propose(step.file, step.preview)} data-testid="word-upload-confirm">
              {t('word.confirm', { count: step.preview.proposals.length })}
            </button>
          )}
        </>
      )}
      {step.kind === 'proposing' && <p className="muted">{t('word.proposing')}</p>}
      {step.kind === 'done' && (
        <p role="status" data-testid="word-upload-done">
          {t('word.done', { count: step.count })}
        </p>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="button button--small button--quiet" onClick={close}>
        {step.kind === 'done' ? t('word.close') : t('common.cancel')}
      </button>
    </section>
  );
}
