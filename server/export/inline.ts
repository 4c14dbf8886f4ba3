import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { DELETION, INSERTION, type AmendmentAttrs } from '../../shared/negotiation/amendment-marks.ts';
import type { BreakPiece, DeletionGroupPiece, InlinePiece, Proposal, TextPiece, TextStyle } from './types.ts';

/** One text node (or hard break) of a paragraph with the amendments it carries. */
interface Atom {
  text: string | null;
  style: TextStyle;
  insertions: AmendmentAttrs[];
  deletions: AmendmentAttrs[];
}

export type ProposalLookup = (attrs: AmendmentAttrs) => Proposal;

const PLAIN: TextStyle = { bold: false, italic: false, underline: false, strike: false, link: null };

function styleOf(marks: readonly Mark[]): TextStyle {
  const style: TextStyle = { ...PLAIN };
  for (const mark of marks) {
    const name = mark.type.name;
    if (name === 'bold') style.bold = true;
    else if (name === 'italic') style.italic = true;
    else if (name === 'underline') style.underline = true;
    else if (name === 'strike') style.strike = true;
    else if (name === 'link') style.link = typeof mark.attrs.href === 'string' ? mark.attrs.href : null;
  }
  return style;
}

function atomsOf(block: PMNode): Atom[] {
  const atoms: Atom[] = [];
  block.forEach((node) => {
    const attrs = (kind: string) => node.marks.filter((m) => m.type.name === kind).map((m) => m.attrs as AmendmentAttrs);
    if (node.isText) atoms.push({ text: node.text ?? '', style: styleOf(node.marks), insertions: attrs(INSERTION), deletions: attrs(DELETION) });
    else if (node.type.name === 'hardBreak') atoms.push({ text: null, style: PLAIN, insertions: attrs(INSERTION), deletions: attrs(DELETION) });
  });
  return atoms;
}

const plainPiece = (atom: Atom): TextPiece | BreakPiece =>
  atom.text === null ? { kind: 'break' } : { kind: 'text', text: atom.text, style: atom.style };

/** How many atoms from `start` on carry the insertion `id`. */
function insertionExtent(atoms: readonly Atom[], start: number, id: string): number {
  let end = start;
  while (end < atoms.length && atoms[end]!.insertions.some((m) => m.id === id)) end++;
  return end;
}

const sameIds = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Turns a paragraph's inline content into the pieces an export shows. Brackets follow the
 * marks: an insertion is one bracket, which may hold nested proposals made inside it (a
 * deletion of part of it, an insertion within it); words marked for deletion form one
 * bracket together with the insertions that replace them (same amendment id), so several
 * delegations' replacements of the same words come out as one group of alternatives.
 *
 * Deletions that overlap only partly (USA deletes "regional cooperation", MEX only
 * "regional") are split where the set of deleters changes, each part its own bracket: the
 * exact words each proposal covers stay visible, at the cost of one proposal showing in two
 * adjacent brackets. A replacement sits with the last part its amendment deletes.
 */
export function inlinePieces(block: PMNode, lookup: ProposalLookup): InlinePiece[] {
  return build(atomsOf(block), new Set(), lookup);
}

function build(atoms: readonly Atom[], open: ReadonlySet<string>, lookup: ProposalLookup): InlinePiece[] {
  const out: InlinePiece[] = [];
  let i = 0;
  while (i < atoms.length) {
    const atom = atoms[i]!;
    const insertions = atom.insertions.filter((m) => !open.has(m.id));
    const deletions = atom.deletions.filter((m) => !open.has(m.id));
    if (insertions.length > 0) {
      // The outer bracket is the insertion reaching furthest: anything shorter was made inside it.
      let outer = insertions[0]!;
      let end = insertionExtent(atoms, i, outer.id);
      for (const candidate of insertions.slice(1)) {
        const candidateEnd = insertionExtent(atoms, i, candidate.id);
        if (candidateEnd > end || (candidateEnd === end && candidate.at < outer.at)) [outer, end] = [candidate, candidateEnd];
      }
      out.push({ kind: 'insertion', proposal: lookup(outer), children: build(atoms.slice(i, end), new Set([...open, outer.id]), lookup) });
      i = end;
    } else if (deletions.length > 0) {
      i = deletionGroup(atoms, i, open, lookup, out);
    } else {
      out.push(plainPiece(atom));
      i++;
    }
  }
  return out;
}

function ownDeletionIds(atom: Atom, open: ReadonlySet<string>): Set<string> {
  return new Set(atom.deletions.filter((m) => !open.has(m.id)).map((m) => m.id));
}

function deletionGroup(atoms: readonly Atom[], start: number, open: ReadonlySet<string>, lookup: ProposalLookup, out: InlinePiece[]): number {
  const ids = ownDeletionIds(atoms[start]!, open);
  const attrsById = new Map(atoms[start]!.deletions.filter((m) => ids.has(m.id)).map((m) => [m.id, m]));
  const group: DeletionGroupPiece = { kind: 'deletion-group', deleted: [], deleters: [], replacements: [] };
  let i = start;
  while (i < atoms.length) {
    const atom = atoms[i]!;
    if (atom.insertions.some((m) => !open.has(m.id)) || !sameIds(ownDeletionIds(atom, open), ids)) break;
    group.deleted.push(plainPiece(atom));
    i++;
  }
  // Replacement text follows the deleted words; take each insertion of one of the deleters.
  while (i < atoms.length) {
    const replacement = atoms[i]!.insertions.find((m) => !open.has(m.id) && ids.has(m.id));
    if (!replacement || atoms[i]!.deletions.some((m) => !open.has(m.id))) break;
    const end = insertionExtent(atoms, i, replacement.id);
    const children = build(atoms.slice(i, end), new Set([...open, replacement.id]), lookup);
    const existing = group.replacements.find((r) => r.proposal.id === replacement.id);
    if (existing) existing.children.push(...children);
    else group.replacements.push({ proposal: lookup(replacement), children });
    i = end;
  }
  const replacing = new Set(group.replacements.map((r) => r.proposal.id));
  group.deleters = [...attrsById.values()]
    .filter((m) => !replacing.has(m.id))
    .map(lookup)
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  out.push(group);
  return i;
}

/** Every proposal in a group, earliest first: the first is the one Word shows as the deleter. */
export function groupProposals(group: DeletionGroupPiece): Proposal[] {
  return [...group.deleters, ...group.replacements.map((r) => r.proposal)].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
