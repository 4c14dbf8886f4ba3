import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, eventually, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * The server checks its open sockets against their sessions every few milliseconds here. A
 * store that fails during that check once ended the process (an unhandled rejection), and a
 * check still running when the server closed met the store closed under it.
 */
let server: TestServer;
let resolution: string;
const unhandled: unknown[] = [];
const noteUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  server = await startTestServer(undefined, { limits: { sessionCheckMs: 20 } });
  resolution = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  process.on('unhandledRejection', noteUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', noteUnhandled);
});

describe('checking open sockets against their sessions', () => {
  it('survives a store that fails during a check, and the server closes only once the check in flight is done', async () => {
    const mexico = connect(server, await signIn(server, { role: 'delegation', delegation: 'MEX' }), resolution);
    await until(mexico, (s) => s.link === 'connected');

    const findSession = server.store.findSession.bind(server.store);
    let failures = 0;
    server.store.findSession = () => {
      failures++;
      return Promise.reject(new Error('connection terminated unexpectedly'));
    };
    await eventually(() => failures, (n) => n >= 3);
    server.store.findSession = findSession;
    // Nothing thrown past the check, the server still answers, and the socket was left alone.
    expect(unhandled).toEqual([]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(mexico.state.link).toBe('connected');

    // A check held up in the store while the server closes: the store closes after it.
    const events: string[] = [];
    let release = (): void => undefined;
    let held = false;
    server.store.findSession = (hash) => {
      held = true;
      return new Promise((resolve) => {
        release = () => {
          events.push('check done');
          resolve(findSession(hash));
        };
      });
    };
    const close = server.store.close.bind(server.store);
    server.store.close = () => {
      events.push('store closed');
      return close();
    };
    await eventually(() => held, (h) => h);
    const closing = server.dispose();
    // The server has stopped listening, and still waits for the check, however long it takes.
    await eventually(() => fetch(`${server.url}/api/health`).then(() => 'answering', () => 'stopped'), (s) => s === 'stopped');
    expect(events).toEqual([]);
    release();
    await closing;
    mexico.destroy();
    expect(events).toEqual(['check done', 'store closed']);
    expect(unhandled).toEqual([]);
  });
});
