import { diffArrays } from 'diff';
import { Fragment, Mark, type Attrs, type Node as PMNode } from '@tiptap/pm/model';
import type { Transform } from '@tiptap/pm/transform';
import { INSERTION } from '../negotiation/amendment-marks.ts';

/**
 * The edit that turns one rendering of the text into another, as the fewest operations that
 * name only what differs: words inserted or removed, marks added or lifted on words both
 * share, paragraphs added or removed, a paragraph's attributes. Positions are in the first
 * document.
 *
 * Written with `writeEdit`, such an edit leaves every word both renderings share as it is
 * (its Yjs items, its author): replacing a whole range instead would rewrite the neighbours'
 * words inside it as one's own.
 */
export type EditOperation =
  | { kind: 'insert'; at: number; content: Fragment }
  | { kind: 'delete'; from: number; to: number }
  | { kind: 'mark'; from: number; to: number; mark: Mark; add: boolean }
  | { kind: 'attrs'; at: number; attrs: Attrs };

export function editBetween(from: PMNode, to: PMNode): EditOperation[] {
  const operations: EditOperation[] = [];
  diffContent(from, to, 0, operations);
  return operations;
}

/** Where an operation starts, and its ordering key for applying a set of them back to front. */
export function operationStart(op: EditOperation): number {
  return op.kind === 'insert' || op.kind === 'attrs' ? op.at : op.from;
}

/**
 * Applies operations whose positions are in `tr.doc`, back to front so that none moves another.
 * At one position a deletion or mark goes before the insertion there: the inserted words come
 * before the words that follow them.
 */
export function applyOperations(tr: Transform, operations: readonly EditOperation[]): Transform {
  const order = [...operations].sort((a, b) => operationStart(b) - operationStart(a) || Number(a.kind === 'insert') - Number(b.kind === 'insert'));
  for (const op of order) {
    if (op.kind === 'insert') tr.insert(op.at, op.content);
    else if (op.kind === 'delete') tr.delete(op.from, op.to);
    else if (op.kind === 'attrs') tr.setNodeMarkup(op.at, undefined, op.attrs);
    else if (op.add) tr.addMark(op.from, op.to, op.mark);
    else tr.removeMark(op.from, op.to, op.mark);
  }
  return tr;
}

/** A block is the same block in both renderings when its type and paragraph id agree. */
function sameBlock(a: PMNode, b: PMNode): boolean {
  return a.type === b.type && (a.attrs.pid ?? null) === (b.attrs.pid ?? null);
}

function sameAttrs(a: Attrs, b: Attrs): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null)) return false;
  return true;
}

/** Compares the content of two nodes; `start` is where `a`'s content starts in the first document. */
function diffContent(a: PMNode, b: PMNode, start: number, out: EditOperation[]): void {
  if (a.isTextblock) return diffInline(a, b, start, out);
  const left = children(a);
  const right = children(b);
  let pos = start;
  let ia = 0;
  let ib = 0;
  for (const part of diffArrays(left, right, { comparator: sameBlock })) {
    const count = part.count ?? part.value.length;
    if (part.removed) {
      const end = pos + left.slice(ia, ia + count).reduce((size, n) => size + n.nodeSize, 0);
      out.push({ kind: 'delete', from: pos, to: end });
      pos = end;
      ia += count;
    } else if (part.added) {
      out.push({ kind: 'insert', at: pos, content: Fragment.fromArray(right.slice(ib, ib + count)) });
      ib += count;
    } else {
      for (let k = 0; k < count; k++) {
        const x = left[ia + k]!;
        const y = right[ib + k]!;
        if (!x.eq(y)) {
          if (!sameAttrs(x.attrs, y.attrs)) out.push({ kind: 'attrs', at: pos, attrs: y.attrs });
          diffContent(x, y, pos + 1, out);
        }
        pos += x.nodeSize;
      }
      ia += count;
      ib += count;
    }
  }
}

function children(node: PMNode): PMNode[] {
  const list: PMNode[] = [];
  node.forEach((child) => list.push(child));
  return list;
}

/** One character of text, or one inline node, with its marks. */
interface Token {
  text: string | null;
  node: PMNode;
  marks: readonly Mark[];
}

function tokens(block: PMNode): Token[] {
  const list: Token[] = [];
  block.forEach((child) => {
    if (child.isText) for (const ch of child.text!) list.push({ text: ch, node: child, marks: child.marks });
    else list.push({ text: null, node: child, marks: child.marks });
  });
  return list;
}

/** Whose words a character is: the insertions it stands in (none for the base text). */
const proposedIn = (marks: readonly Mark[]): string =>
  marks
    .filter((m) => m.type.name === INSERTION)
    .map((m) => String(m.attrs.id))
    .sort()
    .join(' ');

/**
 * The same letter proposed by two delegations is not the same word: only a character of the
 * same insertion (or of the base text) on both sides is shared; its other marks (a deletion,
 * formatting) may differ.
 */
const sameToken = (x: Token, y: Token): boolean =>
  proposedIn(x.marks) === proposedIn(y.marks) &&
  (x.text !== null || y.text !== null ? x.text === y.text : x.node.type === y.node.type && sameAttrs(x.node.attrs, y.node.attrs));

function fragmentOf(list: readonly Token[]): Fragment {
  const nodes: PMNode[] = [];
  for (const t of list) {
    const last = nodes.at(-1);
    if (t.text === null) nodes.push(t.node);
    else if (last?.isText && Mark.sameSet(last.marks, t.marks)) nodes[nodes.length - 1] = last.type.schema.text(last.text! + t.text, last.marks);
    else nodes.push(t.node.type.schema.text(t.text, t.marks));
  }
  return Fragment.fromArray(nodes);
}

function diffInline(a: PMNode, b: PMNode, start: number, out: EditOperation[]): void {
  const left = tokens(a);
  const right = tokens(b);
  let pos = start;
  let ia = 0;
  let ib = 0;
  const marks: EditOperation[] = [];
  const markChange = (at: number, mark: Mark, add: boolean) => {
    const run = marks.find((m) => m.kind === 'mark' && m.to === at && m.add === add && m.mark.eq(mark));
    if (run?.kind === 'mark') run.to = at + 1;
    else marks.push({ kind: 'mark', from: at, to: at + 1, mark, add });
  };
  for (const part of diffArrays(left, right, { comparator: sameToken })) {
    const count = part.count ?? part.value.length;
    if (part.removed) {
      out.push({ kind: 'delete', from: pos, to: pos + count });
      pos += count;
      ia += count;
    } else if (part.added) {
      out.push({ kind: 'insert', at: pos, content: fragmentOf(right.slice(ib, ib + count)) });
      ib += count;
    } else {
      for (let k = 0; k < count; k++) {
        const x = left[ia + k]!;
        const y = right[ib + k]!;
        for (const m of y.marks) if (!m.isInSet(x.marks)) markChange(pos + k, m, true);
        for (const m of x.marks) if (!m.isInSet(y.marks)) markChange(pos + k, m, false);
      }
      pos += count;
      ia += count;
      ib += count;
    }
  }
  out.push(...marks);
}
