import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument } from './document-state.ts';

/** What a change the server makes turns the text into (see Room.changeText). */
export interface ProducedText<T> {
  text: PMNode;
  result: T;
  /** Writes the document's other parts (rationales) in the same update. */
  alsoWrite?: (doc: Y.Doc) => void;
}

/**
 * Writes a change the server makes on behalf of an author (a decision, amendments from a Word
 * file) on copies of `live`, never on `live` itself: `produce` reads the current text and says
 * what it becomes. Returns the change as one update (null if nothing changed) and the client id
 * it is written under, `clientId` if given, so that an author keeps one per room: a fresh one per
 * decision would grow the document's state vector with every decision.
 */
export function writeServerChange<P extends ProducedText<unknown>>(live: Y.Doc, clientId: number | undefined, produce: (text: PMNode) => P): { produced: P; change: Uint8Array | null; clientId: number } {
  // Read from a copy: the binding deletes what the schema cannot hold from the Y.Doc it
  // converts, which on the live document would reach everyone without being stored.
  const reading = copyDocument(live);
  let current: PMNode;
  try {
    current = yXmlFragmentToProseMirrorRootNode(reading.getXmlFragment(TEXT_FIELD), documentSchema());
  } finally {
    reading.destroy();
  }
  const produced = produce(current);
  // Written on a copy of its own: the live document takes it only once it is stored.
  const writing = copyDocument(live);
  if (clientId !== undefined) writing.clientID = clientId;
  const updates: Uint8Array[] = [];
  writing.on('update', (u: Uint8Array) => updates.push(u));
  try {
    updateYFragment(writing, writing.getXmlFragment(TEXT_FIELD), produced.text, { mapping: new Map(), isOMark: new Map() });
    produced.alsoWrite?.(writing);
  } finally {
    writing.destroy();
  }
  const change = updates.length === 0 ? null : updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  return { produced, change, clientId: writing.clientID };
}
