import { createHash } from 'node:crypto';
import { createConnection } from 'node:net';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_UPDATE } from '../../shared/protocol.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { closeCode, message, rawSocket } from '../support/raw-socket.ts';
import { api, connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

const LIMITS = {
  maxMessageBytes: 64 * 1024,
  maxStructsPerUpdate: 500,
  messagesPerSecond: 40,
  messageBurst: 80,
  maxBufferedBytes: 256 * 1024,
  slowConsumerGraceMs: 300,
  maxConnectionsPerParticipant: 4,
  maxDocumentsPerParticipant: 2,
  participantMessagesPerSecond: 60,
  participantMessageBurst: 120,
  sessionCheckMs: 200,
};

let server: TestServer;
let resolution: string;
let strategy: string;
let chair: string;

beforeAll(async () => {
  server = await startTestServer(undefined, { limits: LIMITS, headersTimeoutMs: 500 });
  const documents = await server.store.listDocuments();
  resolution = documents.find((d) => d.kind === 'resolution')!.id;
  strategy = documents.find((d) => d.kind === 'strategy')!.id;
  chair = await signIn(server, { role: 'chair' });
});
afterAll(async () => server.dispose());

/**
 * A digest of what the store holds for a document. Compared as a string: vitest's deep equality
 * walks a Uint8Array element by element, and over a document of a few megabytes that took longer
 * than the test's timeout.
 */
const storedState = async (id = resolution) =>
  createHash('sha256').update(Y.encodeStateAsUpdate(restoreDocument(await server.store.loadDocumentState(id)))).digest('hex');
const syncUpdate = (payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, payload);
  });
const awareness = (payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });

/** A healthy participant in another room, who must not notice any of this. */
async function bystanderStillWorks(): Promise<void> {
  const other = connect(server, await signIn(server, { role: 'secretariat' }), strategy);
  try {
    await until(other, (s) => s.link === 'connected');
    ((other.doc.getXmlFragment(TEXT_FIELD).get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'ok ');
    await until(other, (s) => s.save === 'saved');
  } finally {
    other.destroy();
  }
  expect((await api(server, null, '/api/health')).status).toBe(200);
}

describe('bad input closes only the offending connection and changes nothing', () => {
  const malformed: [string, Uint8Array][] = [
    ['an empty message', new Uint8Array()],
    ['a truncated message', syncUpdate(new Uint8Array([1, 2, 3, 4, 5])).slice(0, 3)],
    ['an unknown message type', message((e) => encoding.writeVarUint(e, 42))],
    ['random bytes', Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256)],
    ['a valid envelope around garbage', syncUpdate(Uint8Array.from({ length: 40 }, (_, i) => (i * 31) % 256))],
    ['a varint out of range', new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])],
    ['an unknown sync step', message((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), encoding.writeVarUint(e, 9), encoding.writeVarUint8Array(e, new Uint8Array(2))))],
    ['malformed awareness', awareness(message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 1), encoding.writeVarString(e, '{not json'))))],
    ['an oversized awareness state', awareness(message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 1), encoding.writeVarString(e, JSON.stringify({ big: 'x'.repeat(20_000) })))))],
  ];
  for (const [name, bytes] of malformed) {
    it(name, async () => {
      const before = await storedState();
      const socket = await rawSocket(server, chair, resolution);
      const closed = closeCode(socket);
      socket.send(bytes);
      expect(await closed).toBe(CLOSE.malformedMessage);
      expect(await storedState()).toEqual(before);
    });
  }

  it('a frame over the size limit that is not a change: closed with a permanent code', async () => {
    const socket = await rawSocket(server, chair, resolution);
    const closed = closeCode(socket);
    socket.send(awareness(new Uint8Array(LIMITS.maxMessageBytes + 10)));
    expect(await closed).toBe(CLOSE.messageTooLarge);
    await bystanderStillWorks();
  });

  it('a change over the size limit: refused, and the client reloads once instead of looping', async () => {
    const before = await storedState();
    const secretariat = connect(server, await signIn(server, { role: 'secretariat' }), resolution);
    try {
      await until(secretariat, (s) => s.link === 'connected');
      ((secretariat.doc.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'y'.repeat(LIMITS.maxMessageBytes * 2));
      const refused = await until(secretariat, (s) => s.refusal !== null);
      expect(refused.refusal).toMatch(/too large/);
      await until(secretariat, (s) => s.generation === 1 && s.link === 'connected');
      expect(await storedState()).toEqual(before);
      // A change of the reloaded copy is confirmed only after everything that copy sent before
      // it has been judged: had it sent the refused change again, that refusal (and a second
      // reload) would have come first.
      ((secretariat.doc.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'fits ');
      await until(secretariat, (s) => s.save === 'saved');
      expect(secretariat.state.generation).toBe(1);
      expect(secretariat.state.link).toBe('connected');
      expect(editorDoc(restoreDocument(await server.store.loadDocumentState(resolution))).textContent).toContain('fits ');
    } finally {
      secretariat.destroy();
    }
  });

  it('an update adding too many items at once: refused', async () => {
    const before = await storedState();
    const secretariat = connect(server, await signIn(server, { role: 'secretariat' }), resolution);
    try {
      await until(secretariat, (s) => s.link === 'connected');
      const text = (secretariat.doc.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).get(0) as Y.XmlText;
      secretariat.doc.transact(() => {
        for (let i = 0; i < 600; i++) text.insert(0, 'a', i % 2 ? { bold: true } : {});
      });
      expect((await until(secretariat, (s) => s.refusal !== null)).refusal).toMatch(/too much/);
      expect(await storedState()).toEqual(before);
    } finally {
      secretariat.destroy();
    }
  });

  it('a flood of messages from one connection: closed, to come back later', async () => {
    const socket = await rawSocket(server, chair, resolution);
    const closed = closeCode(socket);
    const query = message((e) => encoding.writeVarUint(e, 3));
    for (let i = 0; i < 200; i++) socket.send(query);
    expect(await closed).toBe(CLOSE.rateLimited);
    await bystanderStillWorks();
  });

  it('a flood spread over several connections of one participant: closed too', async () => {
    const created = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Flooder', role: 'observer' }) })).json()) as { invitation: { token: string } };
    const cookie = (await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: created.invitation.token }) })).headers.get('set-cookie')!.split(';')[0]!;
    const sockets = [await rawSocket(server, cookie, resolution), await rawSocket(server, cookie, resolution)];
    const closed = Promise.race(sockets.map((s) => closeCode(s)));
    const query = message((e) => encoding.writeVarUint(e, 3));
    // 70 each: under one connection's burst (80), over the participant's (120).
    for (let i = 0; i < 70; i++) for (const s of sockets) s.send(query);
    expect(await closed).toBe(CLOSE.rateLimited);
    for (const s of sockets) s.terminate();
  });

  it('too many documents open at once by one participant are refused at the door', async () => {
    const created = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Many documents', role: 'observer' }) })).json()) as { invitation: { token: string } };
    const cookie = (await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: created.invitation.token }) })).headers.get('set-cookie')!.split(';')[0]!;
    const documents = (await server.store.listDocuments()).filter((d) => !d.restricted).map((d) => d.id);
    const open = [await rawSocket(server, cookie, documents[0]!), await rawSocket(server, cookie, documents[1]!)];
    await expect(rawSocket(server, cookie, documents[2]!)).rejects.toThrow(/429/);
    for (const s of open) s.close();
  });

  it('a connection that never finishes its request is cut off, signed in or not', async () => {
    const { port } = new URL(server.url);
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
    const started = Date.now();
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    await new Promise((r) => socket.once('close', r));
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a client that stops reading is dropped once its buffer is full', async () => {
    // A server of its own, so the megabytes written here do not slow every later test's
    // document, and with no grace: the reader is dropped at the first message sent to it past
    // the limit, after a number of writes set by the buffers' sizes, not by the clock. Large
    // messages, so a handful of writes fill the kernel's buffers under any rate limit.
    // Its writer may add as much history as the test needs: those bounds have tests of their own.
    const plenty = { historyBurstBytes: 1 << 30, historyBytesPerMinute: 1 << 30, maxParticipantHistoryBytes: 1 << 30, maxDocumentBytes: 1 << 30 };
    const own = await startTestServer(undefined, { limits: { ...LIMITS, ...plenty, maxMessageBytes: 1024 * 1024, slowConsumerGraceMs: 0 } });
    const document = (await own.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const observerCookie = await signIn(own, { role: 'observer' });
    const observer = await me(own, observerCookie);
    const reader = await rawSocket(own, observerCookie, document);
    // Stop reading: once the kernel's buffers are full, the server's messages pile up in its own.
    (reader as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(() => own.admission.of(observer.id).length, (n) => n === 1);
    const writer = connect(own, await signIn(own, { role: 'secretariat' }), document);
    try {
      await until(writer, (s) => s.link === 'connected');
      const text = (writer.doc.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).get(0) as Y.XmlText;
      let writes = 0;
      for (; writes < 60 && own.admission.of(observer.id).length > 0; writes++) {
        text.insert(0, 'z'.repeat(512 * 1024));
        await until(writer, (s) => s.save === 'saved');
      }
      // Dropped by the server, while the writer carries on.
      expect(own.admission.of(observer.id)).toHaveLength(0);
      expect(writer.state.link).toBe('connected');
    } finally {
      writer.destroy();
      reader.terminate();
      await own.dispose();
    }
  });

  it('too many connections of one participant are refused at the door', async () => {
    const created = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Many tabs', role: 'observer' }) })).json()) as { invitation: { token: string } };
    const observer = (await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: created.invitation.token }) })).headers.get('set-cookie')!.split(';')[0]!;
    const sockets = [];
    for (let i = 0; i < LIMITS.maxConnectionsPerParticipant; i++) sockets.push(await rawSocket(server, observer, resolution));
    await expect(rawSocket(server, observer, resolution)).rejects.toThrow(/429/);
    for (const s of sockets) s.close();
  });
});

describe('access follows the participant', () => {
  it('a revocation made outside this process (the CLI) closes open sockets within seconds', async () => {
    const { participant, invitation } = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Chile', role: 'delegation', delegation: 'CHL' }) })).json()) as { participant: { id: string }; invitation: { token: string } };
    const response = await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: invitation.token }) });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const socket = await rawSocket(server, cookie, resolution);
    const closed = closeCode(socket);
    await server.store.revokeParticipant(participant.id);
    expect(await closed).toBe(CLOSE.unauthenticated);
  });

  it('a change of role closes open sockets and ends the old session', async () => {
    const { participant, invitation } = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Peru', role: 'delegation', delegation: 'PER' }) })).json()) as { participant: { id: string }; invitation: { token: string } };
    const response = await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: invitation.token }) });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const socket = await rawSocket(server, cookie, resolution);
    const closed = closeCode(socket);
    const changed = await api(server, chair, `/api/participants/${participant.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'observer' }) });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ role: 'observer', delegation: null });
    expect(await closed).toBe(CLOSE.unauthenticated);
    expect((await api(server, cookie, '/api/me')).status).toBe(401);
  });

  it('a participant cannot reach a restricted document through any route', async () => {
    const restricted = (await (await api(server, chair, '/api/documents', { method: 'POST', body: JSON.stringify({ title: 'Chair\u2019s notes', restricted: true }) })).json()) as { id: string };
    const mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const routes = [
      `/api/documents/${restricted.id}/revisions`,
      `/api/documents/${restricted.id}/compare?from=live&to=live`,
      `/api/documents/${restricted.id}/audit`,
      `/api/documents/${restricted.id}/export?format=html&variant=agreed`,
    ];
    for (const route of routes) expect([403, 404]).toContain((await api(server, mexico, route)).status);
    expect((await api(server, mexico, `/api/documents/${restricted.id}/revisions`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await api(server, mexico, '/api/documents')).status).toBe(200);
    expect(((await (await api(server, mexico, '/api/documents')).json()) as { id: string }[]).map((d) => d.id)).not.toContain(restricted.id);
    await expect(rawSocket(server, mexico, restricted.id)).rejects.toThrow(/403/);
  });
});

describe('HTTP', () => {
  it('sets security headers, limits body sizes, throttles failed sign-ins, and marks cookies Secure behind HTTPS', async () => {
    // A server of its own: exhausting the failure budget of 127.0.0.1 must not affect other tests.
    const server = await startTestServer();
    const chair = await signIn(server, { role: 'chair' });
    const health = await api(server, null, '/api/health');
    expect(health.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');

    expect((await api(server, chair, '/api/documents', { method: 'POST', body: JSON.stringify({ title: 'x'.repeat(100_000) }) })).status).toBe(413);

    const token = (await (await api(server, chair, '/api/participants', { method: 'POST', body: JSON.stringify({ name: 'Haiti', role: 'delegation', delegation: 'HTI' }) })).json()) as { invitation: { token: string } };
    const viaHttps = await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: token.invitation.token }), headers: { 'x-forwarded-proto': 'https' } });
    expect(viaHttps.headers.get('set-cookie')).toMatch(/Secure/);

    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await api(server, null, '/api/session', { method: 'POST', body: JSON.stringify({ token: `wrong-token-${i}-`.padEnd(43, 'x') }) })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    await server.dispose();
  });
});

describe('a store that fails to commit', () => {
  it('refuses the update and tells the client; nothing half-written is served', async () => {
    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = connect(server, mexicoCookie, resolution);
    const chairView = connect(server, chair, resolution);
    try {
      await until(mexico, (s) => s.link === 'connected');
      await until(chairView, (s) => s.link === 'connected');
      const before = await storedState();
      const append = server.store.appendUpdates.bind(server.store);
      server.store.appendUpdates = () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
      try {
        propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('lost? ', blockStart(editorDoc(mexico.doc), 12) + 3));
        expect((await until(mexico, (s) => s.refusal !== null)).refusal).toMatch(/could not save/);
      } finally {
        server.store.appendUpdates = append;
      }
      expect(await storedState()).toEqual(before);
      // The Chair's own change is confirmed after whatever the server sent it before: had it
      // passed the unsaved change on, the Chair's copy would hold it by then.
      ((chairView.doc.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'probe ');
      await until(chairView, (s) => s.save === 'saved');
      expect(editorDoc(chairView.doc).textContent).toContain('probe ');
      expect(editorDoc(chairView.doc).textContent).not.toContain('lost? ');
      const room = (await server.registry.loaded()).find((r) => r.documentId === resolution)!;
      expect(editorDoc(room.doc).textContent).not.toContain('lost? ');
      await eventually(() => mexico.state.link, (l) => l === 'connected');
    } finally {
      mexico.destroy();
      chairView.destroy();
    }
  });
});
