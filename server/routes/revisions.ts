import type { Node as PMNode } from '@tiptap/pm/model';
import { Hono } from 'hono';
import { z } from 'zod';
import { textViewSchema, type RevisionText, type TextView } from '../../shared/api.ts';
import { agreedView, cleanView } from '../../shared/negotiation/decisions.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { compareDocuments } from '../../shared/revisions/compare.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import type * as Y from 'yjs';
import type { Documents } from '../documents/document-handle.ts';
import { readCopy } from '../documents/local-document.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { jsonBody, validate } from '../http/validation.ts';
import { comparisonHistory } from '../revisions/comparison-steps.ts';
import { revisionState, textState, type TextState } from '../revisions/revision-text.ts';
import type { RevisionRecord, Store } from '../store/store.ts';

const newRevisionSchema = z.object({ name: z.string().trim().max(60).optional(), note: z.string().trim().max(2000).default('') }).strict();
const viewSchema = textViewSchema.default('compilation');
const revisionIdSchema = z.string().uuid('malformed revision id');
/** A state to compare: a revision id, or `live` for the text as it stands now. */
const stateRefSchema = z.union([z.literal('live'), revisionIdSchema]);

export function applyView(doc: PMNode, view: TextView): PMNode {
  return view === 'clean' ? cleanView(doc) : view === 'agreed' ? agreedView(doc) : doc;
}

/**
 * A state of a document by reference: the live text, or a revision's. `live` is a copy of the
 * live text (a handle's `copy()`): the whole history is in it, so any revision's snapshot can be
 * turned back into its text.
 */
export async function resolveState(
  store: Store, live: Y.Doc, documentId: string, ref: string,
): Promise<{ label: string; at: string; state: TextState; revision: RevisionRecord | null; snapshot: Uint8Array | null } | null> {
  if (ref === 'live') return { label: 'Live text', at: new Date().toISOString(), state: textState(live), revision: null, snapshot: null };
  const revision = await store.getRevision(documentId, ref);
  if (!revision) return null;
  return { label: revision.record.name, at: revision.record.createdAt, state: revisionState(live, revision.snapshot), revision: revision.record, snapshot: revision.snapshot };
}

export function revisionRoutes(store: Store, documents: Documents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/revisions', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      return c.json(await store.listRevisions(document.value.id));
    })
    .post('/:id/revisions', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat issue revisions' }, 403);
      const body = await jsonBody(c, newRevisionSchema);
      if (!body.ok) return body.response;
      const created = await documents.use(document.value.id, (handle) => handle.createRevision(body.value, c.get('participant').id));
      return c.json(created, 201);
    })
    .get('/:id/revisions/:rid', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const rid = validate(c, revisionIdSchema, c.req.param('rid'));
      if (!rid.ok) return rid.response;
      const view = validate(c, viewSchema, c.req.query('view'));
      if (!view.ok) return view.response;
      const found = await documents.use(document.value.id, (handle) => readCopy(handle, (live) => resolveState(store, live, document.value.id, rid.value)));
      if (!found) return c.json({ error: 'no such revision' }, 404);
      if (!found.revision) return c.json({ error: 'no such revision' }, 404);
      const answer: RevisionText = { revision: found.revision, content: applyView(found.state.doc, view.value).toJSON(), supporters: Object.fromEntries(found.state.supporters) };
      return c.json(answer);
    })
    .post('/:id/revisions/:rid/restore', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const participant = c.get('participant');
      if (participant.role !== 'chair') return c.json({ error: 'only the Chair restores a revision' }, 403);
      const rid = validate(c, revisionIdSchema, c.req.param('rid'));
      if (!rid.ok) return rid.response;
      const restored = await documents.use(document.value.id, (handle) => handle.restore(participant, rid.value));
      return restored ? c.json(restored) : c.json({ error: 'no such revision' }, 404);
    })
    .get('/:id/compare', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const from = validate(c, stateRefSchema, c.req.query('from'));
      if (!from.ok) return from.response;
      const to = validate(c, stateRefSchema, c.req.query('to'));
      if (!to.ok) return to.response;
      const comparison = await compareStates(store, documents, document.value.id, from.value, to.value);
      return comparison ? c.json(comparison) : c.json({ error: 'no such revision' }, 404);
    });
}

/**
 * Compares two states of a document, older first: each change credited to the decision, restore,
 * undo or direct edit that made it, from the document's own history between the two.
 */
export async function compareStates(store: Store, documents: Documents, documentId: string, fromRef: string, toRef: string) {
  return documents.use(documentId, (handle) => readCopy(handle, async (live) => {
    const [a, b] = await Promise.all([resolveState(store, live, documentId, fromRef), resolveState(store, live, documentId, toRef)]);
    if (!a || !b) return null;
    const [older, newer] = a.at <= b.at ? [a, b] : [b, a];
    const { steps, decisions } = await comparisonHistory(store, live, documentId, older.snapshot, newer.snapshot);
    return compareDocuments({ older: { label: older.label, doc: older.state.doc }, newer: { label: newer.label, doc: newer.state.doc }, steps, decisions });
  }));
}
