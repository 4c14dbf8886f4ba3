import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Participant } from '../../shared/participants.ts';
import type { Store } from '../store/store.ts';
import { hashToken, randomToken } from './tokens.ts';

export const SESSION_COOKIE = 'accord_session';

export interface SessionVariables {
  participant: Participant;
}

/** Secure cookies wherever the participant reached us over HTTPS (directly or through a proxy). */
function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** Starts a session; the store ends it when unused or too old, the cookie goes with its `maxAgeMs`. */
export async function startSession(c: Context, store: Store, participant: Participant, maxAgeMs: number): Promise<void> {
  const session = randomToken();
  await store.createSession(participant.id, hashToken(session));
  setCookie(c, SESSION_COOKIE, session, {
    httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export async function endSession(c: Context, store: Store): Promise<void> {
  const session = getCookie(c, SESSION_COOKIE);
  if (session) await store.deleteSession(hashToken(session));
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The participant behind a request's session cookie, or null. */
export async function participantOf(store: Store, cookieValue: string | undefined): Promise<Participant | null> {
  if (!cookieValue || cookieValue.length > 200) return null;
  return store.findSession(hashToken(cookieValue));
}

export function requireSession(store: Store): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const participant = await participantOf(store, getCookie(c, SESSION_COOKIE));
    if (!participant) return c.json({ error: 'not signed in' }, 401);
    c.set('participant', participant);
    await next();
  };
}
