import { Hono } from 'hono';
import { newOrganizationSchema, organizationChangeSchema, organizationCodeSchema, organizationRightSchema } from '../../shared/organizations.ts';
import { managesWorkspace } from '../../shared/participants.ts';
import { requireSession, type SessionVariables } from '../auth/session.ts';
import { accessibleDocument } from '../http/document-access.ts';
import { jsonBody, validate } from '../http/validation.ts';
import type { Store } from '../store/store.ts';

export interface OrganizationEvents {
  /** The Chair changed which organizations propose on a document: rooms judging it must know. */
  onRightsChanged(documentId: string): Promise<void>;
}

/**
 * Organizations (issue 16): the Secretariat records them like the roll of delegations; everyone
 * signed in may read the list (it names the labels in the text). Whether an organization
 * proposes amendments on a document is the Chair's word, like every other decision on the text.
 *
 *   GET   /organizations                         200 Organization[]
 *   POST  /organizations {code, name}            201 Organization | 409 code taken   (chair, secretariat)
 *   PATCH /organizations/:code {name}            200 Organization | 404              (chair, secretariat)
 *   GET   /documents/:id/organizations           200 {proposing: string[]}
 *   PUT   /documents/:id/organizations/:code {proposes}  200 {proposing} | 404       (chair)
 */
export function organizationRoutes(store: Store) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/', async (c) => c.json(await store.listOrganizations()))
    .post('/', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat record organizations' }, 403);
      const body = await jsonBody(c, newOrganizationSchema);
      if (!body.ok) return body.response;
      const created = await store.createOrganization(body.value);
      return created ? c.json(created, 201) : c.json({ error: `an organization with the code ${body.value.code} is already recorded` }, 409);
    })
    .patch('/:code', async (c) => {
      if (!managesWorkspace(c.get('participant').role)) return c.json({ error: 'only the Chair and the Secretariat record organizations' }, 403);
      const code = validate(c, organizationCodeSchema, c.req.param('code'));
      if (!code.ok) return code.response;
      const body = await jsonBody(c, organizationChangeSchema);
      if (!body.ok) return body.response;
      const renamed = await store.renameOrganization(code.value, body.value);
      return renamed ? c.json(renamed) : c.json({ error: 'no such organization' }, 404);
    });
}

/** The per-document part, mounted under /api/documents. */
export function documentOrganizationRoutes(store: Store, events: OrganizationEvents) {
  return new Hono<{ Variables: SessionVariables }>()
    .use(requireSession(store))
    .get('/:id/organizations', async (c) => {
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      return c.json({ proposing: await store.proposingOrganizations(document.value.id) });
    })
    .put('/:id/organizations/:code', async (c) => {
      if (c.get('participant').role !== 'chair') return c.json({ error: 'only the Chair decides whether an organization proposes amendments on a document' }, 403);
      const document = await accessibleDocument(c, store);
      if (!document.ok) return document.response;
      const code = validate(c, organizationCodeSchema, c.req.param('code'));
      if (!code.ok) return code.response;
      const body = await jsonBody(c, organizationRightSchema);
      if (!body.ok) return body.response;
      if (!(await store.setOrganizationProposes(document.value.id, code.value, body.value.proposes, c.get('participant').id))) {
        return c.json({ error: 'no such organization' }, 404);
      }
      await events.onRightsChanged(document.value.id);
      return c.json({ proposing: await store.proposingOrganizations(document.value.id) });
    });
}
