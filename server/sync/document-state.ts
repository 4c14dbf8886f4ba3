import { randomUUID } from 'node:crypto';
import type { JSONContent } from '@tiptap/core';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { defineDocumentParts } from '../../shared/document-parts.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import type { StoredDocumentState } from '../store/store.ts';

/** History is the audit trail and revisions are snapshots, so nothing is garbage-collected. */
export function newYDoc(): Y.Doc {
  return defineDocumentParts(new Y.Doc({ gc: false }));
}

/** A first state for a document, built on the server (never seeded from a client). */
export function documentStateFromContent(content: JSONContent): { update: Uint8Array; clients: number[] } {
  const doc = newYDoc();
  prosemirrorJSONToYXmlFragment(documentSchema(), content, doc.getXmlFragment(TEXT_FIELD));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { update, clients: [doc.clientID] };
}

export function newParagraphId(): string {
  return `p-${randomUUID().slice(0, 8)}`;
}

export function emptyDocumentState(): { update: Uint8Array; clients: number[] } {
  return documentStateFromContent({ type: 'doc', content: [{ type: 'paragraph', attrs: { pid: newParagraphId() } }] });
}

/** Rebuilds a document from its stored snapshot and the updates after it. Throws if any is unreadable. */
export function restoreDocument(state: StoredDocumentState): Y.Doc {
  const doc = newYDoc();
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
  for (const { update } of state.updates) Y.applyUpdate(doc, update);
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    doc.destroy();
    throw new Error('stored document is incomplete: some updates depend on changes that are not stored');
  }
  return doc;
}

export function copyDocument(source: Y.Doc): Y.Doc {
  const doc = newYDoc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/**
 * Makes V8 store the document's strings flat again; returns the characters read. Yjs joins a
 * typed character to the string of the item before it (`str += char`), and V8 keeps each join
 * as a cell of its own (about 30 bytes) until the string is read whole. Encoding a document reads
 * them all, but the judge's copies are never encoded: over the 30-minute soak (180,000
 * keystrokes) each held 5.5 MB of such cells, and the server's memory kept rising. Reading a
 * character of each string makes V8 flatten it in place, deleted text too (history is kept).
 */
export function flattenText(doc: Y.Doc): number {
  let read = 0;
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item && struct.content instanceof Y.ContentString)) continue;
      const text = struct.content.str;
      // Counted only through the read, so that no optimising compiler can drop it.
      if (!Number.isNaN(text.charCodeAt(0))) read += text.length;
    }
  }
  return read;
}
