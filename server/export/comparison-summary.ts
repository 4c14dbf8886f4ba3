import type { AmendmentRef, Attribution, Comparison } from '../../shared/revisions/comparison.ts';
import { formatDate } from './labels.ts';
import type { ExportMeta } from './types.ts';

/** The words every comparison export uses, so Word, HTML and Markdown say the same thing. */

export interface SummaryRow {
  label: string;
  entries: string[];
}

const SUMMARY_LABELS = [
  ['accepted', 'Accepted'],
  ['rejected', 'Rejected'],
  ['withdrawn', 'Withdrawn'],
  ['proposed', 'Proposed'],
] as const;

/** One row per outcome, each amendment described as `MEX (para. 2): inserts “transnational”`. */
export function summaryRows(comparison: Comparison): SummaryRow[] {
  const numbers = new Map(comparison.paragraphs.filter((p) => p.pid && p.number).map((p) => [p.pid!, p.number!]));
  return SUMMARY_LABELS.map(([key, label]) => ({ label, entries: comparison.summary[key].map((ref) => describeAmendment(ref, numbers)) }));
}

function describeAmendment(ref: AmendmentRef, numbers: ReadonlyMap<string, string>): string {
  const where = ref.pid && numbers.has(ref.pid) ? ` (para. ${numbers.get(ref.pid)})` : '';
  const what = [ref.deleted ? `deletes “${clip(ref.deleted)}”` : '', ref.inserted ? `inserts “${clip(ref.inserted)}”` : ''].filter(Boolean).join(', ');
  return `${ref.delegation || 'Unknown'}${where}: ${what || 'no text'}`;
}

/** Summaries quote the words, not whole proposed paragraphs. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

/**
 * Who a change is credited to: the delegation (or Chair) whose amendment it was; a direct edit
 * is credited to the Secretariat, which holds the pen on the text outside amendments.
 */
export function changeAuthor(attribution: Attribution | null): string {
  return attribution?.delegation ?? 'Secretariat';
}

/** `MEX, accepted` / `edited directly`: the small label after a changed segment. */
export function attributionLabel(attribution: Attribution | null): string {
  if (!attribution || attribution.how === 'edited') return attribution?.delegation ? `${attribution.delegation}, edited` : 'edited directly';
  return `${attribution.delegation ?? 'Secretariat'}, ${attribution.how}`;
}

export function comparisonSubtitle(comparison: Comparison): string {
  return `Comparison of ${comparison.from.label} with ${comparison.to.label}`;
}

export function comparisonDateLine(meta: ExportMeta): string {
  return formatDate(meta.generatedAt);
}
