import { Hono } from 'hono';
import { signInSchema } from '../../shared/api.ts';
import { endSession, requireSession, startSession, type SessionVariables } from '../auth/session.ts';
import { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { hashToken } from '../auth/tokens.ts';
import { jsonBody } from '../http/validation.ts';
import type { Store } from '../store/store.ts';

export function sessionRoutes(store: Store, throttle = new SignInThrottle()) {
  return new Hono<{ Variables: SessionVariables }>()
    .post('/session', async (c) => {
      if (!throttle.allow(c)) return c.json({ error: 'too many sign-in attempts; wait a minute' }, 429);
      const body = await jsonBody(c, signInSchema);
      if (!body.ok) return body.response;
      const participant = await store.redeemInvitation(hashToken(body.value.token));
      if (!participant) {
        throttle.failed(c);
        return c.json({ error: 'this sign-in link is not valid or has been revoked' }, 401);
      }
      await startSession(c, store, participant);
      return c.json(participant);
    })
    .delete('/session', async (c) => {
      await endSession(c, store);
      return c.body(null, 204);
    })
    .get('/me', requireSession(store), (c) => c.json(c.get('participant')))
    // Who is who in the room: names behind amendment authors. Links and revocations stay private.
    .get('/roster', requireSession(store), async (c) => {
      const participants = await store.listParticipants();
      return c.json(participants.map(({ id, name, role, delegation }) => ({ id, name, role, delegation })));
    });
}
