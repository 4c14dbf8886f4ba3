import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { SUPPORTERS } from '../../shared/document-parts.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument } from '../sync/document-state.ts';

export interface TextState {
  doc: PMNode;
  /** amendment id → delegation codes supporting it */
  supporters: Map<string, string[]>;
}

/**
 * The text and support of a document as they stand in `live`, read from a copy: the binding
 * deletes from the Y.Doc it converts whatever the schema cannot hold (an unknown element, an
 * embed in a text), and on the live document that deletion would be broadcast to everyone
 * without ever being stored. Exports, comparisons and views change nothing.
 */
export function textState(live: Y.Doc): TextState {
  const copy = copyDocument(live);
  try {
    return readTextState(copy);
  } finally {
    copy.destroy();
  }
}

/** Converts `ydoc` through the binding, which may write to it: only ever given a copy. */
function readTextState(ydoc: Y.Doc): TextState {
  const supporters = new Map<string, string[]>();
  for (const key of ydoc.getMap(SUPPORTERS).keys()) {
    const [amendmentId, delegation] = key.split('|');
    if (amendmentId && delegation) supporters.set(amendmentId, [...(supporters.get(amendmentId) ?? []), delegation]);
  }
  return { doc: yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(TEXT_FIELD), documentSchema()), supporters };
}

/**
 * The text as it stood when a revision was taken. A revision is a Yjs snapshot (state vector
 * and delete set, a few hundred bytes); the live document keeps all history (gc off), so any
 * snapshot of it can be turned back into the text it names.
 */
export function revisionState(live: Y.Doc, snapshot: Uint8Array): TextState {
  const past = Y.createDocFromSnapshot(live, Y.decodeSnapshot(snapshot));
  try {
    // A document of its own already: the snapshot's copy.
    return readTextState(past);
  } finally {
    past.destroy();
  }
}

export function takeSnapshot(live: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(live));
}
