import { Hono } from 'hono';
import { z } from 'zod';
import { signInSchema } from '../../shared/api.ts';
import { languageSchema } from '../../shared/i18n/languages.ts';
import { endSession, requireSession, startSession, type SessionVariables } from '../auth/session.ts';
import { SignInThrottle, type SharedCounter } from '../auth/sign-in-throttle.ts';
import { hashToken } from '../auth/tokens.ts';
import { jsonBody } from '../http/validation.ts';
import type { Store } from '../store/store.ts';

export interface SessionRouteOptions {
  /** Reverse proxies whose X-Forwarded-For is believed when counting failed sign-ins. */
  trustedProxies: number;
  /** How long the browser keeps the cookie: the session's absolute lifetime (the server ends it too). */
  sessionMaxAgeMs: number;
  /** With several processes: failed sign-ins are counted across all of them. */
  sharedCounter?: SharedCounter | null;
}

const languageChoiceSchema = z.object({ language: languageSchema }).strict();

export function sessionRoutes(store: Store, options: SessionRouteOptions) {
  const throttle = new SignInThrottle(options.trustedProxies, undefined, undefined, undefined, options.sharedCounter ?? null);
  return new Hono<{ Variables: SessionVariables }>()
    .post('/session', async (c) => {
      const body = await jsonBody(c, signInSchema);
      if (!body.ok) return body.response;
      // Looked up before the throttle is consulted: a valid link signs in even from an address
      // that failed too often. Tokens are 256 random bits, so this helps no guesser.
      const participant = await store.redeemInvitation(hashToken(body.value.token));
      if (!participant) {
        if (!(await throttle.failed(c))) return c.json({ error: 'too many failed sign-in attempts from this address; wait a minute' }, 429);
        return c.json({ error: 'this sign-in link is not valid or has been revoked' }, 401);
      }
      await startSession(c, store, participant, options.sessionMaxAgeMs);
      return c.json(participant);
    })
    .delete('/session', async (c) => {
      await endSession(c, store);
      return c.body(null, 204);
    })
    .get('/me', requireSession(store), (c) => c.json(c.get('participant')))
    // The language the participant chose, wherever they sign in from (null: never chose).
    .get('/me/language', requireSession(store), async (c) => c.json({ language: await store.participantLanguage(c.get('participant').id) }))
    .put('/me/language', requireSession(store), async (c) => {
      const body = await jsonBody(c, languageChoiceSchema);
      if (!body.ok) return body.response;
      await store.setParticipantLanguage(c.get('participant').id, body.value.language);
      return c.body(null, 204);
    })
    // Who is who in the room: names behind amendment authors. Links and revocations stay private.
    .get('/roster', requireSession(store), async (c) => {
      const participants = await store.listParticipants();
      return c.json(participants.map(({ id, name, role, delegation }) => ({ id, name, role, delegation })));
    });
}
