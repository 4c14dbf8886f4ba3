import { Hono } from 'hono';
import { z } from 'zod';
import { mayOpenDocument } from '../../shared/access.ts';
import { documentIdSchema } from '../../shared/documents.ts';
import { decisionsBodySchema, DecisionError, PendingAmendmentsError } from '../../shared/negotiation/decisions.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { jsonBody, validate } from '../http/validation.ts';
import { accessibleDocument } from '../http/document-access.ts';
import type { Documents } from '../documents/document-handle.ts';
import { UndoError } from '../negotiation/undo.ts';
import type { Store } from '../store/store.ts';

/**
 * The Chair's decisions on a document: applied by the server to the authoritative text,
 * recorded in the audit log in the same transaction, and seen by everyone live.
 */
/** A decision's number: the id of its first row in the audit log. */
const decisionNumberSchema = z.string().regex(/^[1-9][0-9]{0,14}$/, 'a decision is named by its number in the audit log').transform(Number);

export function decisionRoutes(store: Store, documents: Documents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .post('/:id/decisions', async (c) => {
      const participant = c.get('participant');
      if (participant.role !== 'chair') return c.json({ error: 'only the Chair decides on amendments and paragraphs' }, 403);
      const id = validate(c, documentIdSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const document = await accessibleDocument(c, store, id.value);
      if (!document.ok) return document.response;
      const body = await jsonBody(c, decisionsBodySchema);
      if (!body.ok) return body.response;
      const decisions = Array.isArray(body.value) ? body.value : [body.value];

      try {
        return c.json(await documents.use(id.value, (handle) => handle.decide(participant, decisions)));
      } catch (error) {
        // A paragraph with amendments pending is not agreed: the answer names them, to decide first.
        if (error instanceof PendingAmendmentsError) return c.json({ error: error.message, pid: error.pid, pending: error.pending }, 409);
        if (error instanceof DecisionError) return c.json({ error: error.message }, 409);
        throw error;
      }
    })
    .post('/:id/decisions/:decision/undo', async (c) => {
      const participant = c.get('participant');
      if (participant.role !== 'chair') return c.json({ error: 'only the Chair undoes a decision' }, 403);
      const id = validate(c, documentIdSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const decision = validate(c, decisionNumberSchema, c.req.param('decision'));
      if (!decision.ok) return decision.response;
      const document = await accessibleDocument(c, store, id.value);
      if (!document.ok) return document.response;
      try {
        return c.json(await documents.use(id.value, (handle) => handle.undo(participant, decision.value)));
      } catch (error) {
        if (error instanceof UndoError) return c.json({ error: error.message }, 409);
        throw error;
      }
    })
    .get('/:id/audit', async (c) => {
      const participant = c.get('participant');
      if (!managesWorkspace(participant.role)) return c.json({ error: 'the audit log is for the Chair and the Secretariat' }, 403);
      const id = validate(c, documentIdSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      const document = await store.getDocument(id.value);
      if (!document || !mayOpenDocument(participant, document)) return c.json({ error: 'no such document' }, 404);
      return c.json(await store.listAudit(id.value));
    });
}
