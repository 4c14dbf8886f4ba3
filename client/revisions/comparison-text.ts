import type { AmendmentRef, Attribution, Comparison, ComparedSegment } from '../../shared/revisions/comparison.ts';
import { describeAmendment } from '../editor/amendment-text.ts';

/** A stretch of a compared paragraph: unchanged words, or one change and who made it. */
export type SegmentRun = { kind: 'same'; text: string } | { kind: 'change'; segments: ComparedSegment[]; attribution: Attribution | null };

const attributionKey = (a: Attribution | null) => (a ? `${a.amendmentId ?? ''}|${a.delegation ?? ''}|${a.how}|${a.decision ?? ''}|${a.by ?? ''}` : '');

/**
 * Groups the changed segments that one amendment made together (a replacement is a removal
 * and an insertion side by side), so its attribution is said once, after both.
 */
export function segmentRuns(segments: readonly ComparedSegment[]): SegmentRun[] {
  const runs: SegmentRun[] = [];
  for (const segment of segments) {
    const last = runs.at(-1);
    if (segment.change === 'same') {
      if (last?.kind === 'same') last.text += segment.text;
      else runs.push({ kind: 'same', text: segment.text });
    } else if (last?.kind === 'change' && attributionKey(last.attribution) === attributionKey(segment.attribution)) {
      last.segments.push(segment);
    } else {
      runs.push({ kind: 'change', segments: [segment], attribution: segment.attribution });
    }
  }
  return runs;
}

const HOW: Record<Attribution['how'], string> = { accepted: 'accepted', rejected: 'rejected', withdrawn: 'withdrawn', edited: 'edited', restored: 'restored', undone: 'undone' };

const decisionOf = (a: Attribution): string => (a.decision ? ` #${a.decision}` : '');

/** "MEX — accepted #12", "restored Rev.1 #14", "undone #15", "direct edit — Secretariat": what made the change. */
export function attributionLabel(a: Attribution | null): string {
  if (!a || a.how === 'edited') return a?.by ? `direct edit — ${a.by}` : a?.delegation ? `${a.delegation} — edited` : 'direct edit';
  if (a.how === 'restored') return `restored ${a.detail ?? 'a revision'}${decisionOf(a)}`;
  if (a.how === 'undone') return `${a.delegation ? `${a.delegation} — ` : ''}undone${decisionOf(a)}`;
  return `${a.delegation ?? 'unknown'} — ${HOW[a.how]}${decisionOf(a)}`;
}

export function describeRef(ref: Pick<AmendmentRef, 'inserted' | 'deleted'>): string {
  const shape = ref.inserted && ref.deleted ? 'replacement' : ref.deleted ? 'deletion' : 'insertion';
  return describeAmendment({ shape, inserted: ref.inserted, deleted: ref.deleted });
}

/** Every amendment the summary names, by id: the hover text of a change says what it proposed. */
export function amendmentIndex(comparison: Comparison): Map<string, AmendmentRef> {
  const { accepted, rejected, withdrawn, proposed, setAside = [], broughtBack = [] } = comparison.summary;
  return new Map([...accepted, ...rejected, ...withdrawn, ...proposed, ...setAside, ...broughtBack].map((a) => [a.id, a]));
}

/** The hover text of one change: whose amendment, what it proposed, what became of it. */
export function attributionTitle(a: Attribution | null, index: Map<string, AmendmentRef>): string {
  if (a?.how === 'restored') return `Restored with ${a.detail ?? 'a revision'} (decision ${a.decision ?? '?'})`;
  if (a?.how === 'undone') return `Decision ${a.decision ?? '?'} undid ${a.detail ?? 'an earlier decision'}${a.amendmentId ? ` (${a.delegation ?? 'unknown'}’s amendment ${a.amendmentId})` : ''}`;
  if (!a?.amendmentId) return a?.by ? `Edited directly by ${a.by}` : a?.delegation ? `Edited directly by ${a.delegation}` : 'Edited directly, not through an amendment';
  const ref = index.get(a.amendmentId);
  const what = ref ? `${describeRef(ref)}` : 'Amendment';
  return `${what} — ${a.delegation ?? 'unknown'}’s amendment, ${HOW[a.how]}${a.decision ? ` by decision ${a.decision}` : ''} (${a.amendmentId})`;
}
