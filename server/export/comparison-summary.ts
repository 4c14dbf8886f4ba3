import type { AmendmentRef, Attribution, Comparison } from '../../shared/revisions/comparison.ts';
import { formatDate } from './labels.ts';
import type { ExportMeta } from './types.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';

/** The words every comparison export uses, so Word, HTML and Markdown say the same thing. */

export interface SummaryRow {
  label: string;
  entries: string[];
}

const SUMMARY_LABELS = [
  ['accepted', 'doc.compare.accepted'],
  ['rejected', 'doc.compare.rejected'],
  ['withdrawn', 'doc.compare.withdrawn'],
  ['proposed', 'doc.compare.proposed'],
  ['setAside', 'doc.compare.setAside'],
  ['broughtBack', 'doc.compare.broughtBack'],
] as const;

const OPTIONAL = new Set<string>(['setAside', 'broughtBack']);

/** One row per outcome, each amendment described as `MEX (para. 2): inserts “transnational”`. */
export function summaryRows(comparison: Comparison, language: Language = 'en'): SummaryRow[] {
  const numbers = new Map(comparison.paragraphs.filter((p) => p.pid && p.number).map((p) => [p.pid!, p.number!]));
  return SUMMARY_LABELS.map(([key, label]) => ({ key, label: translate(language, label), entries: (comparison.summary[key] ?? []).map((ref) => describeAmendment(ref, numbers, language)) }))
    // What restores and undos did is listed only when they did something: most comparisons have neither.
    .filter((row) => row.entries.length > 0 || !OPTIONAL.has(row.key))
    .map(({ label, entries }) => ({ label, entries }));
}

function describeAmendment(ref: AmendmentRef, numbers: ReadonlyMap<string, string>, language: Language): string {
  const where = ref.pid && numbers.has(ref.pid) ? translate(language, 'doc.compare.para', { number: numbers.get(ref.pid)! }) : '';
  const what = [
    ref.deleted ? translate(language, 'doc.compare.deletes', { words: clip(ref.deleted) }) : '',
    ref.inserted ? translate(language, 'doc.compare.inserts', { words: clip(ref.inserted) }) : '',
  ].filter(Boolean).join(', ');
  return `${ref.delegation || translate(language, 'doc.compare.unknown')}${where}: ${what || translate(language, 'doc.compare.noText')}`;
}

/** Summaries quote the words, not whole proposed paragraphs. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}…` : flat;
}

const OFFICERS = { Chair: 'doc.officer.Chair', Secretariat: 'doc.officer.Secretariat' } as const;

/**
 * Who a change is credited to (a tracked change's author): the delegation whose amendment it
 * was, the Chair for a restore or an undo, whoever edited directly; the Secretariat, which holds
 * the pen on the text outside amendments, when the comparison cannot say. Officers are named
 * in the file's language; delegations by their code.
 */
export function changeAuthor(attribution: Attribution | null, language: Language = 'en'): string {
  const officer = (name: keyof typeof OFFICERS) => translate(language, OFFICERS[name]);
  if (attribution?.how === 'restored' || (attribution?.how === 'undone' && !attribution.delegation)) return officer('Chair');
  return attribution?.delegation ?? attribution?.by ?? officer('Secretariat');
}

/** `MEX, accepted, decision 12` / `restored Rev.1` / `edited directly by …`: the small label after a changed segment, in the file's language. */
export function attributionLabel(attribution: Attribution | null, language: Language = 'en'): string {
  const say = (key: MessageKey, values?: Record<string, string>) => translate(language, key, values);
  const decisionOf = (a: Attribution): string => (a.decision ? say('doc.compare.decision', { decision: String(a.decision) }) : '');
  if (!attribution || attribution.how === 'edited') {
    if (attribution?.by) return say('doc.compare.editedBy', { by: attribution.by });
    return attribution?.delegation ? say('doc.compare.delegationEdited', { delegation: attribution.delegation }) : say('doc.compare.editedDirectly');
  }
  if (attribution.how === 'restored') return `${say('doc.compare.restored', { what: attribution.detail ?? say('doc.compare.aRevision') })}${decisionOf(attribution)}`;
  if (attribution.how === 'undone') return `${attribution.delegation ? say('doc.compare.delegationUndone', { delegation: attribution.delegation }) : say('doc.compare.undone')}${decisionOf(attribution)}`;
  return `${say('doc.compare.decided', { delegation: attribution.delegation ?? say(OFFICERS.Secretariat), how: say(`how.${attribution.how}`) })}${decisionOf(attribution)}`;
}

export function comparisonSubtitle(comparison: Comparison, language: Language = 'en'): string {
  return translate(language, 'doc.compare.subtitle', { from: comparison.from.label, to: comparison.to.label });
}

export function comparisonDateLine(meta: ExportMeta): string {
  return formatDate(meta.generatedAt, meta.language);
}
