import type { Context } from 'hono';
import { documentAccess, type DocumentAccess } from '../../shared/access.ts';
import { documentIdSchema, type DocumentSummary } from '../../shared/documents.ts';
import type { SessionVariables } from '../auth/session.ts';
import type { Store } from '../store/store.ts';
import type { Parsed } from './validation.ts';

/** What a request needs of its document: reading (GET, HEAD) or changing it (anything else). */
const needOf = (method: string): Exclude<DocumentAccess, 'none'> => (method === 'GET' || method === 'HEAD' ? 'read' : 'write');

/**
 * The document named by the `:id` parameter (or `id`), if the signed-in participant may do what
 * the request asks of it (shared/access.ts). A document one may not open answers 404 like a
 * missing one: its existence is not disclosed. One it may only read (a party's working copy,
 * for the officers once the contributions are published; a restricted draft, for the parties
 * invited to a call on it) answers 403 to any change.
 */
export async function accessibleDocument(c: Context<{ Variables: SessionVariables }>, store: Store, id = c.req.param('id')): Promise<Parsed<DocumentSummary>> {
  const parsed = documentIdSchema.safeParse(id);
  const document = parsed.success ? await store.getDocument(parsed.data) : null;
  const access = document ? documentAccess(c.get('participant'), document) : 'none';
  if (!document || access === 'none') return { ok: false, response: c.json({ error: 'no such document' }, 404) };
  if (access === 'read' && needOf(c.req.method) === 'write') {
    const error = document.workingCopy
      ? 'this working copy is its party’s own: you may read it, not change it'
      : 'this draft is open to you to read, as a party invited to contribute to it: propose your changes on your working copy';
    return { ok: false, response: c.json({ error }, 403) };
  }
  return { ok: true, value: document };
}
