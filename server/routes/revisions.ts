import type { Node as PMNode } from '@tiptap/pm/model';
import { Hono } from 'hono';
import { z } from 'zod';
import { textViewSchema, type RevisionText, type TextView } from '../../shared/api.ts';
import { agreedView, cleanView } from '../../shared/negotiation/decisions.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { compareDocuments } from '../../shared/revisions/compare.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { changeTextAudited } from '../negotiation/audited-change.ts';
import { jsonBody, validate } from '../http/validation.ts';
import { comparisonHistory } from '../revisions/comparison-steps.ts';
import { restoreRows } from '../revisions/restore-rows.ts';
import { revisionState, takeSnapshot, textState, type TextState } from '../revisions/revision-text.ts';
import type { RevisionRecord, Store } from '../store/store.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/rooms.ts';

const newRevisionSchema = z.object({ name: z.string().trim().max(60).optional(), note: z.string().trim().max(2000).default('') }).strict();
const viewSchema = textViewSchema.default('compilation');
const revisionIdSchema = z.string().uuid('malformed revision id');
/** A state to compare: a revision id, or `live` for the text as it stands now. */
const stateRefSchema = z.union([z.literal('live'), revisionIdSchema]);

export function applyView(doc: PMNode, view: TextView): PMNode {
  return view === 'clean' ? cleanView(doc) : view === 'agreed' ? agreedView(doc) : doc;
}

/** A state of a document by reference: the live text, or a revision's. */
export async function resolveState(
  store: Store, room: Room, documentId: string, ref: string,
): Promise<{ label: string; at: string; state: TextState; revision: RevisionRecord | null; snapshot: Uint8Array | null } | null> {
  if (ref === 'live') return { label: 'Live text', at: new Date().toISOString(), state: textState(room.doc), revision: null, snapshot: null };
  const revision = await store.getRevision(documentId, ref);
  if (!revision) return null;
  return { label: revision.record.name, at: revision.record.createdAt, state: revisionState(room.doc, revision.snapshot), revision: revision.record, snapshot: revision.snapshot };
}

/** Runs `work` on the document's room, keeping it loaded meanwhile. */
export async function withRoom<T>(registry: RoomRegistry, documentId: string, work: (room: Room) => Promise<T>): Promise<T> {
  const room = await registry.hold(documentId);
  try {
    return await work(room);
  } finally {
    void registry.release(room, true);
  }
}

export function revisionRoutes(store: Store, registry: RoomRegistry) {
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
      const created = await withRoom(registry, document.value.id, async (room) => {
        await room.idle();
        const record = await store.createRevision(document.value.id, body.value, takeSnapshot(room.doc), c.get('participant').id);
        // Everyone with the document open sees the new revision in their list.
        room.notify('revisions');
        return record;
      });
      return c.json(created, 201);
    })
    .get('/:id/revisions/:rid', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const rid = validate(c, revisionIdSchema, c.req.param('rid'));
      if (!rid.ok) return rid.response;
      const view = validate(c, viewSchema, c.req.query('view'));
      if (!view.ok) return view.response;
      const found = await withRoom(registry, document.value.id, (room) => resolveState(store, room, document.value.id, rid.value));
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
      const restored = await withRoom(registry, document.value.id, async (room) => {
        const revision = await store.getRevision(document.value.id, rid.value);
        if (!revision) return null;
        const author = { participantId: participant.id, role: participant.role, delegation: participant.delegation };
        // The live text becomes the revision's as new edits: history stays, and so does support.
        await changeTextAudited(room, store, author, (current) => {
          const text = revisionState(room.doc, revision.snapshot).doc;
          return { text, audit: restoreRows(revision.record.name, current, text, takeSnapshot(room.doc)), result: undefined };
        });
        return revision.record;
      });
      return restored ? c.json(restored) : c.json({ error: 'no such revision' }, 404);
    })
    .get('/:id/compare', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const from = validate(c, stateRefSchema, c.req.query('from'));
      if (!from.ok) return from.response;
      const to = validate(c, stateRefSchema, c.req.query('to'));
      if (!to.ok) return to.response;
      const comparison = await compareStates(store, registry, document.value.id, from.value, to.value);
      return comparison ? c.json(comparison) : c.json({ error: 'no such revision' }, 404);
    });
}

/**
 * Compares two states of a document, older first: each change credited to the decision, restore,
 * undo or direct edit that made it, from the document's own history between the two.
 */
export async function compareStates(store: Store, registry: RoomRegistry, documentId: string, fromRef: string, toRef: string) {
  return withRoom(registry, documentId, async (room) => {
    await room.idle();
    const [a, b] = await Promise.all([resolveState(store, room, documentId, fromRef), resolveState(store, room, documentId, toRef)]);
    if (!a || !b) return null;
    const [older, newer] = a.at <= b.at ? [a, b] : [b, a];
    const { steps, decisions } = await comparisonHistory(store, room.doc, documentId, older.snapshot, newer.snapshot);
    return compareDocuments({ older: { label: older.label, doc: older.state.doc }, newer: { label: newer.label, doc: newer.state.doc }, steps, decisions });
  });
}
