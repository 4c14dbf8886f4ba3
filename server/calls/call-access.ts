import type { Context } from 'hono';
import { z } from 'zod';
import { mayOpenDocument } from '../../shared/access.ts';
import { contributionRefusal, partyOf, type CallRecord } from '../../shared/calls.ts';
import type { SessionVariables } from '../auth/session.ts';
import { validate, type Parsed } from '../http/validation.ts';
import type { Store } from '../store/store.ts';

export type SessionContext = Context<{ Variables: SessionVariables }>;
const idSchema = z.string().uuid('malformed call id');

/** The call named by `:id`, if its document is one the participant may open (else 404, like a missing one). */
export async function findCall(c: SessionContext, store: Store): Promise<Parsed<CallRecord>> {
  const id = validate(c, idSchema, c.req.param('id'));
  if (!id.ok) return id;
  const call = await store.getCall(id.value);
  const document = call ? await store.getDocument(call.documentId) : null;
  if (!call || !document || !mayOpenDocument(c.get('participant'), document)) return { ok: false, response: c.json({ error: 'no such call' }, 404) };
  return { ok: true, value: call };
}

/** Why the participant may not contribute to the call now, as an answer (403 not a party or not invited, 409 late); null if it may. */
export function contributionRefused(c: SessionContext, call: CallRecord): Response | null {
  const refusal = contributionRefusal(call, c.get('participant'), new Date());
  if (!refusal) return null;
  return c.json({ error: refusal.reason }, refusal.kind === 'late' ? 409 : 403);
}

/**
 * The call named by `:id` and the party the participant contributes as, if it may contribute to
 * it now; else the answer why not (404, 403, 409 as above).
 */
export async function callToContribute(c: SessionContext, store: Store): Promise<Parsed<{ call: CallRecord; party: string }>> {
  const call = await findCall(c, store);
  if (!call.ok) return call;
  const refusal = contributionRefused(c, call.value);
  if (refusal) return { ok: false, response: refusal };
  // A participant the call accepts contributions from is a party: contributionRefusal says so.
  return { ok: true, value: { call: call.value, party: partyOf(c.get('participant'))! } };
}
