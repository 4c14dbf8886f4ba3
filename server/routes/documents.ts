import { Hono } from 'hono';
import { mayOpenDocument } from '../../shared/access.ts';
import { documentChangeSchema, documentIdSchema, newDocumentSchema } from '../../shared/documents.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { jsonBody, validate } from '../http/validation.ts';
import { accessibleDocument } from '../http/document-access.ts';
import type { Store } from '../store/store.ts';
import { emptyDocumentState } from '../sync/document-state.ts';

export function documentRoutes(store: Store) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/', async (c) => {
      const participant = c.get('participant');
      const documents = await store.listDocuments();
      return c.json(documents.filter((d) => mayOpenDocument(participant, d)));
    })
    .post('/', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat create documents' }, 403);
      const body = await jsonBody(c, newDocumentSchema);
      if (!body.ok) return body.response;
      const initial = emptyDocumentState();
      const created = await store.createDocument(body.value, initial.update, initial.clients);
      return c.json(created, 201);
    })
    .patch('/:id', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat rename documents' }, 403);
      const id = validate(c, documentIdSchema, c.req.param('id'));
      if (!id.ok) return id.response;
      // A document one may not open (a party's working copy) is not there to rename.
      const document = await accessibleDocument(c, store, id.value);
      if (!document.ok) return document.response;
      const body = await jsonBody(c, documentChangeSchema);
      if (!body.ok) return body.response;
      const updated = await store.updateDocument(id.value, body.value);
      return updated ? c.json(updated) : c.json({ error: 'no such document' }, 404);
    });
}
