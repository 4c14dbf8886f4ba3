import { useState, type FormEvent } from 'react';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { CallRecord, Compilation, ContributionRecord } from '../../shared/calls.ts';
import type { WorkingCopyParagraph } from '../../shared/working-copy.ts';
import { WorkingCopyParagraphView } from './working-copy-paragraph.tsx';
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
  /** A paragraph of the party's submitted working copy (issue 16), and whether it comes in with the party's brackets. */
  copy?: { party: string; paragraph: WorkingCopyParagraph; brackets: boolean };
}

/** A contribution's paragraphs to choose from: its working copy's, by pid, or its text's. */
function choicesOf(c: ContributionRecord): Choice[] {
  if (c.workingCopy) {
    return c.workingCopy.paragraphs.map((paragraph, i) => ({
      key: `${c.party}-${i}`, taken: false, text: paragraph.proposed, sources: c.party, asAmendment: false, copy: { party: c.party, paragraph, brackets: true },
    }));
  }
  return c.body
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter(Boolean)
    .map((text, i) => ({ key: `${c.party}-${i}`, taken: false, text, sources: c.party, asAmendment: false }));
}

/**
 * The Secretariat builds the consolidated draft (issue 16): paragraph by paragraph of the
 * standing contributions, it takes a wording (editing it to merge several, and naming their
 * parties as sources), or brings it in as a bracketed amendment of its author.
 */
export function CompileForm({ call, standing, onCompiled }: { call: CallRecord; standing: ContributionRecord[]; onCompiled: (draft: DocumentSummary) => void }) {
  const t = useT();
  const [title, setTitle] = useState(`${call.title}: consolidated draft`);
  const [choices, setChoices] = useState<Choice[]>(() => standing.flatMap(choicesOf));
  const [error, setError] = useState<string | null>(null);
  const change = (key: string, patch: Partial<Choice>) => setChoices((all) => all.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const taken = choices.filter((c) => c.taken);

  const compile = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const paragraphs = taken.map((c): Compilation['paragraphs'][number] =>
        c.copy?.brackets
          ? { as: 'working-copy', party: c.copy.party, pid: c.copy.paragraph.pid }
          : {
              text: c.text.trim(),
              sources: c.sources.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
              as: c.asAmendment ? 'amendment' : 'text',
            },
      );
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
            {c.copy && (
              <label>
                <input
                  type="checkbox"
                  checked={c.copy.brackets}
                  onChange={(e) => change(c.key, { copy: { ...c.copy!, brackets: e.target.checked } })}
                  aria-label={t('calls.withBrackets', { paragraph: c.key })}
                />{' '}
                {t('calls.withBracketsLabel')}
              </label>
            )}{' '}
            {c.copy?.brackets ? (
              <WorkingCopyParagraphView paragraph={c.copy.paragraph} />
            ) : (
              <>
                <label>
                  <input type="checkbox" checked={c.asAmendment} disabled={!c.taken} onChange={(e) => change(c.key, { asAmendment: e.target.checked })} aria-label={t('calls.asAmendment', { paragraph: c.key })} /> {t('calls.asAmendmentLabel')}
                </label>
                <textarea rows={2} value={c.text} onChange={(e) => change(c.key, { text: e.target.value })} aria-label={t('calls.wording', { paragraph: c.key })} />
                <input value={c.sources} onChange={(e) => change(c.key, { sources: e.target.value })} aria-label={t('calls.sources', { paragraph: c.key })} />
              </>
            )}
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
