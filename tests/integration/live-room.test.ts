import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { CLOSE, SCHEMA_VERSION } from '../../shared/protocol.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { connect, cookieWebSocket, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';
import { blockText, plainText } from '../support/text.ts';

let server: TestServer;
let resolutionId: string;
const open: DocumentConnection[] = [];

function join(cookie: string, documentId = resolutionId): DocumentConnection {
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  return connection;
}

async function storedText(documentId = resolutionId): Promise<string> {
  const doc = restoreDocument(await server.store.loadDocumentState(documentId));
  const text = plainText(doc);
  doc.destroy();
  return text;
}

beforeAll(async () => {
  server = await startTestServer();
  const documents = await server.store.listDocuments();
  resolutionId = documents.find((d) => d.kind === 'resolution')!.id;
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('a live negotiation room', () => {
  it('lets two participants edit together and converge on the same text', async () => {
    const chair = join(await signIn(server, { role: 'chair' }));
    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = join(mexicoCookie);
    await until(chair, (s) => s.link === 'connected');
    await until(mexico, (s) => s.link === 'connected');

    blockText(chair.doc, 3).insert(0, 'Chair: ');
    propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('Mexico: ', blockStart(editorDoc(mexico.doc), 4)));

    await until(chair, (s) => s.save === 'saved');
    await until(mexico, (s) => s.save === 'saved');
    await eventually(() => plainText(chair.doc) === plainText(mexico.doc) && plainText(chair.doc).includes('Mexico: '), Boolean);
    expect(plainText(chair.doc)).toContain('Chair: ');
    expect(await storedText()).toBe(plainText(chair.doc));
  });

  it('refuses every change an observer sends; the stored document and the others stay unchanged', async () => {
    const chair = join(await signIn(server, { role: 'chair' }));
    const observer = join(await signIn(server, { role: 'observer' }));
    await until(chair, (s) => s.link === 'connected');
    await until(observer, (s) => s.link === 'connected');
    const before = await storedText();

    blockText(observer.doc, 2).insert(0, 'OBSERVER WAS HERE ');
    const refused = await until(observer, (s) => s.refusal !== null);
    expect(refused.refusal).toMatch(/observers/);
    // The observer's copy is dropped and loaded anew from the server.
    await until(observer, (s) => s.generation === 1 && s.link === 'connected');
    expect(plainText(observer.doc)).toBe(before);
    expect(await storedText()).toBe(before);
    expect(plainText(chair.doc)).toBe(before);
  });

  it('refuses a socket without a valid session, for an unknown document, or without access, before loading anything', async () => {
    const documents = await server.store.listDocuments();
    const restricted = await server.store.createDocument({ title: 'Chair\u2019s non-paper', symbol: '', kind: 'other', restricted: true }, null, []);
    const mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const attempts: [string | null, string, number][] = [
      [null, documents[0]!.id, 401],
      ['accord_session=forged-session-value', documents[0]!.id, 401],
      [mexico, '00000000-0000-0000-0000-000000000000', 404],
      [mexico, 'Not a valid id!', 404],
      [mexico, restricted.id, 403],
    ];
    for (const [cookie, documentId, status] of attempts) {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${encodeURIComponent(documentId)}?schema=${SCHEMA_VERSION}`, cookie ? { headers: { cookie } } : {});
      const refusedWith = await new Promise<number>((resolve, reject) => {
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => reject(new Error('socket was accepted')));
      });
      expect(refusedWith).toBe(status);
      expect(server.registry.isLoaded(documentId)).toBe(false);
    }
  });

  it('closes a client on another schema version with a permanent code', async () => {
    const cookie = await signIn(server, { role: 'chair' });
    const Socket = cookieWebSocket(cookie);
    const socket = new Socket(`${server.url.replace('http', 'ws')}/sync/${resolutionId}?schema=0`);
    const code = await new Promise<number>((resolve) => socket.addEventListener('close', (e) => resolve(e.code)));
    expect(code).toBe(CLOSE.schemaMismatch);
  });

  it('replaces a forged awareness identity with the one from the session', async () => {
    const chair = join(await signIn(server, { role: 'chair' }));
    const mexico = join(await signIn(server, { role: 'delegation', delegation: 'MEX' }));
    await until(chair, (s) => s.link === 'connected');
    await until(mexico, (s) => s.link === 'connected');
    mexico.provider.awareness.setLocalStateField('user', { name: 'Chair', role: 'chair', delegation: 'USA', participantId: 'someone-else' });
    const seen = await eventually(
      () => chair.provider.awareness.getStates().get(mexico.doc.clientID)?.user as Record<string, unknown> | undefined,
      (user) => user !== undefined,
    );
    expect(seen).toMatchObject({ name: 'Mexico', role: 'delegation', delegation: 'MEX', label: 'MEX' });
  });

  it('refuses updates carrying another participant\u2019s client id', async () => {
    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = join(mexicoCookie);
    await until(mexico, (s) => s.link === 'connected');
    propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('x', blockStart(editorDoc(mexico.doc), 3)));
    await until(mexico, (s) => s.save === 'saved');
    const before = await storedText();

    // A second participant forges updates under Mexico's client id.
    const usa = join(await signIn(server, { role: 'delegation', delegation: 'USA' }));
    await until(usa, (s) => s.link === 'connected');
    const forger = new Y.Doc();
    Y.applyUpdate(forger, Y.encodeStateAsUpdate(usa.doc));
    forger.clientID = mexico.doc.clientID;
    blockText(forger, 3).insert(0, 'forged ');
    Y.applyUpdate(usa.doc, Y.encodeStateAsUpdate(forger, Y.encodeStateVector(usa.doc)));
    const refused = await until(usa, (s) => s.refusal !== null);
    expect(refused.refusal).toMatch(/client id/);
    expect(await storedText()).toBe(before);
  });

  it('loses nothing that was acknowledged when the server restarts', async () => {
    const cookie = await signIn(server, { role: 'secretariat' });
    const secretariat = join(cookie);
    await until(secretariat, (s) => s.link === 'connected');
    for (let i = 0; i < 20; i++) blockText(secretariat.doc, 5).insert(0, `${i} `);
    await until(secretariat, (s) => s.save === 'saved');
    const acknowledged = plainText(secretariat.doc);
    secretariat.destroy();

    server = await server.restart();
    const reader = join(await signIn(server, { role: 'observer' }));
    await until(reader, (s) => s.link === 'connected');
    expect(plainText(reader.doc)).toBe(acknowledged);
  });

  it('syncs edits made offline when the connection returns', async () => {
    const chair = join(await signIn(server, { role: 'chair' }));
    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = join(mexicoCookie);
    await until(chair, (s) => s.link === 'connected');
    await until(mexico, (s) => s.link === 'connected');
    mexico.provider.disconnect();
    await until(mexico, (s) => s.link === 'offline' || s.link === 'connecting');
    propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('offline words ', blockStart(editorDoc(mexico.doc), 6)));
    expect((await until(mexico, (s) => s.save !== 'saved')).save).toBe('offline-unsaved');
    mexico.provider.connect();
    await until(mexico, (s) => s.save === 'saved' && s.link === 'connected');
    await eventually(() => plainText(chair.doc).includes('offline words '), Boolean);
  });
});

describe('room lifecycle', () => {
  it('loads a document once however many join at once, and unloads it when the last one leaves', async () => {
    const documents = await server.store.listDocuments();
    const strategy = documents.find((d) => d.kind === 'strategy')!.id;
    let loads = 0;
    const load = server.store.loadDocumentState.bind(server.store);
    server.store.loadDocumentState = (id) => {
      if (id === strategy) loads++;
      return load(id);
    };
    try {
      const cookie = await signIn(server, { role: 'observer' });
      const clients = Array.from({ length: 6 }, () => join(cookie, strategy));
      await Promise.all(clients.map((c) => until(c, (s) => s.link === 'connected')));
      expect(loads).toBe(1);
      const texts = new Set(clients.map((c) => plainText(c.doc)));
      expect(texts.size).toBe(1);
      for (const c of clients) c.destroy();
      await eventually(() => server.registry.isLoaded(strategy), (loaded) => !loaded);
    } finally {
      server.store.loadDocumentState = load;
    }
  });

  it('never serves or overwrites a document that failed to load', async () => {
    const created = await server.store.createDocument({ title: 'Damaged', symbol: '', kind: 'other', restricted: false }, null, []);
    // An update that cannot be decoded stands for a damaged row.
    await server.store.appendUpdates(created.id, [{ update: new Uint8Array([0xff, 0xff, 0xff]), author: { participantId: 'system', role: 'system', delegation: null }, newClients: [] }]);
    const rowsBefore = (await server.store.listUpdates(created.id)).length;
    const chair = join(await signIn(server, { role: 'chair' }), created.id);
    const closed = await until(chair, (s) => s.link === 'offline', 5_000);
    expect(closed.link).toBe('offline');
    expect(chair.doc.getXmlFragment('default').length).toBe(0);
    expect((await server.store.listUpdates(created.id)).length).toBe(rowsBefore);
    expect(server.registry.isLoaded(created.id)).toBe(false);
  });
});
