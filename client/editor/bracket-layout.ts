import type { Node as PMNode } from '@tiptap/pm/model';
import { INSERTION } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments, type Amendment, type AmendmentRange } from '../../shared/negotiation/amendments.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import type { Language } from '../../shared/i18n/languages.ts';

/**
 * Where the bracket notation goes, computed from the document alone (no DOM), so it can be
 * reasoned about and tested apart from the editor:
 *
 *   to promote [transnational]MEX cooperation          an insertion
 *   to [~~promote~~ foster]BRA cooperation             a replacement: one bracket
 *   to [~~promote~~ [foster]MEX | [advance]USA] …      alternatives for the same words
 *   [very [~~strong~~]USA commitment]MEX               a bracket nested in another's insertion
 */

export type BracketPiece =
  /** `[` before an amendment's words, or before a group of alternatives (`proposer` null). */
  | { kind: 'open'; pos: number; side: number; amendmentId: string | null; proposer: string | null; group: string | null }
  /** `]MEX` after them (`]` alone closing a group). */
  | { kind: 'close'; pos: number; side: number; amendmentId: string | null; proposer: string | null; group: string | null }
  /** The thin bar between two alternatives. */
  | { kind: 'separator'; pos: number; side: number; group: string }
  /** Air between a replacement's struck words and its new words, inside one bracket. */
  | { kind: 'gap'; pos: number; side: number; amendmentId: string }
  /** An alternative that only deletes the words: `[delete]CAN`. */
  | { kind: 'deletion-alternative'; pos: number; side: number; amendmentId: string; proposer: string; group: string }
  /** Amendment words: coloured for their proposer, struck when proposed for deletion. */
  | { kind: 'words'; from: number; to: number; amendmentId: string; proposer: string; struck: boolean; group: string | null }
  /** The span of a group of alternatives, tinted as one. */
  | { kind: 'group'; from: number; to: number; group: string }
  /** The number of an operative paragraph (`3`, `3 bis`). */
  | { kind: 'number'; pos: number; label: string }
  /** A paragraph proposed as new: a rule in its proposer's colour. */
  | { kind: 'proposed-paragraph'; from: number; to: number; proposer: string; amendmentId: string };

/** A widget before it has its side: `order` ranks it among the widgets at the same position. */
interface Boundary {
  piece: Exclude<BracketPiece, { kind: 'words' | 'group' | 'number' | 'proposed-paragraph' }>;
  /** Closes (and separators) come first, innermost first; then opens, outermost first. */
  closing: boolean;
  start: number;
  end: number;
  seq: number;
}

/** Amendments sharing words to delete, found through their rivals: the groups of alternatives. */
export function alternativeGroups(amendments: readonly Amendment[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  for (const a of amendments) parent.set(a.id, a.id);
  for (const a of amendments) {
    for (const r of a.rivals) {
      if (!parent.has(r)) continue;
      const [x, y] = [find(a.id), find(r)].sort();
      if (x !== y) parent.set(y!, x!);
    }
  }
  const group = new Map<string, string>();
  for (const a of amendments) if (a.rivals.length > 0) group.set(a.id, find(a.id));
  return group;
}

/** Ranges that touch (a replacement's struck words and its new words) read as one bracket. */
function spans(ranges: readonly AmendmentRange[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const r of [...ranges].sort((a, b) => a.from - b.from)) {
    const last = out.at(-1);
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ from: r.from, to: r.to });
  }
  return out;
}

export function bracketLayout(doc: PMNode, amendments: readonly Amendment[] = listAmendments(doc), language: Language = 'en'): BracketPiece[] {
  const pieces: BracketPiece[] = [];
  const boundaries: Boundary[] = [];
  let seq = 0;
  const bound = (piece: Boundary['piece'], closing: boolean, start: number, end: number) =>
    boundaries.push({ piece, closing, start, end, seq: seq++ });

  const groups = alternativeGroups(amendments);
  const members = new Map<string, Amendment[]>();
  for (const a of amendments) {
    const g = groups.get(a.id);
    if (g) members.set(g, [...(members.get(g) ?? []), a]);
  }

  for (const a of amendments) {
    const group = groups.get(a.id) ?? null;
    for (const r of a.ranges) {
      pieces.push({ kind: 'words', from: r.from, to: r.to, amendmentId: a.id, proposer: a.delegation, struck: r.kind !== INSERTION, group });
    }
    if (group) continue;
    const sorted = [...a.ranges].sort((x, y) => x.from - y.from);
    sorted.forEach((r, i) => {
      const next = sorted[i + 1];
      if (next && r.kind !== INSERTION && next.kind === INSERTION && next.from === r.to) {
        bound({ kind: 'gap', pos: r.to, side: 0, amendmentId: a.id }, true, r.from + 0.5, r.to);
      }
    });
    for (const s of spans(a.ranges)) {
      const attrs = { amendmentId: a.id, proposer: a.delegation, group: null };
      bound({ kind: 'open', pos: s.from, side: 0, ...attrs }, false, s.from, s.to);
      bound({ kind: 'close', pos: s.to, side: 0, ...attrs }, true, s.from, s.to);
    }
  }

  for (const [group, list] of members) {
    const all = list.flatMap((a) => a.ranges);
    const from = Math.min(...all.map((r) => r.from));
    const to = Math.max(...all.map((r) => r.to));
    pieces.push({ kind: 'group', from, to, group });
    bound({ kind: 'open', pos: from, side: 0, amendmentId: null, proposer: null, group }, false, from, to);
    bound({ kind: 'close', pos: to, side: 0, amendmentId: null, proposer: null, group }, true, from, to);
    // Separators sit just inside the group: after the closes of the alternatives, before its own.
    const inside = from + 0.5;
    const insertions = list
      .flatMap((a) => a.ranges.filter((r) => r.kind === INSERTION).map((r) => ({ a, r })))
      .sort((x, y) => x.r.from - y.r.from);
    insertions.forEach(({ a, r }, i) => {
      if (i > 0) bound({ kind: 'separator', pos: r.from, side: 0, group }, true, inside, r.from);
      const attrs = { amendmentId: a.id, proposer: a.delegation, group };
      bound({ kind: 'open', pos: r.from, side: 0, ...attrs }, false, r.from, r.to);
      bound({ kind: 'close', pos: r.to, side: 0, ...attrs }, true, r.from, r.to);
    });
    let alternatives = insertions.length;
    for (const a of list) {
      if (a.ranges.some((r) => r.kind === INSERTION)) continue;
      if (alternatives++ > 0) bound({ kind: 'separator', pos: to, side: 0, group }, true, inside, to);
      bound({ kind: 'deletion-alternative', pos: to, side: 0, amendmentId: a.id, proposer: a.delegation, group }, true, inside, to);
    }
  }

  pieces.push(...paragraphPieces(doc, language));
  return [...pieces, ...withSides(boundaries)];
}

/**
 * ProseMirror orders widgets at one position by `side` only. Closing brackets get negative
 * sides (they belong to the words before, and the caret goes after them), innermost first;
 * opening brackets positive sides (the caret stays before them), outermost first.
 */
function withSides(boundaries: Boundary[]): BracketPiece[] {
  const byPos = new Map<number, Boundary[]>();
  for (const b of boundaries) byPos.set(b.piece.pos, [...(byPos.get(b.piece.pos) ?? []), b]);
  const out: BracketPiece[] = [];
  for (const list of byPos.values()) {
    const closes = list.filter((b) => b.closing).sort((x, y) => y.start - x.start || x.seq - y.seq);
    const opens = list.filter((b) => !b.closing).sort((x, y) => y.end - x.end || x.seq - y.seq);
    closes.forEach((b, i) => out.push({ ...b.piece, side: i - closes.length }));
    opens.forEach((b, i) => out.push({ ...b.piece, side: i + 1 }));
  }
  return out;
}

function paragraphPieces(doc: PMNode, language: Language): BracketPiece[] {
  const numbers = paragraphNumbers(doc, language);
  const out: BracketPiece[] = [];
  doc.forEach((block, offset) => {
    const pid = block.attrs.pid as string | null | undefined;
    const label = pid ? numbers.get(pid) : undefined;
    if (label) out.push({ kind: 'number', pos: offset + 1, label });
    const proposal = block.attrs.proposal as string | null | undefined;
    if (proposal) {
      out.push({ kind: 'proposed-paragraph', from: offset, to: offset + block.nodeSize, proposer: proposal.split(':')[0] ?? proposal, amendmentId: proposal });
    }
  });
  return out;
}
