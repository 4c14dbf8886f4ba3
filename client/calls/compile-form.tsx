import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { CallRecord, ContributionRecord } from '../../shared/calls.ts';
import { api, errorMessage } from '../api.ts';
import { Field } from '../components/field.tsx';
import { useT } from '../i18n/language.tsx';

interface Choice {
  key: string;
  taken: boolean;
  text: string;
  /** Comma-separated party codes: the paragraph's own party, and any whose wording it merges. */
  sources: string;
  asAmendment: boolean;
}

/**
 * The Secretariat builds the consolidated draft (issue 16): paragraph by paragraph of the
 * standing contributions, it takes a wording (editing it to merge several, and naming their
 * parties as sources), or brings it in as a bracketed amendment of its author.
 */
export function CompileForm({ call, standing, onCompiled }: { call: CallRecord; standing: ContributionRecord[]; onCompiled: (draft: DocumentSummary) => void }) {
  const t = useT();
  const [title, setTitle] = useState(`${call.title}: consolidated draft`);
  const [choices, setChoices] = useState<Choice[]>(() =>
    standing.flatMap((c) =>
      c.body
        .split(/\n\s*\n/)
        .map((text) => text.trim())
        .filter(Boolean)
        .map((text, i) => ({ key: `${c.party}-${i}`, taken: false, text, sources: c.party, asAmendment: false })),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const change = (key: string, patch: Partial<Choice>) => setChoices((all) => all.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const taken = choices.filter((c) => c.taken);

  const compile = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const paragraphs = taken.map((c) => ({
        text: c.text.trim(),
        sources: c.sources.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
        as: c.asAmendment ? ('amendment' as const) : ('text' as const),
      }));
      onCompiled(await api.compile(call.id, { title: title.trim(), symbol: '', paragraphs }));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <form className="compile-form" onSubmit={compile} aria-label={t('calls.compile')}>
      <h3>{t('calls.compile')}</h3>
      <Field label={t('calls.draftTitle')} wide>
        {(id) => <input id={id} required value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <ol>
        {choices.map((c) => (
          <li key={c.key} data-testid="compile-paragraph">
            <label>
              <input type="checkbox" checked={c.taken} onChange={(e) => change(c.key, { taken: e.target.checked })} aria-label={t('calls.take', { paragraph: c.key })} /> {t('calls.takeLabel')}
            </label>{' '}
            <label>
              <input type="checkbox" checked={c.asAmendment} disabled={!c.taken} onChange={(e) => change(c.key, { asAmendment: e.target.checked })} aria-label={t('calls.asAmendment', { paragraph: c.key })} /> {t('calls.asAmendmentLabel')}
            </label>
            <textarea rows={2} value={c.text} onChange={(e) => change(c.key, { text: e.target.value })} aria-label={t('calls.wording', { paragraph: c.key })} />
            <input value={c.sources} onChange={(e) => change(c.key, { sources: e.target.value })} aria-label={t('calls.sources', { paragraph: c.key })} />
          </li>
        ))}
      </ol>
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary button--small" disabled={taken.length === 0 || !title.trim()}>
        {t('calls.compileButton', { count: taken.length })}
      </button>
    </form>
  );
}
