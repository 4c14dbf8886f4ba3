import type { AmendmentRef, Attribution, Comparison, ComparedSegment } from '../../shared/revisions/comparison.ts';
import { describeAmendment } from '../editor/amendment-text.ts';
import type { Translate } from '../../shared/i18n/translate.ts';

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

const how = (a: Attribution, t: Translate) => t(`how.${a.how}` as const);

const decisionOf = (a: Attribution): string => (a.decision ? ` #${a.decision}` : '');

/** "MEX — accepted #12", "restored Rev.1 #14", "undone #15", "direct edit — Secretariat": what made the change. */
export function attributionLabel(a: Attribution | null, t: Translate): string {
  if (!a || a.how === 'edited') return a?.by ? t('attribution.directEditBy', { by: a.by }) : a?.delegation ? t('attribution.delegationEdited', { delegation: a.delegation }) : t('attribution.directEdit');
  if (a.how === 'restored') return `${t('attribution.restored', { what: a.detail ?? t('attribution.aRevision') })}${decisionOf(a)}`;
  if (a.how === 'undone') return `${a.delegation ? `${a.delegation} — ` : ''}${t('attribution.undone')}${decisionOf(a)}`;
  return `${t('attribution.decided', { delegation: a.delegation ?? t('attribution.unknown'), how: how(a, t) })}${decisionOf(a)}`;
}

export function describeRef(ref: Pick<AmendmentRef, 'inserted' | 'deleted'>, t: Translate): string {
  const shape = ref.inserted && ref.deleted ? 'replacement' : ref.deleted ? 'deletion' : 'insertion';
  return describeAmendment({ shape, inserted: ref.inserted, deleted: ref.deleted }, t);
}

/** Every amendment the summary names, by id: the hover text of a change says what it proposed. */
export function amendmentIndex(comparison: Comparison): Map<string, AmendmentRef> {
  const { accepted, rejected, withdrawn, proposed, setAside = [], broughtBack = [] } = comparison.summary;
  return new Map([...accepted, ...rejected, ...withdrawn, ...proposed, ...setAside, ...broughtBack].map((a) => [a.id, a]));
}

/** The hover text of one change: whose amendment, what it proposed, what became of it. */
export function attributionTitle(a: Attribution | null, index: Map<string, AmendmentRef>, t: Translate): string {
  const decision = String(a?.decision ?? '?');
  if (a?.how === 'restored') return t('attribution.restoredTitle', { what: a.detail ?? t('attribution.aRevision'), decision });
  if (a?.how === 'undone') {
    const whose = a.amendmentId ? t('attribution.whoseAmendment', { delegation: a.delegation ?? t('attribution.unknown'), id: a.amendmentId }) : '';
    return `${t('attribution.undoneTitle', { decision, what: a.detail ?? t('attribution.anEarlierDecision') })}${whose}`;
  }
  if (!a?.amendmentId) return a?.by ? t('attribution.editedBy', { by: a.by }) : a?.delegation ? t('attribution.editedBy', { by: a.delegation }) : t('attribution.editedDirectly');
  const ref = index.get(a.amendmentId);
  const what = ref ? describeRef(ref, t) : t('attribution.amendment');
  const values = { what, delegation: a.delegation ?? t('attribution.unknown'), how: how(a, t), id: a.amendmentId };
  return a.decision ? t('attribution.titleByDecision', { ...values, decision: String(a.decision) }) : t('attribution.title', values);
}
