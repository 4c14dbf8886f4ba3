import type { Amendment } from '../../shared/negotiation/amendments.ts';
import type { ParagraphRef } from './amendment-text.ts';

export type StatusFilter = 'all' | 'open' | 'agreed' | 'adref';

export interface AmendmentFilter {
  /** A proposer label, or null for every proposer. */
  proposer: string | null;
  status: StatusFilter;
}

export interface ParagraphGroup {
  pid: string | null;
  ref: ParagraphRef | null;
  amendments: Amendment[];
}

/**
 * The pending amendments the panel lists, by paragraph in text order, after the filters.
 * Every amendment stays listed with its paragraph, so the Chair sees what a decision on the
 * whole paragraph would cover.
 */
export function groupByParagraph(amendments: readonly Amendment[], refs: Map<string, ParagraphRef>, filter: AmendmentFilter): ParagraphGroup[] {
  const groups: ParagraphGroup[] = [];
  const byPid = new Map<string, ParagraphGroup>();
  for (const a of amendments) {
    if (filter.proposer && a.delegation !== filter.proposer) continue;
    const ref = a.pid ? (refs.get(a.pid) ?? null) : null;
    if (filter.status !== 'all' && (ref?.status ?? 'open') !== filter.status) continue;
    const key = a.pid ?? `#${a.blockIndex}`;
    let group = byPid.get(key);
    if (!group) {
      group = { pid: a.pid, ref, amendments: [] };
      byPid.set(key, group);
      groups.push(group);
    }
    group.amendments.push(a);
  }
  return groups;
}

/** Pending amendments per proposer, most first: who has the most on the table. */
export function countsByProposer(amendments: readonly Amendment[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const a of amendments) counts.set(a.delegation, (counts.get(a.delegation) ?? 0) + 1);
  return [...counts].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}
