import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DocumentConnection } from '../../client/sync/document-connection.ts';
import { CLOSE, encodeHeartbeat, MESSAGE_HEARTBEAT } from '../../shared/protocol.ts';
import { closeCode, rawSocket } from '../support/raw-socket.ts';
import { SilentLink } from '../support/silent-link.ts';
import { connect, cookieWebSocket, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';
import { blockText } from '../support/text.ts';

/**
 * Heartbeats both ways. The server pings every socket and drops one that stops answering; a
 * client asks for a heartbeat when the server has been quiet and gives up on a link that does
 * not answer. Short windows here, so nothing waits long; the tests wait for what happens.
 */
// Short, but with room for a loaded machine's event loop: a healthy link must never miss them.
const HEARTBEAT = { heartbeatIntervalMs: 50, heartbeatTimeoutMs: 2_000, maxConnectionsPerParticipant: 1 };
const LINK = { quietMs: 100, silenceMs: 2_000, connectMs: 3_000 };

let server: TestServer;
let resolution: string;
let strategy: string;
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  server = await startTestServer(undefined, { limits: HEARTBEAT });
  const documents = await server.store.listDocuments();
  resolution = documents.find((d) => d.kind === 'resolution')!.id;
  strategy = documents.find((d) => d.kind === 'strategy')!.id;
});
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});
afterAll(async () => server.dispose());

function nextMessage(socket: WebSocket, accept: (data: Uint8Array) => boolean): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const listener = (data: Buffer) => {
      const bytes = new Uint8Array(data);
      if (!accept(bytes)) return;
      socket.off('message', listener);
      resolve(bytes);
    };
    socket.on('message', listener);
  });
}

describe('the server\u2019s heartbeat', () => {
  it('drops a socket that stops answering: its room unloads and it no longer counts against the participant\u2019s connections', async () => {
    const cookie = await signIn(server, { role: 'observer' });
    const observer = await me(server, cookie);
    const silent = await rawSocket(server, cookie, strategy);
    cleanup.push(() => silent.terminate());
    await eventually(() => server.registry.isLoaded(strategy) && server.admission.of(observer.id).length === 1, Boolean);
    await expect(rawSocket(server, cookie, strategy)).rejects.toThrow('refused: 429');

    // A client that froze: it reads nothing more, so it never answers a ping.
    silent.pause();
    await eventually(() => server.admission.of(observer.id).length, (n) => n === 0);
    await eventually(() => server.registry.isLoaded(strategy), (loaded) => !loaded);
    const again = await rawSocket(server, cookie, strategy);
    cleanup.push(() => again.terminate());
    expect(again.readyState).toBe(WebSocket.OPEN);
  });

  it('keeps a socket that answers its pings, however long it stays quiet', async () => {
    const cookie = await signIn(server, { role: 'delegation', delegation: 'USA' });
    const quiet = await rawSocket(server, cookie, strategy);
    cleanup.push(() => quiet.terminate());
    let pings = 0;
    quiet.on('ping', () => pings++);
    // Eighty pings take twice the time after which a socket that did not answer is dropped.
    await eventually(() => pings, (n) => n >= 80);
    expect(quiet.readyState).toBe(WebSocket.OPEN);
    expect(server.admission.of((await me(server, cookie)).id)).toHaveLength(1);
  });

  it('answers a client\u2019s heartbeat, and closes a connection that sends a malformed one', async () => {
    const cookie = await signIn(server, { role: 'delegation', delegation: 'CAN' });
    const socket = await rawSocket(server, cookie, resolution);
    cleanup.push(() => socket.terminate());
    const answer = nextMessage(socket, (m) => m[0] === MESSAGE_HEARTBEAT);
    socket.send(encodeHeartbeat());
    expect(await answer).toEqual(encodeHeartbeat());

    const closed = closeCode(socket);
    socket.send(Uint8Array.of(MESSAGE_HEARTBEAT, 0));
    expect(await closed).toBe(CLOSE.malformedMessage);
  });
});

describe('the client\u2019s heartbeat', () => {
  it('shows a silent link as offline within its window, keeps the change, and saves it once the link returns', async () => {
    const chair = connect(server, await signIn(server, { role: 'chair' }), resolution);
    cleanup.push(() => chair.destroy());
    const link = await SilentLink.open(server.port);
    cleanup.push(() => link.dispose());
    const secretariat = new DocumentConnection({
      syncUrl: `${link.url.replace(/^http/, 'ws')}/sync`,
      documentId: resolution,
      WebSocketClass: cookieWebSocket(await signIn(server, { role: 'secretariat' })),
      link: LINK,
    });
    cleanup.push(() => secretariat.destroy());
    await until(chair, (s) => s.link === 'connected');
    await until(secretariat, (s) => s.link === 'connected');

    link.cut();
    blockText(secretariat.doc, 2).insert(0, 'typed into a dead link ');
    expect(secretariat.state).toMatchObject({ link: 'connected', save: 'saving' });
    // y-websocket alone would go on showing "Connected · Saving…" for 30 s.
    expect(await until(secretariat, (s) => s.link === 'offline', 10_000)).toMatchObject({ save: 'offline-unsaved' });

    link.restore();
    await until(secretariat, (s) => s.link === 'connected' && s.save === 'saved');
    await eventually(() => blockText(chair.doc, 2).toString(), (text) => text.startsWith('typed into a dead link '));
  });

  it('keeps a healthy but quiet link connected', async () => {
    const quiet = new DocumentConnection({
      syncUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
      documentId: resolution,
      WebSocketClass: cookieWebSocket(await signIn(server, { role: 'observer' })),
      link: LINK,
    });
    cleanup.push(() => quiet.destroy());
    await until(quiet, (s) => s.link === 'connected');
    const seen = new Set<string>();
    cleanup.push(quiet.subscribe((s) => seen.add(s.link)));
    let answered = 0;
    quiet.provider.ws?.addEventListener('message', (event) => {
      if (new Uint8Array(event.data as ArrayBuffer)[0] === MESSAGE_HEARTBEAT) answered++;
    });
    // Nothing else is said in the room: every heartbeat answered is a quiet spell survived, and
    // forty of them last twice the silence after which a link is given up.
    await eventually(() => answered, (n) => n >= 40);
    expect(quiet.state.link).toBe('connected');
    expect([...seen].filter((link) => link !== 'connected')).toEqual([]);
  });
});
