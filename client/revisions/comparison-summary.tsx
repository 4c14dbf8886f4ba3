import type { AmendmentRef, ComparisonSummary } from '../../shared/revisions/comparison.ts';
import { proposerColour, proposerName } from '../editor/delegation-colours.ts';
import { describeRef } from './comparison-text.ts';

const CATEGORIES: { key: keyof ComparisonSummary; label: string; empty: string }[] = [
  { key: 'accepted', label: 'Accepted', empty: 'none accepted' },
  { key: 'rejected', label: 'Rejected', empty: 'none rejected' },
  { key: 'withdrawn', label: 'Withdrawn', empty: 'none withdrawn' },
  { key: 'proposed', label: 'Newly proposed', empty: 'none new' },
  // What a restore or an undo did to pending amendments: no delegation withdrew or proposed them.
  { key: 'setAside', label: 'Set aside by a restore', empty: 'none set aside' },
  { key: 'broughtBack', label: 'Brought back', empty: 'none brought back' },
];

/** The amendments of one category by delegation, in the order they first appear. */
function byDelegation(refs: readonly AmendmentRef[]): [string, AmendmentRef[]][] {
  const groups = new Map<string, AmendmentRef[]>();
  for (const ref of refs) groups.set(ref.delegation, [...(groups.get(ref.delegation) ?? []), ref]);
  return [...groups];
}

/** What changed between the two states, in amendments: the first thing a delegation asks. */
export function ComparisonSummaryView({ summary }: { summary: ComparisonSummary }) {
  return (
    <dl className="comparison-summary" data-testid="comparison-summary">
      {CATEGORIES.map(({ key, label, empty }) => {
        const refs = summary[key] ?? [];
        if (refs.length === 0 && (key === 'setAside' || key === 'broughtBack')) return null;
        return (
          <div key={key} className={`comparison-summary__item comparison-summary__item--${key}`} data-category={key} data-count={refs.length}>
            <dt>
              <span className="comparison-summary__count">{refs.length}</span> {label}
            </dt>
            <dd>
              {refs.length === 0 ? (
                <span className="muted">{empty}</span>
              ) : (
                byDelegation(refs).map(([delegation, list]) => (
                  <span
                    key={delegation}
                    className="code-chip"
                    data-delegation={delegation}
                    style={{ ['--delegation-colour' as string]: proposerColour(delegation) }}
                    title={`${proposerName(delegation)}:\n${list.map((r) => describeRef(r)).join('\n')}`}
                  >
                    {delegation}
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
