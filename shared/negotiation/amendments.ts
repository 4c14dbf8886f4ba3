import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import { amendmentOwner, DELETION, INSERTION, isAmendmentMark, type AmendmentAttrs, type AmendmentKind } from './amendment-marks.ts';

export interface AmendmentRange {
  kind: AmendmentKind;
  from: number;
  to: number;
  text: string;
  mark: Mark;
}

export type AmendmentShape = 'insertion' | 'deletion' | 'replacement' | 'paragraph';

/** A pending amendment as negotiators see it: who proposes what, where. */
export interface Amendment extends AmendmentAttrs {
  shape: AmendmentShape;
  /** The paragraph it stands in (its pid), and that paragraph's position among the blocks. */
  pid: string | null;
  blockIndex: number;
  /** Every paragraph it touches (a deletion may run over two), by pid. */
  pids: string[];
  ranges: AmendmentRange[];
  inserted: string;
  deleted: string;
  /** Other amendments proposing to delete or replace some of the same words: alternatives. */
  rivals: string[];
  /** The pending insertion this amendment was proposed inside (a nested bracket), if any. */
  within: string | null;
}

function amendmentMarks(marks: readonly Mark[]): Mark[] {
  return marks.filter((m) => isAmendmentMark(m.type.name));
}

/**
 * The amendment a mark belongs to, in a top-level block. The words a delegation writes in a
 * paragraph it proposes are that paragraph's proposal, whatever id their mark carries: text
 * typed after Enter once got an id of its own, and deciding it left the paragraph proposed
 * forever. So they are decided (and listed) as one amendment with the paragraph.
 */
export function amendmentIdOf(block: PMNode, mark: Mark): string {
  const proposal = block.attrs.proposal as string | null | undefined;
  if (proposal && mark.type.name === INSERTION && mark.attrs.delegation === proposerOf(proposal)) return proposal;
  return mark.attrs.id as string;
}

const proposerOf = (proposal: string): string => amendmentOwner(proposal) ?? proposal;

/**
 * Every pending amendment of a document, in document order. Paragraph proposals are listed
 * with the text of the proposed paragraph as their insertion.
 */
export function listAmendments(doc: PMNode): Amendment[] {
  const byId = new Map<string, Amendment>();
  const rivals = new Map<string, Set<string>>();
  let blockIndex = -1;
  let pid: string | null = null;

  const entry = (attrs: AmendmentAttrs): Amendment => {
    let amendment = byId.get(attrs.id);
    if (!amendment) {
      amendment = { ...attrs, shape: 'insertion', pid, blockIndex, pids: [], ranges: [], inserted: '', deleted: '', rivals: [], within: null };
      byId.set(attrs.id, amendment);
    }
    if (pid !== null && !amendment.pids.includes(pid)) amendment.pids.push(pid);
    return amendment;
  };

  doc.forEach((block, offset, index) => {
    blockIndex = index;
    pid = (block.attrs.pid as string | null | undefined) ?? null;
    const proposal = (block.attrs.proposal as string | null | undefined) ?? null;
    if (proposal) {
      // Listed even while empty (just after Enter): the Chair can decide it, the agreed text leaves it out.
      const paragraph = entry({ id: proposal, delegation: proposerOf(proposal), author: '', at: '' });
      paragraph.shape = 'paragraph';
    }
    block.descendants((node, pos) => {
      if (node.isTextblock) pid = (node.attrs.pid as string | null) ?? pid;
      if (!node.isText) return true;
      const from = offset + 1 + pos;
      const marks = amendmentMarks(node.marks);
      const insertions = marks.filter((m) => m.type.name === INSERTION);
      const deletions = marks.filter((m) => m.type.name === DELETION);
      // An insertion already open before this text is the outer bracket of anything starting here.
      const host = insertions.find((i) => byId.get(amendmentIdOf(block, i))?.ranges.length);
      const seen = new Set<string>();
      for (const mark of marks) {
        const id = amendmentIdOf(block, mark);
        // Two marks of one paragraph's proposal on the same words are one bracket.
        if (seen.has(`${mark.type.name}:${id}`)) continue;
        seen.add(`${mark.type.name}:${id}`);
        const isNew = !byId.get(id)?.ranges.length;
        const amendment = entry({ ...(mark.attrs as AmendmentAttrs), id });
        // A proposed paragraph's author and time are those of its first words.
        if (amendment.author === '') Object.assign(amendment, { author: mark.attrs.author as string, at: mark.attrs.at as string });
        const hostId = host ? amendmentIdOf(block, host) : null;
        if (isNew && hostId !== null && hostId !== amendment.id) amendment.within = hostId;
        const kind = mark.type.name as AmendmentKind;
        const last = amendment.ranges.at(-1);
        // Only runs of one mark merge: settling removes a range's own mark.
        if (last && last.kind === kind && last.to === from && last.mark.eq(mark)) {
          last.to += node.nodeSize;
          last.text += node.text ?? '';
        } else {
          amendment.ranges.push({ kind, from, to: from + node.nodeSize, text: node.text ?? '', mark });
        }
        if (kind === INSERTION) amendment.inserted += node.text ?? '';
        else amendment.deleted += node.text ?? '';
      }
      for (const a of deletions) {
        for (const b of deletions) if (a !== b) getSet(rivals, a.attrs.id as string).add(b.attrs.id as string);
      }
      return false;
    });
    // Words accepted on their own while the paragraph stayed proposed (documents stored before
    // its words shared its id): the proposal is still pending, and these words are what it proposes.
    const paragraph = proposal ? byId.get(proposal) : undefined;
    if (paragraph && paragraph.ranges.length === 0) paragraph.inserted = block.textContent;
  });

  for (const amendment of byId.values()) {
    if (amendment.shape !== 'paragraph') {
      const hasInsertion = amendment.ranges.some((r) => r.kind === INSERTION);
      const hasDeletion = amendment.ranges.some((r) => r.kind === DELETION);
      amendment.shape = hasInsertion && hasDeletion ? 'replacement' : hasDeletion ? 'deletion' : 'insertion';
    }
    amendment.rivals = [...(rivals.get(amendment.id) ?? [])];
  }
  return [...byId.values()];
}

function getSet<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

/** Pending amendments grouped by proposer label, for counts per delegation. */
export function countByProposer(amendments: readonly Amendment[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of amendments) {
    const owner = amendmentOwner(a.id) ?? a.delegation;
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
}

/**
 * Earliest proposed first. Of alternatives for the same words, the earliest is the one the clean
 * view shows and the one "accept all" accepts, so the two always agree.
 */
export const byProposalTime = (a: Amendment, b: Amendment): number => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);
