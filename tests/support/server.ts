import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DocumentConnection, type ConnectionSnapshot } from '../../client/sync/document-connection.ts';
import type { Participant, Role } from '../../shared/participants.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Restarts on the same data directory (a new process would see exactly this). */
  restart(): Promise<TestServer>;
  /** Closes the server and removes its data. */
  dispose(): Promise<void>;
}

/** The real server on port 0, real SQLite in a fresh temporary directory, the demo seeded. */
export async function startTestServer(
  dataDir = mkdtempSync(join(tmpdir(), 'accord-test-')),
  options: Partial<Omit<ServerOptions, 'dataDir'>> = {},
): Promise<TestServer> {
  const server = await startServer({ port: 0, seedDemo: true, ...options, dataDir });
  return {
    ...server,
    dataDir,
    async restart() {
      await server.close();
      return startTestServer(dataDir, options);
    },
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs a participant in through a fresh invitation, as a browser would; returns its cookie. */
export async function signIn(server: RunningServer, who: { role: Role; delegation?: string }): Promise<string> {
  const participants = await server.store.listParticipants();
  const participant = participants.find((p) => p.role === who.role && (who.delegation === undefined || p.delegation === who.delegation));
  if (!participant) throw new Error(`no ${who.role} ${who.delegation ?? ''} in the demo workspace`);
  const { token } = await issueInvitation(server.store, participant.id, server.url);
  return signInWithToken(server, token);
}

export async function signInWithToken(server: RunningServer, token: string): Promise<string> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

/** The participant behind a session cookie. */
export async function me(server: RunningServer, cookie: string): Promise<Participant> {
  return (await (await api(server, cookie, '/api/me')).json()) as Participant;
}

export async function api(server: RunningServer, cookie: string | null, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (cookie) headers.set('cookie', cookie);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(`${server.url}${path}`, { ...init, headers });
}

/** A Node WebSocket that presents a session cookie, as the browser does. */
export function cookieWebSocket(cookie: string | null): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

/** A real y-websocket client, through the same connection code as the browser's editor. */
export function connect(server: RunningServer, cookie: string | null, documentId: string): DocumentConnection {
  return new DocumentConnection({
    syncUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
    documentId,
    WebSocketClass: cookieWebSocket(cookie),
  });
}

/** Waits until the connection's state satisfies `predicate`. */
export function until(connection: DocumentConnection, predicate: (s: ConnectionSnapshot) => boolean, timeoutMs = 10_000): Promise<ConnectionSnapshot> {
  if (predicate(connection.state)) return Promise.resolve(connection.state);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out; last state ${JSON.stringify(connection.state)}`));
    }, timeoutMs);
    const stop = connection.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      stop();
      resolve(s);
    });
  });
}

/** Polls a condition that has no event to wait for (another client's view, the store). */
export async function eventually<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
