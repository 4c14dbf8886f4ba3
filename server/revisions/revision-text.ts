import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { SUPPORTERS } from '../../shared/document-parts.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';

export interface TextState {
  doc: PMNode;
  /** amendment id → delegation codes supporting it */
  supporters: Map<string, string[]>;
}

/** The text and support of a document as they stand in `ydoc`. */
export function textState(ydoc: Y.Doc): TextState {
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
    return textState(past);
  } finally {
    past.destroy();
  }
}

export function takeSnapshot(live: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(live));
}
