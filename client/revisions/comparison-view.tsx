import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { api, errorMessage, type RevisionRecord } from '../api.ts';
import { Field } from '../components/field.tsx';
import { ComparisonParagraphs } from './comparison-paragraphs.tsx';
import { ComparisonSummaryView } from './comparison-summary.tsx';
import { amendmentIndex } from './comparison-text.ts';
import { comparisonExportUrl, EXPORT_FORMATS } from './export-links.ts';
import { formatTime } from '../editor/amendment-text.ts';
import './comparison.css';
import { useLanguage } from '../i18n/language.tsx';

interface ComparisonViewProps {
  documentId: string;
  revisions: RevisionRecord[];
  /** The states first chosen: a revision id or `live`. */
  from: string;
  to: string;
  onBack: () => void;
}

type Result = { status: 'idle' } | { status: 'loading' } | { status: 'loaded'; comparison: Comparison; from: string; to: string } | { status: 'failed'; message: string };

/** The formats a comparison downloads in: Word (as tracked changes), HTML and PDF. */
const DOWNLOADS = EXPORT_FORMATS.filter((f) => f.value !== 'md');

function StatePicker({ label, value, revisions, onChange, testId }: { label: string; value: string; revisions: RevisionRecord[]; onChange: (value: string) => void; testId: string }) {
  const { language, t } = useLanguage();
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
          <option value="live">{t('compare.live')}</option>
          {revisions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} · {formatTime(r.createdAt, language)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Two states of the text side by side in one: what came in, what went out, and whose it was. */
export function ComparisonView({ documentId, revisions, from: initialFrom, to: initialTo, onBack }: ComparisonViewProps) {
  const { language, t } = useLanguage();
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const [result, setResult] = useState<Result>({ status: 'idle' });
  // Only the latest request may answer: a slow earlier one must not overwrite it.
  const latest = useRef(0);

  const run = useCallback(
    (a: string, b: string) => {
      const seq = ++latest.current;
      setResult({ status: 'loading' });
      api.compare(documentId, a, b).then(
        (comparison) => {
          if (seq === latest.current) setResult({ status: 'loaded', comparison, from: a, to: b });
        },
        (e: unknown) => {
          if (seq === latest.current) setResult({ status: 'failed', message: errorMessage(e) });
        },
      );
    },
    [documentId],
  );

  // Opening the comparison shows the first pair at once; other pairs on "Compare".
  useEffect(() => {
    run(initialFrom, initialTo);
  }, [run, initialFrom, initialTo]);

  const index = useMemo(() => (result.status === 'loaded' ? amendmentIndex(result.comparison) : new Map()), [result]);
  const same = from === to;
  const changed = result.status === 'loaded' ? result.comparison.paragraphs.filter((p) => p.change !== 'same').length : 0;

  return (
    <div className="editor-main comparison-main">
      <div className="revision-banner revision-banner--compare">
        <span className="revision-banner__text">
          <span>
            <strong>{t('compare.title')}</strong> — {t('compare.explain')}
          </span>
        </span>
        <button type="button" className="button button--small button--primary" data-testid="back-to-live" onClick={onBack}>
          {t('revision.backToLive')}
        </button>
      </div>
      <form
        className="compare-bar"
        onSubmit={(e) => {
          e.preventDefault();
          run(from, to);
        }}
      >
        <StatePicker label={t('compare.from')} value={from} revisions={revisions} onChange={setFrom} testId="compare-from" />
        <span className="compare-bar__arrow" aria-hidden="true">
          →
        </span>
        <StatePicker label={t('compare.to')} value={to} revisions={revisions} onChange={setTo} testId="compare-to" />
        <button type="submit" className="button button--primary" data-testid="compare-run" disabled={same}>
          {t('compare.run')}
        </button>
      </form>
      {same && <p className="muted compare-bar__hint">{t('compare.chooseTwo')}</p>}

      <article className="sheet sheet--comparison" aria-busy={result.status === 'loading'} data-testid="comparison" data-status={result.status}>
        {result.status === 'loading' && <p className="muted">{t('compare.comparing')}</p>}
        {result.status === 'failed' && (
          <p className="alert alert--error" role="alert">
            {t('compare.failed', { reason: result.message })}
          </p>
        )}
        {result.status === 'loaded' && (
          <>
            <header className="comparison__head">
              <h2 className="comparison__title">
                {result.from === 'live' ? t('compare.liveLabel') : result.comparison.from.label} <span aria-hidden="true">→</span>
                <span className="visually-hidden">{t('compare.toHidden')}</span> {result.to === 'live' ? t('compare.liveLabel') : result.comparison.to.label}
              </h2>
              <span className="comparison__downloads">
                <span className="muted">{t('compare.download')}</span>
                {DOWNLOADS.map((f) => (
                  <a
                    key={f.value}
                    className="button button--small"
                    href={comparisonExportUrl(documentId, result.from, result.to, f.value, language)}
                    download
                    title={f.value === 'docx' ? t('compare.docxHint') : t(f.hint)}
                    data-testid="comparison-export"
                    data-format={f.value}
                  >
                    {f.label}
                  </a>
                ))}
              </span>
            </header>
            <ComparisonSummaryView summary={result.comparison.summary} />
            <p className="comparison__legend muted">
              {changed === 0 ? t('compare.same') : t('compare.changed', { count: changed })}
              {changed > 0 && (
                <>
                  <ins className="comparison__insert">{t('compare.inserted')}</ins>
                  {t('compare.and')}
                  <del className="comparison__remove">{t('compare.removed')}</del>
                  {t('compare.legendEnd')}
                </>
              )}
            </p>
            <ComparisonParagraphs paragraphs={result.comparison.paragraphs} index={index} />
          </>
        )}
      </article>
    </div>
  );
}
