import type { Node as PMNode } from '@tiptap/pm/model';
import { diffWordsWithSpace } from 'diff';
import { listAmendments, type Amendment } from '../negotiation/amendments.ts';
import { agreedView } from '../negotiation/decisions.ts';
import { paragraphNumbers } from '../negotiation/numbering.ts';
import type { AmendmentRef, Attribution, Comparison, ComparedParagraph, ComparedSegment, ComparisonSummary } from './comparison.ts';
import { TextTrail, type CausedRun } from './provenance.ts';

/** A row of the audit log between the two states, as the comparison's summary needs it. */
export interface DecisionTrace {
  amendmentId: string | null;
  action: string;
  delegation: string | null;
  inserted: string;
  deleted: string;
  pid: string | null;
  /** The decision's number. */
  decision?: number | null;
  /** A restore's `set aside` / `brought back`; the action an undo took back. */
  detail?: string | null;
  /** For an undo: the decision it took back. */
  undoes?: number | null;
}

/** The text just after one change between the two states, and what made the change. */
export interface ComparisonStep {
  doc: PMNode;
  cause: Attribution;
}

export interface CompareInput {
  older: { label: string; doc: PMNode };
  newer: { label: string; doc: PMNode };
  /** Every change to the agreed text between the two states, in order (see comparison-steps). */
  steps?: readonly ComparisonStep[];
  /** The audit log's rows between the two states. */
  decisions: readonly DecisionTrace[];
}

interface Block {
  key: string;
  pid: string | null;
  node: PMNode;
}

/** The text blocks of a document, keyed by pid (a block without one by its place among those). */
function blocks(doc: PMNode): Block[] {
  const found: Block[] = [];
  let unnamed = 0;
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const pid = (node.attrs.pid as string | null) ?? null;
    found.push({ key: pid ?? `#${unnamed++}`, pid, node });
    return false;
  });
  return found;
}

const texts = (list: readonly Block[]): Map<string, string> => new Map(list.map((b) => [b.key, b.node.textContent]));

const ref = (a: Pick<Amendment, 'id' | 'delegation' | 'inserted' | 'deleted' | 'pid'>, decision: number | null = null): AmendmentRef => ({
  id: a.id, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid, decision,
});

/** What the audit log says became of amendments between the two states, and what is left to the proposers. */
export function summarise(olderPending: readonly Amendment[], newerPending: readonly Amendment[], decisions: readonly DecisionTrace[]): ComparisonSummary {
  const groups = { accepted: new Map<string, AmendmentRef>(), rejected: new Map<string, AmendmentRef>(), setAside: new Map<string, AmendmentRef>(), broughtBack: new Map<string, AmendmentRef>() };
  for (const d of decisions) {
    if (!d.amendmentId) continue;
    const entry = ref({ id: d.amendmentId, delegation: d.delegation ?? '', inserted: d.inserted, deleted: d.deleted, pid: d.pid }, d.decision ?? null);
    if (d.action === 'accepted' || d.action === 'rejected') groups[d.action].set(entry.id, entry);
    // A restore sets amendments aside or brings them back; an undo gives back what its decision took.
    else if (d.action === 'restored') (d.detail === 'brought back' ? groups.broughtBack : groups.setAside).set(entry.id, entry);
    else if (d.action === 'undone') (d.detail === 'brought back' ? groups.setAside : groups.broughtBack).set(entry.id, entry);
  }
  const newerIds = new Set(newerPending.map((a) => a.id));
  const olderIds = new Set(olderPending.map((a) => a.id));
  const explained = new Set([...groups.accepted.keys(), ...groups.rejected.keys(), ...groups.setAside.keys()]);
  return {
    accepted: [...groups.accepted.values()],
    rejected: [...groups.rejected.values()],
    withdrawn: olderPending.filter((a) => !newerIds.has(a.id) && !explained.has(a.id)).map((a) => ref(a)),
    proposed: newerPending.filter((a) => !olderIds.has(a.id) && !groups.broughtBack.has(a.id)).map((a) => ref(a)),
    setAside: [...groups.setAside.values()].filter((a) => olderIds.has(a.id) || !newerIds.has(a.id)),
    broughtBack: [...groups.broughtBack.values()].filter((a) => newerIds.has(a.id)),
  };
}

const DIRECT_EDIT: Attribution = { amendmentId: null, delegation: null, how: 'edited', decision: null, by: null };

/**
 * Compares two states of a document as agreed texts (every pending amendment set aside), so a
 * change is what actually entered or left the text. Each change is credited to what really made
 * it: the agreed text is carried through every change between the two states in turn (`steps`),
 * so words are the accepted amendment's, the restore's, the undo's or a direct edit's (by whom).
 */
export function compareDocuments({ older, newer, steps = [], decisions }: CompareInput): Comparison {
  const summary = summarise(listAmendments(older.doc), listAmendments(newer.doc), decisions);
  const before = blocks(agreedView(older.doc));
  const after = blocks(agreedView(newer.doc));
  const causes = [...steps.map((s) => s.cause), DIRECT_EDIT];
  const trail = new TextTrail(texts(before));
  steps.forEach((s, i) => trail.apply(texts(blocks(agreedView(s.doc))), i));
  // Whatever the steps do not account for (none were given) is a direct edit of unknown hand.
  trail.apply(texts(after), causes.length - 1);

  const credit = (key: string, parts: CausedRun[], change: 'inserted' | 'removed'): ComparedSegment[] =>
    parts.map((run) => {
      const cause = run.cause ?? trail.lastCause(key);
      return { text: run.text, change, attribution: cause === null ? DIRECT_EDIT : causes[cause]! };
    });

  const numbers = paragraphNumbers(newer.doc);
  const beforeByKey = new Map(before.map((b) => [b.key, b]));
  const afterKeys = new Set(after.map((b) => b.key));
  const paragraphs: ComparedParagraph[] = [];
  const describe = (b: Block, change: ComparedParagraph['change'], segments: ComparedSegment[]): ComparedParagraph => ({
    pid: b.pid,
    number: b.pid ? (numbers.get(b.pid) ?? null) : null,
    kind: (b.node.attrs.kind as string | undefined) ?? 'body',
    blockType: b.node.type.name === 'heading' ? 'heading' : 'paragraph',
    change,
    segments,
  });
  // Removed paragraphs are shown where they stood: after the last paragraph both states share.
  const removedAfter = new Map<string | null, Block[]>();
  let lastShared: string | null = null;
  for (const b of before) {
    if (afterKeys.has(b.key)) lastShared = b.key;
    else removedAfter.set(lastShared, [...(removedAfter.get(lastShared) ?? []), b]);
  }
  const pushRemoved = (anchor: string | null) => {
    // An empty block gone is no change to the text: it was listed as an empty "paragraph removed".
    for (const b of removedAfter.get(anchor) ?? []) {
      const text = b.node.textContent;
      if (text.trim() !== '') paragraphs.push(describe(b, 'removed', credit(b.key, trail.removed(b.key, 0, text.length), 'removed')));
    }
  };
  pushRemoved(null);
  for (const b of after) {
    const previous = beforeByKey.get(b.key);
    const text = b.node.textContent;
    if (!previous) {
      if (text.trim() !== '') paragraphs.push(describe(b, 'inserted', credit(b.key, trail.inserted(b.key, 0, text.length), 'inserted')));
    } else {
      const segments: ComparedSegment[] = [];
      let [at, atOlder] = [0, 0];
      for (const part of diffWordsWithSpace(previous.node.textContent, text)) {
        const length = part.value.length;
        if (part.added) segments.push(...credit(b.key, trail.inserted(b.key, at, (at += length)), 'inserted'));
        else if (part.removed) segments.push(...credit(b.key, trail.removed(b.key, atOlder, (atOlder += length)), 'removed'));
        else {
          segments.push({ text: part.value, change: 'same', attribution: null });
          at += length;
          atOlder += length;
        }
      }
      paragraphs.push(describe(b, segments.some((s) => s.change !== 'same') ? 'changed' : 'same', segments));
    }
    pushRemoved(b.key);
  }
  return { from: { label: older.label }, to: { label: newer.label }, paragraphs, summary };
}
