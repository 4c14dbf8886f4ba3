import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { AddMarkStep, RemoveMarkStep, ReplaceAroundStep, ReplaceStep, type Step } from '@tiptap/pm/transform';
import { amendmentOwner, isAmendmentMark } from '../../shared/negotiation/amendment-marks.ts';

/**
 * The Chair and the Secretariat edit the base text directly, but the server refuses any
 * direct edit that changes another proposer's amendment, another proposer's paragraph or an
 * agreed paragraph (those change only by a decision). A refused update makes the client
 * reload the whole document, so the editor checks the same limits first and says why.
 * The server stays the authority; this only spares the officer a reload.
 */

const othersAmendment = (marks: readonly Mark[], self: string): Mark | undefined =>
  marks.find((m) => isAmendmentMark(m.type.name) && m.attrs.delegation !== self);

function blockProblem(block: PMNode, self: string): string | null {
  if (block.type.name !== 'paragraph') return null;
  if ((block.attrs.status ?? 'open') !== 'open') return 'This paragraph has been agreed; the Chair must reopen it before its text changes.';
  const proposal = block.attrs.proposal as string | null;
  const owner = proposal ? amendmentOwner(proposal) : null;
  if (owner && owner !== self) return `This paragraph is ${owner}’s proposal; it changes only by a decision of the Chair. Switch to Suggesting to amend it.`;
  return null;
}

function rangeProblem(doc: PMNode, from: number, to: number, self: string): string | null {
  let problem: string | null = null;
  const $from = doc.resolve(from);
  for (let d = $from.depth; d > 0 && !problem; d--) problem = blockProblem($from.node(d), self);
  if (problem) return problem;
  doc.nodesBetween(from, to, (node, pos) => {
    if (problem) return false;
    if (node.isTextblock) problem = blockProblem(node, self);
    else if (node.isText && Math.max(pos, from) < Math.min(pos + node.nodeSize, to)) {
      const mark = othersAmendment(node.marks, self);
      if (mark) problem = `These words carry ${String(mark.attrs.delegation)}’s amendment; it changes only by a decision of the Chair. Switch to Suggesting to amend it.`;
    }
    return !problem;
  });
  if (problem) return problem;
  // Typing inside another's bracket would split it, or write in that proposer's name.
  const $to = doc.resolve(to);
  const before = $from.nodeBefore;
  const after = $to.nodeAfter;
  if (before?.isText && after?.isText) {
    const host = othersAmendment(before.marks, self);
    if (host && after.marks.some((m) => m.eq(host))) {
      return `The cursor is inside ${String(host.attrs.delegation)}’s amendment; switch to Suggesting to propose a change to it.`;
    }
  }
  return null;
}

function stepProblem(doc: PMNode, step: Step, self: string): string | null {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
    const { from, to } = step as ReplaceStep & { from: number; to: number };
    return rangeProblem(doc, from, to, self);
  }
  if (step instanceof AddMarkStep || step instanceof RemoveMarkStep) {
    const { from, to, mark } = step as AddMarkStep & { from: number; to: number; mark: Mark };
    if (isAmendmentMark(mark.type.name) && mark.attrs.delegation !== self) return 'Amendments are decided by the Chair, not edited.';
    let problem: string | null = null;
    doc.nodesBetween(from, to, (node) => {
      if (!problem && node.isTextblock) problem = blockProblem(node, self);
      return !problem && !node.isTextblock;
    });
    return problem;
  }
  return null;
}

/** Why a direct edit would be refused by the server, or null when it may go. */
export function directEditProblem(tr: Transaction, self: string): string | null {
  for (let i = 0; i < tr.steps.length; i++) {
    const problem = stepProblem(tr.docs[i]!, tr.steps[i]!, self);
    if (problem) return problem;
  }
  return null;
}
