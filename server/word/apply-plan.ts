import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { INSERTION } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { toSuggestion, type Proposer } from '../../shared/negotiation/suggest.ts';
import type { PlannedAmendment, WordPlan } from './placement.ts';

/** A planned amendment could not be made (the paragraph was agreed meanwhile, say): nothing is made. */
export class PlanNotApplicable extends Error {}

export interface CreatedAmendment {
  amendmentId: string;
  proposal: PlannedAmendment;
}

/** How far ahead of the server's clock a Word change's date may be before the server's own is used. */
const FUTURE_MS = 5 * 60_000;
/**
 * How far back a Word change's date is believed. The date orders alternatives (the clean view
 * takes the earliest), and a file's dates are the uploader's to write: a change dated earlier
 * than this is dated by the server instead, so nobody jumps the queue by backdating a file.
 * Thirty days covers a capital working offline on a draft between two meetings.
 */
const PAST_MS = 30 * 24 * 3_600_000;

/**
 * Makes the planned amendments on a text, each as the proposer's suggestion through the same
 * conversion a participant's typing goes through (suggest.ts): an insertion, a deletion or a
 * replacement of the proposer's, dated by its Word change (never later than the server's clock).
 * All or nothing: the first that cannot be made throws, and the caller keeps the text it had.
 */
export function applyWordPlan(doc: PMNode, plan: WordPlan, proposer: Omit<Proposer, 'now'>, now: Date): { doc: PMNode; created: CreatedAmendment[] } {
  let text = doc;
  const created: CreatedAmendment[] = [];
  // A new paragraph goes right after its anchor: several after one anchor are made last first, so they read in order.
  const ordered = [...plan.proposals.filter((p) => p.shape !== 'paragraph'), ...plan.proposals.filter((p) => p.shape === 'paragraph').reverse()];
  for (const proposal of ordered) {
    const before = new Set(listAmendments(text).map((a) => a.id));
    const at = dateOf(proposal.at, now);
    const suggest = (make: (state: EditorState) => EditorState['tr']) => {
      const state = EditorState.create({ doc: text });
      const outcome = toSuggestion(state, make(state), { ...proposer, now: () => at });
      if (!outcome.ok) throw new PlanNotApplicable(`${proposal.paragraph}: ${outcome.reason}`);
      text = outcome.tr.doc;
    };
    const ranges = () => baseRanges(text, proposal.pid, proposal.from, proposal.to);
    if (proposal.shape === 'paragraph') {
      const anchor = paragraphAt(text, proposal.pid);
      if (!anchor) throw new PlanNotApplicable(`${proposal.paragraph}: the paragraph is no longer in the text`);
      const end = anchor.start + anchor.node.content.size;
      const { schema } = text.type;
      // Enter at the paragraph's end and the words typed after it, as one step: one proposed paragraph.
      const split = new Slice(Fragment.fromArray([schema.nodes.paragraph!.create(), schema.nodes.paragraph!.create(null, schema.text(proposal.inserted))]), 1, 1);
      suggest((state) => state.tr.replace(end, end, split));
    } else if (proposal.shape !== 'insertion') {
      const found = ranges();
      if (found.length === 0) throw new PlanNotApplicable(`${proposal.paragraph}: the words to delete are no longer there`);
      // Words another's insertion splits are struck stretch by stretch; the last takes the replacement.
      for (let i = found.length - 1; i >= 0; i--) {
        const [from, to] = ranges()[i]!;
        suggest((state) => (i === found.length - 1 && proposal.inserted ? state.tr.insertText(proposal.inserted, from, to) : state.tr.delete(from, to)));
      }
    } else {
      const pos = basePosition(text, proposal.pid, proposal.from);
      if (pos === null) throw new PlanNotApplicable(`${proposal.paragraph}: the paragraph is no longer in the text`);
      suggest((state) => state.tr.insertText(proposal.inserted, pos));
    }
    const made = listAmendments(text).filter((a) => !before.has(a.id));
    if (made.some((a) => a.delegation !== proposer.label)) throw new PlanNotApplicable('an amendment would not be the uploader\u2019s own');
    for (const a of made) created.push({ amendmentId: a.id, proposal });
  }
  return { doc: text, created };
}

function dateOf(at: string | null, now: Date): Date {
  const parsed = at ? new Date(at) : null;
  const t = parsed?.getTime() ?? Number.NaN;
  return parsed && !Number.isNaN(t) && t <= now.getTime() + FUTURE_MS && t >= now.getTime() - PAST_MS ? parsed : now;
}

/** The paragraph with this pid and where its content starts, or null. */
function paragraphAt(doc: PMNode, pid: string): { node: PMNode; start: number } | null {
  let found: { node: PMNode; start: number } | null = null;
  doc.descendants((node, pos) => {
    if (found) return false;
    if (node.isTextblock) {
      if (node.attrs.pid === pid) found = { node, start: pos + 1 };
      return false;
    }
    return true;
  });
  return found;
}

const isBase = (child: PMNode) => !child.marks.some((m) => m.type.name === INSERTION);

/** The document position after `index` characters of the paragraph's base text, before anything inserted there. */
function basePosition(doc: PMNode, pid: string, index: number): number | null {
  const paragraph = paragraphAt(doc, pid);
  if (!paragraph) return null;
  let count = 0;
  let result: number | null = index === 0 ? paragraph.start : null;
  paragraph.node.forEach((child, offset) => {
    if (result !== null || !isBase(child)) return;
    const length = child.isText ? child.text!.length : 1;
    if (index > count && index <= count + length) result = paragraph.start + offset + (index - count);
    count += length;
  });
  return result;
}

/** The document ranges holding base characters [from, to) of the paragraph, in order. */
function baseRanges(doc: PMNode, pid: string, from: number, to: number): [number, number][] {
  const paragraph = paragraphAt(doc, pid);
  if (!paragraph) return [];
  const ranges: [number, number][] = [];
  let count = 0;
  paragraph.node.forEach((child, offset) => {
    if (!isBase(child)) return;
    const length = child.isText ? child.text!.length : 1;
    const a = Math.max(from, count);
    const b = Math.min(to, count + length);
    if (a < b) {
      const range: [number, number] = [paragraph.start + offset + (a - count), paragraph.start + offset + (b - count)];
      const last = ranges.at(-1);
      if (last && last[1] === range[0]) last[1] = range[1];
      else ranges.push(range);
    }
    count += length;
  });
  return ranges;
}
