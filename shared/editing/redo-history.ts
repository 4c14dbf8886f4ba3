import { Fragment, type Mark, type Node as PMNode } from '@tiptap/pm/model';
import { Transform, type Mappable } from '@tiptap/pm/transform';
import type * as Y from 'yjs';
import { applyOperations, editBetween, operationStart, type EditOperation } from './edit-between.ts';

/**
 * What one's own undo took away, kept to be written again on redo as a fresh edit.
 *
 * Yjs's own redo brings back the very items an undo deleted, one by one, each beside its old
 * neighbours: with another participant typing at the same place in between, one's redone words
 * come back in pieces around theirs, and formatting items that only restated a neighbour's
 * mark come back as one's own writing of that mark (the server rightly refuses it). Written
 * again as the edit the undo reversed — "insert these words, with their marks, here" — the
 * words come back whole, in one piece, wherever others typed meanwhile.
 *
 * Positions are kept as Yjs relative positions, so others' typing between the undo and the
 * redo does not move them off their words; the history's own undos and redos move them as
 * ProseMirror maps them.
 */

/** Turns a document position into a Yjs position and back, through the editor's binding. */
export interface Anchoring {
  /** Sticks to the character before `pos` (or the start of its parent). */
  anchor(pos: number): Y.RelativePosition;
  /** The first of the characters right at `pos` that `removed` holds, deleted: where they stood. */
  anchorRemoved(pos: number, removed: (id: Y.ID) => boolean): Y.RelativePosition | null;
  /** Whether deleted character `a` stands before deleted character `b` in the same text. */
  precedes(a: Y.RelativePosition, b: Y.RelativePosition): boolean;
  resolve(position: Y.RelativePosition): number | null;
}

/**
 * One position of an operation: ranges stick to their first character, points to the one
 * before. Words to bring back stick first to where their deleted characters still stand in
 * the shared text: Yjs has placed those among everyone's concurrent words exactly, while the
 * character before may be a neighbour's, whose later letters would then come after one's own.
 */
interface Anchor {
  at: Y.RelativePosition;
  /** 1 when the anchor is the character after the position (a range's first character). */
  inside: 0 | 1;
  removed?: Y.RelativePosition;
}

interface AnchoredOperation {
  op: EditOperation;
  anchors: Anchor[];
}

type Entry = AnchoredOperation[];

function positionsOf(op: EditOperation): { pos: number; inside: 0 | 1 }[] {
  switch (op.kind) {
    case 'insert':
      return [{ pos: op.at, inside: 0 }];
    case 'attrs':
      return [{ pos: op.at, inside: 1 }];
    default:
      return [
        { pos: op.from, inside: 1 },
        { pos: op.to, inside: 0 },
      ];
  }
}

function withPositions(op: EditOperation, positions: number[]): EditOperation {
  switch (op.kind) {
    case 'insert':
      return { ...op, at: positions[0]! };
    case 'attrs':
      return { ...op, at: positions[0]! };
    default:
      return { ...op, from: positions[0]!, to: positions[1]! };
  }
}

/** The edit as it may be written again: only the marks `keep` allows (a mark operation it does not, not at all). */
function rewritable(operations: EditOperation[], keep: (mark: Mark) => boolean): EditOperation[] {
  return operations.flatMap((op): EditOperation[] => {
    if (op.kind === 'insert') return [{ ...op, content: keepMarks(op.content, keep) }];
    if (op.kind === 'mark' && !keep(op.mark)) return [];
    return [op];
  });
}

function keepMarks(content: Fragment, keep: (mark: Mark) => boolean): Fragment {
  const nodes: PMNode[] = [];
  content.forEach((node) => {
    const marks = node.marks.filter(keep);
    nodes.push(node.isText ? node.mark(marks) : node.copy(keepMarks(node.content, keep)).mark(marks));
  });
  return Fragment.fromArray(nodes);
}

export class RedoHistory {
  private entries: Entry[] = [];

  constructor(
    private readonly anchoring: Anchoring,
    /** The marks the participant may write again on the words it brings back (see rewritableBy). */
    private readonly keepsMark: (mark: Mark) => boolean,
  ) {}

  /** A new edit of one's own: what was undone before it can no longer be redone. */
  clear(): void {
    this.entries = [];
  }

  /**
   * Runs an undo (`undo` changes the text; `current` reads the editor's document) and keeps
   * what it took away. The entries already kept follow the text the undo changed.
   */
  undone(current: () => PMNode, undo: () => (id: Y.ID) => boolean): void {
    const before = current();
    const kept = this.resolveAll();
    const removed = undo();
    const after = current();
    // Nothing to redo if the undo changed nothing the editor shows.
    if (after.eq(before)) return;
    const reversal = applyOperations(new Transform(before), editBetween(before, after));
    if (!reversal.doc.eq(after)) {
      // Never expected: the difference did not reproduce the undo. Redo nothing rather than guess.
      this.clear();
      return;
    }
    this.entries = this.reanchor(kept, reversal.mapping);
    const entry = this.anchorAll(rewritable(editBetween(after, before), this.keepsMark));
    for (const { op, anchors } of entry) {
      if (op.kind === 'insert') anchors[0]!.removed = this.anchoring.anchorRemoved(op.at, removed) ?? undefined;
    }
    this.entries.push(entry);
  }

  /**
   * The last undone edit, at the positions its words now stand at, as operations on `doc`;
   * null when there is none, `unplaced` (why) when it can no longer be placed. `written` must
   * be called once the returned transform is in the text, so the older entries follow it.
   */
  takeLast(doc: PMNode): { transform: Transform; written: () => void } | { unplaced: string } | null {
    const entry = this.entries.pop();
    if (!entry) return null;
    const kept = this.resolveAll();
    const operations = this.resolve(entry);
    if (!operations) return { unplaced: 'the text where they stood is gone' };
    const transform = new Transform(doc);
    try {
      applyOperations(transform, operations);
    } catch (error) {
      // Others changed the text so much that the words no longer fit where they were.
      return { unplaced: String(error) };
    }
    // Words written again go after every deleted character where they are written (Yjs puts
    // new text there), so words of an older entry whose deleted characters stood after them
    // must now follow them, not their deleted characters.
    const written = entry.flatMap(({ op, anchors }, i) => (op.kind === 'insert' && anchors[0]!.removed ? [{ at: operationStart(operations[i]!), removed: anchors[0]!.removed }] : []));
    const follows = (op: EditOperation, removed: Y.RelativePosition | undefined): boolean =>
      op.kind === 'insert' && !!removed && written.some((w) => w.at === op.at && this.anchoring.precedes(w.removed, removed));
    return { transform, written: () => (this.entries = this.reanchor(kept, transform.mapping, follows)) };
  }

  private anchorAll(operations: EditOperation[]): Entry {
    return operations.map((op) => ({
      op,
      anchors: positionsOf(op).map(({ pos, inside }) => ({ at: this.anchoring.anchor(pos + inside), inside })),
    }));
  }

  private resolve(entry: Entry): EditOperation[] | null {
    const operations: EditOperation[] = [];
    for (const { op, anchors } of entry) {
      const positions: number[] = [];
      for (const { at, inside, removed } of anchors) {
        const pos = (removed && this.anchoring.resolve(removed)) ?? this.anchoring.resolve(at);
        if (pos === null) return null;
        positions.push(pos - inside);
      }
      operations.push(withPositions(op, positions));
    }
    return operations;
  }

  private resolveAll(): { entry: Entry; operations: EditOperation[] | null }[] {
    return this.entries.map((entry) => ({ entry, operations: this.resolve(entry) }));
  }

  /**
   * Entries resolved before a change of the history's own, anchored again after it. Where
   * deleted words stand does not change: those anchors are kept as they are.
   */
  private reanchor(
    resolved: { entry: Entry; operations: EditOperation[] | null }[],
    mapping: Mappable,
    follows: (op: EditOperation, removed: Y.RelativePosition | undefined) => boolean = () => false,
  ): Entry[] {
    const entries: Entry[] = [];
    for (const { entry, operations } of resolved) {
      if (!operations) continue;
      const after = operations.map((op, i) => follows(op, entry[i]!.anchors[0]!.removed));
      const moved = this.anchorAll(
        operations.map((op, i) => withPositions(op, positionsOf(op).map(({ pos, inside }) => mapping.map(pos, inside || after[i] ? 1 : -1)))),
      );
      moved.forEach((m, i) => (m.anchors[0]!.removed = after[i] ? undefined : entry[i]!.anchors[0]!.removed));
      entries.push(moved);
    }
    return entries;
  }
}
