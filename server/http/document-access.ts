import type { Context } from 'hono';
import { mayOpenDocument } from '../../shared/access.ts';
import { documentIdSchema, type DocumentSummary } from '../../shared/documents.ts';
import type { SessionVariables } from '../auth/session.ts';
import type { Store } from '../store/store.ts';
import type { Parsed } from './validation.ts';

/**
 * The document named by the `:id` parameter, if the signed-in participant may open it. A
 * document one may not open answers 404 like a missing one: its existence is not disclosed.
 */
export async function accessibleDocument(c: Context<{ Variables: SessionVariables }>, store: Store): Promise<Parsed<DocumentSummary>> {
  const id = documentIdSchema.safeParse(c.req.param('id'));
  const document = id.success ? await store.getDocument(id.data) : null;
  if (!document || !mayOpenDocument(c.get('participant'), document)) return { ok: false, response: c.json({ error: 'no such document' }, 404) };
  return { ok: true, value: document };
}
