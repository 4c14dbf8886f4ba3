import type { Node as PMNode } from '@tiptap/pm/model';
import { diffWordsWithSpace } from 'diff';
import { listAmendments, type Amendment } from '../negotiation/amendments.ts';
import { agreedView } from '../negotiation/decisions.ts';
import { paragraphNumbers } from '../negotiation/numbering.ts';
import type { AmendmentRef, Attribution, Comparison, ComparedParagraph, ComparedSegment } from './comparison.ts';

/** A decision from the audit log, as the comparison needs it to explain a change. */
export interface DecisionTrace {
  amendmentId: string | null;
  action: string;
  delegation: string | null;
  inserted: string;
  deleted: string;
  pid: string | null;
}

export interface CompareInput {
  older: { label: string; doc: PMNode };
  newer: { label: string; doc: PMNode };
  /** The Chair's decisions taken between the two states. */
  decisions: DecisionTrace[];
}

const ref = (a: Pick<Amendment, 'id' | 'delegation' | 'inserted' | 'deleted' | 'pid'>): AmendmentRef => ({
  id: a.id, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid,
});

interface Block {
  pid: string | null;
  node: PMNode;
}

function blocks(doc: PMNode): Block[] {
  const found: Block[] = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    found.push({ pid: (node.attrs.pid as string | null) ?? null, node });
    return false;
  });
  return found;
}

/**
 * Compares two states of a document as agreed texts (every pending amendment set aside), so a
 * change is what actually entered or left the text; each change is attributed to the amendment
 * and decision that made it where one matches, else to a direct edit.
 */
export function compareDocuments({ older, newer, decisions }: CompareInput): Comparison {
  const olderPending = listAmendments(older.doc);
  const newerPending = listAmendments(newer.doc);
  const newerIds = new Set(newerPending.map((a) => a.id));
  const olderIds = new Set(olderPending.map((a) => a.id));

  const decided = new Map<string, DecisionTrace>();
  for (const d of decisions) if (d.amendmentId && (d.action === 'accepted' || d.action === 'rejected')) decided.set(d.amendmentId, d);
  const summary: Comparison['summary'] = { accepted: [], rejected: [], withdrawn: [], proposed: [] };
  for (const d of decided.values()) {
    const entry = { id: d.amendmentId!, delegation: d.delegation ?? '', inserted: d.inserted, deleted: d.deleted, pid: d.pid };
    (d.action === 'accepted' ? summary.accepted : summary.rejected).push(entry);
  }
  for (const a of olderPending) if (!newerIds.has(a.id) && !decided.has(a.id)) summary.withdrawn.push(ref(a));
  for (const a of newerPending) if (!olderIds.has(a.id)) summary.proposed.push(ref(a));

  const attribute = (pid: string | null, text: string, change: 'inserted' | 'removed'): Attribution => {
    const words = text.trim();
    const matches = (candidate: string) => words.length > 0 && candidate.length > 0 && (candidate.includes(words) || words.includes(candidate.trim()));
    for (const d of decided.values()) {
      if (d.pid !== pid) continue;
      const brought = d.action === 'accepted' ? (change === 'inserted' ? d.inserted : d.deleted) : '';
      if (matches(brought)) return { amendmentId: d.amendmentId, delegation: d.delegation, how: 'accepted' };
    }
    return { amendmentId: null, delegation: null, how: 'edited' };
  };

  const numbers = paragraphNumbers(newer.doc);
  const before = blocks(agreedView(older.doc));
  const after = blocks(agreedView(newer.doc));
  const beforeByPid = new Map(before.filter((b) => b.pid).map((b) => [b.pid!, b]));
  const afterPids = new Set(after.map((b) => b.pid).filter((p): p is string => p !== null));

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
    if (b.pid && afterPids.has(b.pid)) lastShared = b.pid;
    else removedAfter.set(lastShared, [...(removedAfter.get(lastShared) ?? []), b]);
  }
  const pushRemoved = (anchor: string | null) => {
    for (const b of removedAfter.get(anchor) ?? []) {
      paragraphs.push(describe(b, 'removed', [{ text: b.node.textContent, change: 'removed', attribution: attribute(b.pid, b.node.textContent, 'removed') }]));
    }
  };
  pushRemoved(null);
  for (const b of after) {
    const previous = b.pid ? beforeByPid.get(b.pid) : undefined;
    if (!previous) {
      paragraphs.push(describe(b, 'inserted', [{ text: b.node.textContent, change: 'inserted', attribution: attribute(b.pid, b.node.textContent, 'inserted') }]));
    } else {
      const segments: ComparedSegment[] = diffWordsWithSpace(previous.node.textContent, b.node.textContent).map((part) => {
        const change = part.added ? 'inserted' : part.removed ? 'removed' : 'same';
        return { text: part.value, change, attribution: change === 'same' ? null : attribute(b.pid, part.value, change) };
      });
      paragraphs.push(describe(b, segments.some((s) => s.change !== 'same') ? 'changed' : 'same', segments));
    }
    if (b.pid) pushRemoved(b.pid);
  }
  return { from: { label: older.label }, to: { label: newer.label }, paragraphs, summary };
}
