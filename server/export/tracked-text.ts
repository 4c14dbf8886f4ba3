import type { DeletionGroupPiece, InlinePiece, Proposal, TextStyle } from './types.ts';

/**
 * A compilation paragraph as Word tracked changes, worked out so that accepting every change
 * gives exactly the clean view and rejecting every change exactly the agreed view
 * (shared/negotiation/views.ts).
 *
 * Each character's fate in both views decides what it is in Word: kept in both, plain text;
 * kept only in the clean view, an insertion; only in the agreed view, a deletion; in neither,
 * a deletion inside an insertion (words one delegation proposes to delete from another's
 * proposal). Of alternatives for the same words only the one the clean view takes is a tracked
 * change; the others (set aside) are named in the group's comment, since Word cannot hold two
 * rival replacements and still give one text on accept-all.
 *
 * The views tidy the seams where words were set aside (no double space, no space at either end
 * of a paragraph); the spaces they drop are tracked too, with the change that set words aside.
 */

/** A stretch of text (or a line break) and the tracked change(s) it is part of. */
export interface TrackedRun {
  kind: 'text' | 'break';
  text: string;
  style: TextStyle;
  inserted: Proposal | null;
  deleted: Proposal | null;
}

export type TrackedItem = TrackedRun | { kind: 'comment-start'; note: string } | { kind: 'comment-end' };

/** The comments a compilation puts on a proposal or a group of alternatives; null for none. */
export interface ProposalNotes {
  insertion(proposal: Proposal): string | null;
  group(group: DeletionGroupPiece): string | null;
}

export interface TrackedParagraph {
  pieces: readonly InlinePiece[];
  /** The proposal of a paragraph proposed as new, whose every word is inserted. */
  proposedBy: Proposal | null;
  /** Amendments the clean view sets aside (see clean-choice.ts). */
  setAside: ReadonlySet<string>;
  notes: ProposalNotes;
}

const PLAIN: TextStyle = { bold: false, italic: false, underline: false, strike: false, link: null };

interface Leaf {
  kind: 'leaf';
  text: string | null;
  style: TextStyle;
  insertions: readonly Proposal[];
  deletions: readonly Proposal[];
}
type Marker = { kind: 'comment-start'; note: string } | { kind: 'comment-end' };

interface Char {
  leaf: Leaf;
  /** null for a line break. */
  ch: string | null;
}

/** What a view keeps of each character, and for one it drops while tidying, the change responsible. */
interface ViewFate {
  kept: boolean[];
  reason: (Proposal | null)[];
}

export function trackedItems({ pieces, proposedBy, setAside, notes }: TrackedParagraph): TrackedItem[] {
  const stream: (Leaf | Marker)[] = [];
  flatten(pieces, [], stream, notes);
  const chars: Char[] = [];
  for (const item of stream) {
    if (item.kind !== 'leaf') continue;
    if (item.text === null) chars.push({ leaf: item, ch: null });
    else for (const ch of item.text) chars.push({ leaf: item, ch });
  }
  // The proposer's own words in a paragraph it proposes are that paragraph's proposal whatever
  // id they carry (amendmentIdOf), so the clean view takes them with the paragraph.
  const aside = (p: Proposal) => setAside.has(p.id) && p.delegation !== proposedBy?.delegation;
  const winner = (leaf: Leaf) => leaf.deletions.find((p) => !setAside.has(p.id)) ?? null;
  const agreed = tidy(
    chars,
    chars.map((c) => proposedBy === null && (c.ch === null || c.leaf.insertions.length === 0)),
    (leaf) => leaf.insertions.at(-1) ?? proposedBy,
  );
  // The views keep line breaks whatever marks they carry (settle.ts settles text only).
  const clean = tidy(
    chars,
    chars.map((c) => c.ch === null || (!c.leaf.insertions.some(aside) && winner(c.leaf) === null)),
    (leaf) => winner(leaf) ?? leaf.insertions.find(aside) ?? null,
  );

  const out: TrackedItem[] = [];
  let i = 0;
  for (const item of stream) {
    if (item.kind !== 'leaf') {
      out.push(item);
      continue;
    }
    const count = item.text === null ? 1 : [...item.text].length;
    for (const end = i + count; i < end; i++) {
      const { leaf, ch } = chars[i]!;
      const inAgreed = agreed.kept[i]!;
      const inClean = clean.kept[i]!;
      // Words of an alternative set aside are in neither view; its comment names them.
      if (!inAgreed && !inClean && leaf.insertions.some(aside)) continue;
      const inserted = inAgreed ? null : (leaf.insertions.at(-1) ?? proposedBy ?? agreed.reason[i]!);
      const deleted = inClean ? null : (winner(leaf) ?? clean.reason[i]!);
      append(out, { kind: ch === null ? 'break' : 'text', text: ch ?? '', style: leaf.style, inserted, deleted });
    }
  }
  return out;
}

function flatten(pieces: readonly InlinePiece[], insertions: readonly Proposal[], out: (Leaf | Marker)[], notes: ProposalNotes): void {
  for (const piece of pieces) {
    if (piece.kind === 'text') out.push({ kind: 'leaf', text: piece.text, style: piece.style, insertions, deletions: [] });
    else if (piece.kind === 'break') out.push({ kind: 'leaf', text: null, style: PLAIN, insertions, deletions: [] });
    else if (piece.kind === 'insertion') {
      commented(notes.insertion(piece.proposal), out, () => flatten(piece.children, [...insertions, piece.proposal], out, notes));
    } else {
      const deletions = [...piece.deleters, ...piece.replacements.map((r) => r.proposal)];
      commented(notes.group(piece), out, () => {
        for (const d of piece.deleted) out.push({ kind: 'leaf', text: d.kind === 'text' ? d.text : null, style: d.kind === 'text' ? d.style : PLAIN, insertions, deletions });
        for (const r of piece.replacements) flatten(r.children, [...insertions, r.proposal], out, notes);
      });
    }
  }
}

function commented(note: string | null, out: (Leaf | Marker)[], body: () => void): void {
  if (note) out.push({ kind: 'comment-start', note });
  body();
  if (note) out.push({ kind: 'comment-end' });
}

/**
 * What a view keeps, seams tidied exactly as settle.ts tidies them: after words set aside,
 * spaces are dropped while the text kept so far ends in a space (or nothing is kept yet); at
 * the end of the paragraph, after words set aside, the trailing spaces of the last run of
 * text (same formatting, as a text node) are dropped.
 */
function tidy(chars: readonly Char[], kept: boolean[], reasonOf: (leaf: Leaf) => Proposal | null): ViewFate {
  const reason: (Proposal | null)[] = chars.map(() => null);
  const output: number[] = [];
  let seam = false;
  let seamReason: Proposal | null = null;
  chars.forEach((c, i) => {
    if (!kept[i]) {
      seam = true;
      seamReason = reasonOf(c.leaf);
      return;
    }
    const last = output.length ? chars[output.at(-1)!]! : null;
    if (seam && c.ch === ' ' && (last === null || last.ch === ' ')) {
      kept[i] = false;
      reason[i] = seamReason;
      return;
    }
    output.push(i);
    seam = false;
  });
  if (seam && output.length) {
    const style = chars[output.at(-1)!]!.leaf.style;
    for (let k = output.length - 1; k >= 0; k--) {
      const c = chars[output[k]!]!;
      if (c.ch !== ' ' || !sameStyle(c.leaf.style, style)) break;
      kept[output[k]!] = false;
      reason[output[k]!] = seamReason;
    }
  }
  return { kept, reason };
}

const sameStyle = (a: TextStyle, b: TextStyle) =>
  a.bold === b.bold && a.italic === b.italic && a.underline === b.underline && a.strike === b.strike && a.link === b.link;

const sameProposal = (a: Proposal | null, b: Proposal | null) => a?.id === b?.id;

/** Adds a character to the last run when it is the same kind of change in the same style. */
function append(out: TrackedItem[], run: TrackedRun): void {
  const last = out.at(-1);
  if (
    run.kind === 'text' &&
    last?.kind === 'text' &&
    sameStyle(last.style, run.style) &&
    sameProposal(last.inserted, run.inserted) &&
    sameProposal(last.deleted, run.deleted)
  ) {
    last.text += run.text;
  } else out.push(run);
}
