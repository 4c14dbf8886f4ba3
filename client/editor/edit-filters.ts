import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { isAmendmentMark } from '../../shared/negotiation/amendment-marks.ts';

/**
 * Whether a transaction is something this participant just typed, deleted or pasted. Changes
 * that arrive from Yjs (other participants, the Chair's decisions, the reload after a refusal)
 * and Yjs undo/redo (which re-applies one's own earlier amendments) carry the y-sync meta:
 * turning those into suggestions would rewrite everyone else's work as one's own.
 */
export function isLocalUserEdit(tr: Transaction): boolean {
  return tr.docChanged && !tr.getMeta(ySyncPluginKey);
}

function stripNode(node: PMNode): PMNode {
  if (node.isText) return node.mark(node.marks.filter((m) => !isAmendmentMark(m.type.name)));
  return node.copy(stripFragment(node.content));
}

function stripFragment(fragment: Fragment): Fragment {
  const nodes: PMNode[] = [];
  fragment.forEach((node) => nodes.push(stripNode(node)));
  return Fragment.fromArray(nodes);
}

/**
 * Copied text carries the brackets of wherever it was copied from; pasted, it would claim to
 * be another delegation's proposal (and the server would refuse it). Pasted text is plain
 * text of the paster's: suggesting mode then stamps it as the paster's own insertion.
 */
export function withoutAmendmentMarks(slice: Slice): Slice {
  return new Slice(stripFragment(slice.content), slice.openStart, slice.openEnd);
}

/** A pasted paragraph must not claim to be someone's proposed paragraph either. */
export function withoutProposals(slice: Slice): Slice {
  const clear = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = [];
    fragment.forEach((node) => {
      const attrs = node.type.name === 'paragraph' && node.attrs.proposal ? { ...node.attrs, proposal: null, pid: null } : node.attrs;
      nodes.push(node.isText ? node : node.type.create(attrs, clear(node.content), node.marks));
    });
    return Fragment.fromArray(nodes);
  };
  return new Slice(clear(slice.content), slice.openStart, slice.openEnd);
}
