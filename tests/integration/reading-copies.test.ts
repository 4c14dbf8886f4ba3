import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { MESSAGE_SYNC, SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { message, rawSocket } from '../support/raw-socket.ts';
import { api, me, signIn, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Finding 12: exports, comparisons and views convert the text through the ProseMirror binding,
 * which deletes from the Y.Doc it reads whatever the schema cannot hold. On the live document
 * that deletion was broadcast to everyone and never stored. They must read a copy.
 */
let server: TestServer;
let documentId: string;
let observer: string;
let chair: string;

/** Writes, straight into the store, text the binding would "repair": an element the schema lacks and an embed in a paragraph. */
async function storeUnreadableContent(): Promise<void> {
  const doc = restoreDocument(await server.store.loadDocumentState(documentId));
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const fragment = doc.getXmlFragment(TEXT_FIELD);
  const script = new Y.XmlElement('script');
  script.insert(0, [new Y.XmlText('alert(1)')]);
  fragment.insert(fragment.length, [script]);
  const paragraph = fragment.get(2) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).insertEmbed(1, { image: 'x' });
  const secretariat = (await server.store.listParticipants()).find((p) => p.role === 'secretariat')!;
  await server.store.appendUpdates(documentId, [{
    update: Y.mergeUpdates(updates), author: { participantId: secretariat.id, role: secretariat.role, delegation: null }, newClients: [doc.clientID],
  }]);
  doc.destroy();
}

/** What of the text the room and the store hold, to compare. */
async function stateVectors() {
  const room = await server.registry.open(documentId);
  const stored = restoreDocument(await server.store.loadDocumentState(documentId));
  const vectors = {
    live: Y.encodeStateVector(room.doc), stored: Y.encodeStateVector(stored),
    // Deletions move no state vector: the delete sets are compared through snapshots.
    same: Y.equalSnapshots(Y.snapshot(room.doc), Y.snapshot(stored)),
    liveScripts: scripts(room.doc), storedScripts: scripts(stored),
  };
  stored.destroy();
  return vectors;
}

function scripts(doc: Y.Doc): number {
  return doc.getXmlFragment(TEXT_FIELD).toArray().filter((node) => node instanceof Y.XmlElement && node.nodeName === 'script').length;
}

/** Counts the changes the server broadcasts to a socket, and answers a sync step 1 of ours. */
function listen(socket: WebSocket) {
  const seen = { broadcasts: 0, answers: [] as Uint8Array[] };
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const step = decoding.readVarUint(decoder);
    if (step === SYNC_UPDATE) seen.broadcasts++;
    if (step === SYNC_STEP_2) seen.answers.push(decoding.readVarUint8Array(decoder));
  });
  return seen;
}

/**
 * Sends a sync step 1 with `stateVector` and waits for its answer: it comes after anything the
 * room sent before, so a change made meanwhile is counted as a broadcast and is in the answer too.
 */
async function roundTrip(socket: WebSocket, seen: ReturnType<typeof listen>, stateVector: Uint8Array): Promise<ReturnType<typeof Y.decodeUpdate>> {
  const answered = seen.answers.length;
  socket.send(message((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP_1);
    encoding.writeVarUint8Array(e, stateVector);
  }));
  await expect.poll(() => seen.answers.length).toBe(answered + 1);
  return Y.decodeUpdate(seen.answers[answered]!);
}

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  observer = await signIn(server, { role: 'observer' });
  chair = await signIn(server, { role: 'chair' });
  await storeUnreadableContent();
});
afterAll(async () => server.dispose());

describe('reading the text changes nothing', () => {
  it('exports, comparisons and views leave the live document and the store as they were, and broadcast nothing', async () => {
    expect((await me(server, observer)).role).toBe('observer');
    const socket = await rawSocket(server, observer, documentId);
    const seen = listen(socket);
    const before = await stateVectors();
    expect(before.same).toBe(true);
    expect(before.liveScripts).toBe(1);

    const revision = await api(server, chair, `/api/documents/${documentId}/revisions`, { method: 'POST', body: JSON.stringify({ note: 'with odd content' }) });
    expect(revision.status).toBe(201);
    const rid = ((await revision.json()) as { id: string }).id;
    const reads = [
      `/api/documents/${documentId}/export?format=html&variant=compilation`,
      `/api/documents/${documentId}/export?format=docx&variant=agreed`,
      `/api/documents/${documentId}/export?format=md&variant=compilation&revision=${rid}`,
      `/api/documents/${documentId}/compare?from=${rid}&to=live`,
      `/api/documents/${documentId}/compare/export?from=${rid}&to=live&format=html`,
      `/api/documents/${documentId}/revisions/${rid}?view=clean`,
    ];
    for (const path of reads) expect((await api(server, observer, path)).status, path).toBe(200);

    const missing = await roundTrip(socket, seen, before.live);
    expect(seen.broadcasts).toBe(0);
    expect(missing.structs).toHaveLength(0);
    expect(missing.ds.clients.size).toBe(0);

    const after = await stateVectors();
    expect(after.live).toEqual(before.live);
    expect(after.stored).toEqual(before.stored);
    expect(after.same).toBe(true);
    expect(after.liveScripts).toBe(1);
    socket.close();
  });

  it('a decision reads a copy too: one refused changes nothing anywhere', async () => {
    const socket = await rawSocket(server, observer, documentId);
    const seen = listen(socket);
    const decided = await api(server, chair, `/api/documents/${documentId}/decisions`, {
      method: 'POST', body: JSON.stringify({ action: 'status', pid: 'p-nowhere', status: 'agreed' }),
    });
    expect(decided.status).toBe(409);
    const after = await stateVectors();
    const missing = await roundTrip(socket, seen, after.live);
    expect(missing.ds.clients.size).toBe(0);
    expect(after.same).toBe(true);
    expect(after.liveScripts).toBe(1);
    expect(seen.broadcasts).toBe(0);
    socket.close();
  });
});
