import type { AmendmentRef, ComparisonSummary } from '../../shared/revisions/comparison.ts';
import { proposerCode, proposerColour, proposerName } from '../editor/delegation-colours.ts';
import { describeRef } from './comparison-text.ts';
import type { MessageKey } from '../../shared/i18n/translate.ts';
import { useLanguage } from '../i18n/language.tsx';

const CATEGORIES: { key: keyof ComparisonSummary; label: MessageKey; empty: MessageKey }[] = [
  { key: 'accepted', label: 'summary.accepted', empty: 'summary.acceptedNone' },
  { key: 'rejected', label: 'summary.rejected', empty: 'summary.rejectedNone' },
  { key: 'withdrawn', label: 'summary.withdrawn', empty: 'summary.withdrawnNone' },
  { key: 'proposed', label: 'summary.proposed', empty: 'summary.proposedNone' },
  // What a restore or an undo did to pending amendments: no delegation withdrew or proposed them.
  { key: 'setAside', label: 'summary.setAside', empty: 'summary.setAsideNone' },
  { key: 'broughtBack', label: 'summary.broughtBack', empty: 'summary.broughtBackNone' },
];

/** The amendments of one category by delegation, in the order they first appear. */
function byDelegation(refs: readonly AmendmentRef[]): [string, AmendmentRef[]][] {
  const groups = new Map<string, AmendmentRef[]>();
  for (const ref of refs) groups.set(ref.delegation, [...(groups.get(ref.delegation) ?? []), ref]);
  return [...groups];
}

/** What changed between the two states, in amendments: the first thing a delegation asks. */
export function ComparisonSummaryView({ summary }: { summary: ComparisonSummary }) {
  const { language, t } = useLanguage();
  return (
    <dl className="comparison-summary" data-testid="comparison-summary">
      {CATEGORIES.map(({ key, label, empty }) => {
        const refs = summary[key] ?? [];
        if (refs.length === 0 && (key === 'setAside' || key === 'broughtBack')) return null;
        return (
          <div key={key} className={`comparison-summary__item comparison-summary__item--${key}`} data-category={key} data-count={refs.length}>
            <dt>
              <span className="comparison-summary__count">{refs.length}</span> {t(label)}
            </dt>
            <dd>
              {refs.length === 0 ? (
                <span className="muted">{t(empty)}</span>
              ) : (
                byDelegation(refs).map(([delegation, list]) => (
                  <span
                    key={delegation}
                    className="code-chip"
                    data-delegation={delegation}
                    style={{ ['--delegation-colour' as string]: proposerColour(delegation) }}
                    title={`${proposerName(delegation, language, t)}:\n${list.map((r) => describeRef(r, t)).join('\n')}`}
                  >
                    {proposerCode(delegation, t)}
                    {list.length > 1 && <span className="code-chip__times"> ×{list.length}</span>}
                  </span>
                ))
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
