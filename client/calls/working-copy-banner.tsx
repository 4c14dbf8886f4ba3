import { useState } from 'react';
import type { ContributionRecord } from '../../shared/calls.ts';
import type { WorkingCopyOf } from '../../shared/working-copy.ts';
import { api, errorMessage } from '../api.ts';
import { Link } from '../app/router.tsx';
import { useT } from '../i18n/language.tsx';

/**
 * Above a working copy (issue 16): to its party, what the copy is and a button that submits its
 * amendments as the party's contribution (again and again until the deadline); to the officers
 * reading it once published, whose copy it is.
 */
export function WorkingCopyBanner({ copy, own }: { copy: WorkingCopyOf; own: boolean }) {
  const t = useT();
  const [submitted, setSubmitted] = useState<ContributionRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!own) {
    return (
      <p className="alert alert--warning" data-testid="working-copy-banner">
        {t('editor.workingCopyOther', { party: copy.party })}
      </p>
    );
  }
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      setSubmitted(await api.submitWorkingCopy(copy.callId));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="alert alert--warning" data-testid="working-copy-banner">
      <span>{t('editor.workingCopyOwn')}</span>
      <span className="alert__actions">
        <button type="button" className="button button--primary button--small" disabled={busy} onClick={() => void submit()}>
          {t('editor.workingCopySubmit')}
        </button>
        <Link to={`/documents/${encodeURIComponent(copy.sourceId)}/calls`}>{t('editor.workingCopyToCall')}</Link>
      </span>
      {submitted && (
        <span role="status" data-testid="working-copy-submitted">
          {t('editor.workingCopySubmitted', { at: new Date(submitted.submittedAt) })}
        </span>
      )}
      {error && (
        <span className="alert alert--error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
