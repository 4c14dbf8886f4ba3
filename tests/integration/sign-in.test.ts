import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../shared/protocol.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { databaseFile, readConfig } from '../../server/config.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { closeCode, rawSocket } from '../support/raw-socket.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';

const HOUR = 60 * 60 * 1000;

/** One sign-in attempt with `token`, as sent through `forwardedFor` proxies' header if given. */
function attempt(server: TestServer, token: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    body: JSON.stringify({ token }),
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });
}
const wrong = (i: number) => `wrong-token-${i}-`.padEnd(43, 'x');

async function failUntilRefused(server: TestServer, forwardedFor?: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 25; i++) statuses.push((await attempt(server, wrong(i), forwardedFor?.(i))).status);
  return statuses;
}

async function validToken(server: TestServer, role: 'observer' | 'secretariat' = 'observer'): Promise<string> {
  const participant = (await server.store.listParticipants()).find((p) => p.role === role)!;
  return (await issueInvitation(server.store, participant.id, server.url)).token;
}

describe('failed sign-ins are throttled; valid links are not', () => {
  it('a valid link signs in from an address that has failed too often', async () => {
    const server = await startTestServer();
    try {
      const statuses = await failUntilRefused(server);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      expect((await attempt(server, await validToken(server))).status).toBe(200);
      expect((await attempt(server, wrong(99))).status).toBe(429);
    } finally {
      await server.dispose();
    }
  });

  it('behind a trusted proxy (TRUST_PROXY=1) each client counts its own failures, by the hop the proxy added', async () => {
    const server = await startTestServer(undefined, { trustProxy: 1 });
    try {
      // What a client writes before the proxy's entry proves nothing: the last hop is counted.
      expect((await failUntilRefused(server, (i) => `198.51.100.${i}, 203.0.113.7`)).at(-1)).toBe(429);
      expect((await attempt(server, wrong(100), '203.0.113.7')).status).toBe(429);
      expect((await attempt(server, wrong(101), '203.0.113.8')).status).toBe(401);
    } finally {
      await server.dispose();
    }
  });

  it('without a trusted proxy, X-Forwarded-For is ignored: forging it evades nothing', async () => {
    const server = await startTestServer();
    try {
      expect((await failUntilRefused(server, (i) => `198.51.100.${i}`)).at(-1)).toBe(429);
    } finally {
      await server.dispose();
    }
  });

  it('TRUST_PROXY and the session lifetimes are read and checked like every setting', () => {
    expect(readConfig({ TRUST_PROXY: '1' })).toMatchObject({ trustProxy: 1, sessions: { idleMs: 24 * HOUR, maxMs: 7 * 24 * HOUR } });
    expect(readConfig({ ACCORD_SESSION_IDLE_HOURS: '2', ACCORD_SESSION_MAX_HOURS: '12' }).sessions).toEqual({ idleMs: 2 * HOUR, maxMs: 12 * HOUR });
    expect(() => readConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
    expect(() => readConfig({ ACCORD_SESSION_IDLE_HOURS: '0' })).toThrow(/ACCORD_SESSION_IDLE_HOURS/);
  });
});

describe('sessions end on the server', () => {
  /** Sets when a session signed in and was last used, as if that long ago. */
  function age(server: TestServer, cookie: string, ago: { signedIn: number; lastUsed: number }): void {
    rewrite(server, cookie, () => [new Date(Date.now() - ago.signedIn), new Date(Date.now() - ago.lastUsed)]);
  }

  /** Lets `ms` pass for a session: its sign-in and last use, as stored, move that far back. */
  function elapse(server: TestServer, cookie: string, ms: number): void {
    rewrite(server, cookie, (signedIn, lastUsed) => [new Date(signedIn.getTime() - ms), new Date(lastUsed.getTime() - ms)]);
  }

  function rewrite(server: TestServer, cookie: string, times: (signedIn: Date, lastUsed: Date) => [Date, Date]): void {
    const db = new Database(databaseFile(server.dataDir));
    try {
      const hash = hashToken(decodeURIComponent(cookie.split('=')[1]!));
      const row = db.prepare('SELECT created_at, last_seen_at FROM sessions WHERE session_hash = ?').get(hash) as { created_at: string; last_seen_at: string };
      const [signedIn, lastUsed] = times(new Date(row.created_at), new Date(row.last_seen_at));
      db.prepare('UPDATE sessions SET created_at = ?, last_seen_at = ? WHERE session_hash = ?').run(signedIn.toISOString(), lastUsed.toISOString(), hash);
    } finally {
      db.close();
    }
  }

  it('unused for a day, or a week after sign-in, a session is over; a used one goes on', async () => {
    const server = await startTestServer();
    try {
      const response = await attempt(server, await validToken(server));
      expect(response.headers.get('set-cookie')).toMatch(/Max-Age=604800/);

      const idle = await signIn(server, { role: 'observer' });
      age(server, idle, { signedIn: 25 * HOUR, lastUsed: 25 * HOUR });
      expect((await api(server, idle, '/api/me')).status).toBe(401);

      const old = await signIn(server, { role: 'observer' });
      age(server, old, { signedIn: 8 * 24 * HOUR, lastUsed: 0 });
      expect((await api(server, old, '/api/me')).status).toBe(401);

      const used = await signIn(server, { role: 'observer' });
      age(server, used, { signedIn: 6 * 24 * HOUR, lastUsed: 23 * HOUR });
      expect((await api(server, used, '/api/me')).status).toBe(200);
      // That use counts: two hours on, a day after the use before it, the session is still on.
      elapse(server, used, 2 * HOUR);
      expect((await api(server, used, '/api/me')).status).toBe(200);
      // A day more and it is over (and after a week of use it would be anyway).
      elapse(server, used, 25 * HOUR);
      expect((await api(server, used, '/api/me')).status).toBe(401);
    } finally {
      await server.dispose();
    }
  });

  it('an open socket of a session that ends is closed', async () => {
    const server = await startTestServer();
    try {
      const cookie = await signIn(server, { role: 'secretariat' });
      const socket = await rawSocket(server, cookie, (await server.store.listDocuments())[0]!.id);
      const closed = closeCode(socket, 10_000);
      age(server, cookie, { signedIn: 8 * 24 * HOUR, lastUsed: 0 });
      expect(await closed).toBe(CLOSE.unauthenticated);
    } finally {
      await server.dispose();
    }
  });

  it('a database from before sessions expired opens, and its sessions are checked too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-sessions-'));
    try {
      const file = databaseFile(dir);
      const store = new SqliteStore(file);
      const participant = await store.createParticipant({ name: 'Mexico', role: 'delegation', delegation: 'MEX' });
      await store.close();
      // The sessions table as it was: no last-use column, one fresh session and one of last month.
      // Such a file also predates schema versions: it has no record of any.
      const db = new Database(file);
      db.exec('DROP TABLE schema_migrations; DROP TABLE sessions; CREATE TABLE sessions (session_hash TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id), created_at TEXT NOT NULL)');
      db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(hashToken('fresh'), participant.id, new Date().toISOString());
      db.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run(hashToken('stale'), participant.id, new Date(Date.now() - 30 * 24 * HOUR).toISOString());
      db.close();
      const reopened = new SqliteStore(file);
      try {
        expect(await reopened.findSession(hashToken('fresh'))).toMatchObject({ id: participant.id });
        expect(await reopened.findSession(hashToken('stale'))).toBeNull();
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
