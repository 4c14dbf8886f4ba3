import { Fragment, type Mark, type Node as PMNode, type ResolvedPos, type Schema } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';
import { DELETION, INSERTION, isAmendmentMark, newAmendmentId, type AmendmentAttrs } from './amendment-marks.ts';

/** Who is suggesting: the proposer label on the marks, the participant as author. */
export interface Proposer {
  label: string;
  author: string;
  now?: () => Date;
  random?: () => number;
}

/** Why a change could not be made as a suggestion (shown to the participant). */
export type SuggestionOutcome = { ok: true; tr: Transaction } | { ok: false; reason: string };

const ownInsertion = (marks: readonly Mark[], label: string): Mark | undefined =>
  marks.find((m) => m.type.name === INSERTION && m.attrs.delegation === label);

function textblockAt($pos: ResolvedPos): { node: PMNode; depth: number } | null {
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).isTextblock) return { node: $pos.node(d), depth: d };
  return null;
}

function isOpen(block: PMNode): boolean {
  return (block.attrs.status ?? 'open') === 'open';
}

/**
 * Turns a participant's edit into the amendment it stands for. Typed text becomes an
 * insertion of the proposer; deleted text stays, marked as the proposer's deletion (its own
 * pending text is really deleted); typing over a selection is one replacement; Enter proposes
 * a new paragraph after the current one. Base paragraphs are never split or joined.
 *
 * Handles the edits a keyboard and the clipboard make (a single replace step); anything else
 * (formatting, lists, moving blocks) is refused while suggesting.
 */
export function toSuggestion(state: EditorState, tr: Transaction, proposer: Proposer): SuggestionOutcome {
  if (tr.steps.length !== 1 || !(tr.steps[0] instanceof ReplaceStep)) {
    return { ok: false, reason: 'Only typing, deleting and pasting can be proposed as amendments.' };
  }
  const step = tr.steps[0] as ReplaceStep & { from: number; to: number; slice: import('@tiptap/pm/model').Slice };
  const { from, to, slice } = step;
  const doc = state.doc;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  const startBlock = textblockAt($from);
  const endBlock = textblockAt($to);
  for (const block of [startBlock, endBlock]) {
    if (block && !isOpen(block.node)) return { ok: false, reason: 'This paragraph has been agreed; it takes no new amendments until the Chair reopens it.' };
  }
  const now = (proposer.now ?? (() => new Date()))();
  const attrs = (id: string): AmendmentAttrs => ({ id, delegation: proposer.label, author: proposer.author, at: now.toISOString() });
  const newId = () => newAmendmentId(proposer.label, proposer.random);
  const schema = doc.type.schema;
  const out = state.tr;

  const splitsBlock = slice.content.childCount > 0 && slice.openStart > 0 && !slice.content.firstChild!.isInline;
  if (splitsBlock) return proposeParagraphs(state, out, $to, slice.content, attrs(newId()), newId, attrs);

  if (startBlock && endBlock && startBlock.node !== endBlock.node && from === $from.end(startBlock.depth) && to === $to.start(endBlock.depth)) {
    // Backspace or Delete across a paragraph boundary: only an empty paragraph of one's own goes.
    const own = [endBlock, startBlock].find((b) => b.node.childCount === 0 && isOwnProposal(b.node, proposer.label));
    if (!own) return { ok: false, reason: 'Paragraphs cannot be joined by a delegation; propose deleting the words instead.' };
    const pos = own === endBlock ? $to.before(endBlock.depth) : $from.before(startBlock.depth);
    out.delete(pos, pos + own.node.nodeSize);
    return { ok: true, tr: out.setSelection(TextSelection.near(out.doc.resolve(Math.min(pos, out.doc.content.size)), -1)) };
  }

  // 1. The deleted range: own pending text really goes, everything else is marked deleted.
  const replacing = slice.content.size > 0;
  const sharedId = replacing ? newId() : null;
  const deletionId = sharedId ?? reuseAdjacentDeletion(doc, from, to, proposer.label) ?? newId();
  const ownCuts: [number, number][] = [];
  let marked = false;
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const start = Math.max(from, pos);
    const end = Math.min(to, pos + node.nodeSize);
    if (ownInsertion(node.marks, proposer.label)) ownCuts.push([start, end]);
    else if (!node.marks.some((m) => m.type.name === DELETION && m.attrs.delegation === proposer.label)) {
      out.addMark(start, end, schema.marks[DELETION]!.create(attrs(deletionId)));
      marked = true;
    }
    return false;
  });
  for (const [a, b] of ownCuts.reverse()) out.delete(a, b);
  let insertAt = out.mapping.map(to, 1);

  // 2. The inserted text, after the struck words, as the proposer's insertion.
  if (replacing) {
    const content = slice.content;
    const inline: PMNode[] = [];
    let multiBlock = false;
    content.forEach((node) => {
      if (node.isInline) inline.push(node);
      else multiBlock = true;
    });
    if (multiBlock) {
      const texts: PMNode[] = [];
      content.forEach((block) => {
        if (block.isTextblock) texts.push(block);
        else block.descendants((n) => (n.isTextblock ? (texts.push(n), false) : true));
      });
      return proposeParagraphs(state, out, out.doc.resolve(insertAt), Fragment.fromArray(texts), attrs(newId()), newId, attrs);
    }
    const $at = out.doc.resolve(insertAt);
    // Typing on at the end of one's own pending insertion extends that same amendment, and so
    // does typing in one's own proposed paragraph: the paragraph and its words are one proposal.
    const continued = marked ? undefined : (ownInsertionBefore($at, proposer.label) ?? ownParagraphInsertion($at, proposer.label, attrs));
    const insertion = continued ?? schema.marks[INSERTION]!.create(attrs(sharedId ?? newId()));
    const hosts = hostInsertions($at, proposer.label);
    const nodes = inline.map((node) => node.mark([...node.marks.filter((m) => !isAmendmentMark(m.type.name)), ...hosts, insertion]));
    out.insert(insertAt, nodes);
    insertAt += Fragment.fromArray(nodes).size;
    out.setSelection(TextSelection.create(out.doc, insertAt));
  } else {
    // Backspace leaves the caret before the struck words, Delete after them.
    const backwards = tr.selection.head <= from;
    out.setSelection(TextSelection.create(out.doc, backwards ? out.mapping.map(from, -1) : insertAt));
  }
  if (!out.docChanged) return { ok: true, tr: out };
  return { ok: true, tr: out.scrollIntoView() };
}

function isOwnProposal(block: PMNode, label: string): boolean {
  const proposal = block.attrs.proposal as string | null;
  return !!proposal && proposal.startsWith(`${label}:`);
}

function ownInsertionBefore($pos: ResolvedPos, label: string): Mark | undefined {
  const before = $pos.nodeBefore;
  return before?.isText ? ownInsertion(before.marks, label) : undefined;
}

/** The insertion mark of the proposer's own proposed paragraph holding `$pos`, reused if its words have one. */
function ownParagraphInsertion($pos: ResolvedPos, label: string, attrs: (id: string) => AmendmentAttrs): Mark | undefined {
  const block = textblockAt($pos)?.node;
  if (!block || !isOwnProposal(block, label)) return undefined;
  const id = block.attrs.proposal as string;
  let existing: Mark | undefined;
  block.forEach((node) => {
    existing ??= node.marks.find((m) => m.type.name === INSERTION && m.attrs.id === id);
  });
  return existing ?? block.type.schema.marks[INSERTION]!.create(attrs(id));
}

/** A deletion continued by Backspace next to the proposer's own struck words joins that amendment. */
function reuseAdjacentDeletion(doc: PMNode, from: number, to: number, label: string): string | null {
  for (const pos of [to, from]) {
    const $pos = doc.resolve(pos);
    for (const node of [$pos.nodeAfter, $pos.nodeBefore]) {
      const mark = node?.isText ? node.marks.find((m) => m.type.name === DELETION && m.attrs.delegation === label) : undefined;
      if (mark && !node!.marks.some((m) => m.type.name === INSERTION && m.attrs.id === mark.attrs.id)) return mark.attrs.id as string;
    }
  }
  return null;
}

/** Another's pending insertion that surrounds the caret: text typed inside it is nested in it. */
function hostInsertions($pos: ResolvedPos, label: string): Mark[] {
  const before = $pos.nodeBefore;
  const after = $pos.nodeAfter;
  if (!before?.isText || !after?.isText) return [];
  return before.marks.filter(
    (m) => m.type.name === INSERTION && m.attrs.delegation !== label && after.marks.some((n) => n.eq(m)),
  );
}

/** Proposes new paragraphs after the block that holds `$at`; the caret goes into the first. */
function proposeParagraphs(
  state: EditorState,
  out: Transaction,
  $at: ResolvedPos,
  blocks: Fragment,
  firstAttrs: AmendmentAttrs,
  newId: () => string,
  attrs: (id: string) => AmendmentAttrs,
): SuggestionOutcome {
  const schema: Schema = state.schema;
  const top = $at.depth >= 1 ? $at.before(1) : 0;
  const current = $at.depth >= 1 ? $at.node(1) : state.doc.firstChild!;
  const after = top + current.nodeSize;
  const kind = current.type.name === 'paragraph' ? (current.attrs.kind as string) : 'body';
  const paragraphs: PMNode[] = [];
  // A split (Enter) arrives as two empty halves: it proposes one empty paragraph.
  const texts: PMNode[] = [];
  blocks.forEach((b) => {
    if (b.content.size > 0) texts.push(b);
  });
  if (texts.length === 0) texts.push(schema.nodes.paragraph!.create());
  texts.forEach((block, i) => {
    const proposal = i === 0 ? firstAttrs : attrs(newId());
    const insertion = schema.marks[INSERTION]!.create(proposal);
    const inline: PMNode[] = [];
    block.forEach((n) => {
      if (n.isText) inline.push(n.mark([...n.marks.filter((m) => !isAmendmentMark(m.type.name)), insertion]));
    });
    paragraphs.push(
      schema.nodes.paragraph!.create({ pid: `p-${proposal.id.split(':')[1]}`, kind, status: 'open', proposal: proposal.id }, inline),
    );
  });
  out.insert(after, paragraphs);
  const first = paragraphs[0]!;
  out.setSelection(TextSelection.create(out.doc, after + 1 + first.content.size));
  return { ok: true, tr: out.scrollIntoView() };
}
