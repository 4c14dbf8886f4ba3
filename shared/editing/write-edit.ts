import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { AddMarkStep, AttrStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
import * as Y from 'yjs';
import { markAttributeName, markAttributes } from './mark-attributes.ts';
import { blockToY, inlineToY, type YContainer } from './yjs-nodes.ts';

/**
 * Writes an edit into the shared text as the operations it names, at the Yjs positions they
 * name: "insert `s` after the `b` of MEX's `sub`", "strike these eight characters".
 *
 * The ProseMirror–Yjs binding would instead diff the whole paragraph's string before and after
 * the edit. With identical letters side by side, or a neighbour typing at the same place, the
 * diff picks other positions than the ones typed at, and rewrites (and reattributes) the
 * neighbour's characters. Written here, a delegation's keystrokes land in order, contiguous,
 * wherever others type at the same moment: Yjs merges concurrent operations, not strings.
 *
 * `root` must hold exactly `tr.before` (the editor's document is always rendered from it).
 * Steps a keyboard and a clipboard make in a paragraph are written exactly; any other step
 * (lists, block type changes, splits in direct editing) rewrites the smallest node around it.
 * Returns how many steps needed such a rewrite.
 */
export function writeEdit(root: Y.XmlFragment, tr: Transaction): { rewritten: number } {
  let rewritten = 0;
  tr.steps.forEach((step, i) => {
    const before = tr.docs[i]!;
    const after = i + 1 < tr.docs.length ? tr.docs[i + 1]! : tr.doc;
    if (!writeExactly(root, step, before)) {
      rewriteAround(root, step, before, after);
      rewritten++;
    }
  });
  return { rewritten };
}

/** Thrown when the shared text does not hold the document an edit was made on. */
export class TextOutOfStep extends Error {
  override name = 'TextOutOfStep';
}

function writeExactly(root: Y.XmlFragment, step: Step, doc: PMNode): boolean {
  if (step instanceof ReplaceStep) return replaceExactly(root, step, doc);
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
    formatRange(root, doc, step.from, step.to, step.mark, step instanceof AddMarkStep);
    return true;
  }
  if (step instanceof AttrStep) {
    const element = elementAt(root, doc, step.pos);
    if (step.value === null || step.value === undefined) element.removeAttribute(step.attr);
    else element.setAttribute(step.attr, step.value as string);
    return true;
  }
  return false;
}

function replaceExactly(root: Y.XmlFragment, step: ReplaceStep, doc: PMNode): boolean {
  const { from, to, slice } = step;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  if (!$from.sameParent($to) || slice.openStart !== 0 || slice.openEnd !== 0) return false;
  const parent = $from.parent;
  const container = containerAt(root, doc, from);
  if (parent.isTextblock) {
    let inline = true;
    slice.content.forEach((node) => (inline &&= node.isInline));
    if (!inline || !(container instanceof Y.XmlElement)) return false;
    if (to > from) deleteInline(container, $from.parentOffset, $to.parentOffset);
    if (slice.content.size > 0) return insertInline(container, $from.parentOffset, slice.content);
    return true;
  }
  // Whole blocks between two block boundaries of one parent: the children map one to one.
  const first = $from.index();
  const end = $to.index();
  if (end > first) container.delete(first, end - first);
  const blocks: PMNode[] = [];
  slice.content.forEach((node) => blocks.push(node));
  if (blocks.some((b) => b.isInline)) return false;
  if (blocks.length > 0) container.insert(first, blocks.map(blockToY));
  return true;
}

/** The Yjs type of the innermost node around `pos`: the fragment itself at the top level. */
function containerAt(root: Y.XmlFragment, doc: PMNode, pos: number): YContainer {
  const $pos = doc.resolve(pos);
  let type: YContainer = root;
  for (let d = 0; d < $pos.depth; d++) {
    const child: unknown = type.get($pos.index(d));
    const node = $pos.node(d + 1);
    if (!(child instanceof Y.XmlElement) || child.nodeName !== node.type.name) throw new TextOutOfStep(`no ${node.type.name} at ${pos}`);
    type = child;
  }
  return type;
}

/** The element of the node that starts at `pos`. */
function elementAt(root: Y.XmlFragment, doc: PMNode, pos: number): Y.XmlElement {
  const $pos = doc.resolve(pos);
  const container = containerAt(root, doc, pos);
  const child: unknown = container.get($pos.index());
  if (!(child instanceof Y.XmlElement)) throw new TextOutOfStep(`no element at ${pos}`);
  return child;
}

/** A paragraph's children with where each starts in its content: text runs, and inline nodes (size 1). */
function inlineSegments(element: Y.XmlElement): { type: Y.XmlText | Y.XmlElement; start: number; size: number; index: number }[] {
  let start = 0;
  return element.toArray().map((type, index) => {
    const size = type instanceof Y.XmlText ? type.length : 1;
    const segment = { type: type as Y.XmlText | Y.XmlElement, start, size, index };
    start += size;
    return segment;
  });
}

function deleteInline(element: Y.XmlElement, from: number, to: number): void {
  const doomed: number[] = [];
  for (const segment of inlineSegments(element)) {
    const a = Math.max(from, segment.start);
    const b = Math.min(to, segment.start + segment.size);
    if (a >= b) continue;
    if (segment.type instanceof Y.XmlText) segment.type.delete(a - segment.start, b - a);
    else doomed.push(segment.index);
  }
  for (const index of doomed.reverse()) element.delete(index, 1);
}

/**
 * Inserts text (and inline nodes) at an offset of a paragraph. Text goes into the text run
 * there, with its own marks stated in full so it inherits nothing from its neighbours.
 */
function insertInline(element: Y.XmlElement, offset: number, content: PMNode['content']): boolean {
  const nodes: PMNode[] = [];
  content.forEach((node) => nodes.push(node));
  const segments = inlineSegments(element);
  const inside = segments.find((s) => s.type instanceof Y.XmlText && s.start < offset && offset < s.start + s.size);
  if (nodes.every((n) => n.isText)) {
    const host =
      inside ??
      segments.find((s) => s.type instanceof Y.XmlText && s.start + s.size === offset && s.size > 0) ??
      segments.find((s) => s.type instanceof Y.XmlText && s.start === offset);
    let text: Y.XmlText;
    let at: number;
    if (host) {
      text = host.type as Y.XmlText;
      at = offset - host.start;
    } else {
      text = new Y.XmlText();
      element.insert(segments.filter((s) => s.start + s.size <= offset).length, [text]);
      at = 0;
    }
    for (const node of nodes) {
      text.insert(at, node.text ?? '', markAttributes(node.marks));
      at += node.text?.length ?? 0;
    }
    return true;
  }
  // An inline node inside a run would split it: the paragraph is rewritten instead.
  if (inside) return false;
  element.insert(segments.filter((s) => s.start + s.size <= offset).length, inlineToY(nodes));
  return true;
}

function formatRange(root: Y.XmlFragment, doc: PMNode, from: number, to: number, mark: Mark, add: boolean): void {
  const attribute = { [markAttributeName(mark)]: add ? mark.attrs : null };
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    const start = pos + 1;
    const a = Math.max(from, start) - start;
    const b = Math.min(to, start + node.content.size) - start;
    if (a >= b) return false;
    const element = elementAt(root, doc, pos);
    for (const segment of inlineSegments(element)) {
      const x = Math.max(a, segment.start);
      const y = Math.min(b, segment.start + segment.size);
      if (x < y && segment.type instanceof Y.XmlText) segment.type.format(x - segment.start, y - x, attribute);
    }
    return false;
  });
}

/**
 * The fallback for a step with no exact counterpart: the smallest node that holds the whole
 * step gets its changed children written anew from the document after it.
 */
function rewriteAround(root: Y.XmlFragment, step: Step, before: PMNode, after: PMNode): void {
  const range = stepRange(step);
  const $from = before.resolve(range.from);
  // An open slice (a split, a join) reaches up as many levels as it is open.
  const depth = Math.max(0, Math.min($from.sharedDepth(range.to), $from.depth - range.open, before.resolve(range.to).depth - range.open));
  const holderBefore = depth === 0 ? before : $from.node(depth);
  const holderAfter = depth === 0 ? after : after.nodeAt($from.before(depth));
  if (!holderAfter) throw new TextOutOfStep('the edit removed the node it was made in');
  const container = containerAt(root, before, depth === 0 ? 0 : $from.start(depth));
  if (holderBefore.isTextblock) {
    if (!(container instanceof Y.XmlElement) || holderAfter.type !== holderBefore.type) throw new TextOutOfStep('a paragraph changed its type inline');
    container.delete(0, container.length);
    const nodes: PMNode[] = [];
    holderAfter.content.forEach((n) => nodes.push(n));
    container.insert(0, inlineToY(nodes));
    return;
  }
  let first = 0;
  while (first < holderBefore.childCount && first < holderAfter.childCount && holderBefore.child(first) === holderAfter.child(first)) first++;
  let same = 0;
  while (
    same < holderBefore.childCount - first &&
    same < holderAfter.childCount - first &&
    holderBefore.child(holderBefore.childCount - 1 - same) === holderAfter.child(holderAfter.childCount - 1 - same)
  ) same++;
  const removed = holderBefore.childCount - first - same;
  if (removed > 0) container.delete(first, removed);
  const added: PMNode[] = [];
  for (let i = first; i < holderAfter.childCount - same; i++) added.push(holderAfter.child(i));
  if (added.length > 0) container.insert(first, added.map(blockToY));
}

function stepRange(step: Step): { from: number; to: number; open: number } {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
    return { from: step.from, to: step.to, open: Math.max(step.slice.openStart, step.slice.openEnd) };
  }
  const map = step.getMap();
  let from = Infinity;
  let to = -Infinity;
  map.forEach((a, b) => {
    from = Math.min(from, a);
    to = Math.max(to, b);
  });
  return Number.isFinite(from) ? { from, to, open: 0 } : { from: 0, to: 0, open: 0 };
}
