import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { newYDoc } from '../sync/document-state.ts';

/** The text just before a decision, just after it, and as it stands with the decision reverted. */
export interface RevertedDecision {
  before: PMNode;
  after: PMNode;
  reverted: PMNode;
}

const DECISION = Symbol('decision');
const SINCE = Symbol('since');

const textOf = (doc: Y.Doc): PMNode => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(TEXT_FIELD), documentSchema());

/**
 * Reverts one decision in the live text, leaving every change made since in place. The text is
 * rebuilt as it stood before the decision (from its Yjs snapshot; the document keeps all its
 * history), the decision's own update is replayed under a Yjs UndoManager, then everything after
 * it; undoing that one captured step takes back exactly what the decision did: the brackets it
 * dropped come back with their own marks (ids, delegations, authors, dates), the words it
 * removed come back where they stood. Works on a copy: the live document is not touched.
 */
export function revertDecision(live: Y.Doc, beforeSnapshot: Uint8Array, decisionUpdate: Uint8Array): RevertedDecision {
  const copy = Y.createDocFromSnapshot(live, Y.decodeSnapshot(beforeSnapshot), newYDoc());
  try {
    const before = textOf(copy);
    const undo = new Y.UndoManager(copy.getXmlFragment(TEXT_FIELD), { trackedOrigins: new Set([DECISION]), captureTimeout: 0 });
    Y.applyUpdate(copy, decisionUpdate, DECISION);
    const after = textOf(copy);
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live), SINCE);
    undo.undo();
    undo.destroy();
    return { before, after, reverted: textOf(copy) };
  } finally {
    copy.destroy();
  }
}
