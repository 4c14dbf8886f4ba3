import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import type { Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import type { AuditRecord } from '../../server/store/store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { bracketed } from '../support/builders.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
const open: DocumentConnection[] = [];

interface Seat {
  cookie: string;
  participant: Participant;
  connection: DocumentConnection;
}

async function seat(who: Parameters<typeof signIn>[1]): Promise<Seat> {
  const cookie = await signIn(server, who);
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { cookie, participant: await me(server, cookie), connection };
}

/** The stored document, rebuilt from the database as a restart would. */
async function stored(): Promise<Y.Doc> {
  return restoreDocument(await server.store.loadDocumentState(documentId));
}

async function storedState(): Promise<Uint8Array> {
  return Y.encodeStateAsUpdate(await stored());
}

/** Sends a hand-made update and waits for the server's refusal. */
async function refused(s: Seat, edit: (doc: Y.Doc) => void): Promise<string> {
  edit(s.connection.doc);
  const state = await until(s.connection, (x) => x.refusal !== null);
  return state.refusal!;
}

// Operative paragraph 1 of the draft resolution is block 10 ("To take note …"); each test
// amends its own paragraph, so what one leaves pending does not shift another's positions.
const OPERATIVE_1 = 10;
const OPERATIVE_3 = 12;
const inParagraph = (doc: Y.Doc, block = OPERATIVE_3) => listAmendments(editorDoc(doc)).filter((a) => a.blockIndex === block);
const at = (doc: Y.Doc, offset: number, block = OPERATIVE_1) => blockStart(editorDoc(doc), block) + offset;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('the server refuses forbidden changes and stores nothing of them', () => {
  it('a hand-made update from a delegation that deletes base text', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const before = await storedState();
    const block = mexico.connection.doc.getXmlFragment(TEXT_FIELD).get(OPERATIVE_1) as Y.XmlElement;
    expect(await refused(mexico, () => (block.get(0) as Y.XmlText).delete(0, 7))).toMatch(/own/);
    expect(await storedState()).toEqual(before);
  });

  it('an update that forges another delegation\u2019s mark', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const usa = await me(server, await signIn(server, { role: 'delegation', delegation: 'USA' }));
    const before = await storedState();
    const reason = await refused(mexico, (doc) => propose(doc, usa, (tr) => tr.insertText('forged ', at(doc, 3))));
    expect(reason).toMatch(/own/);
    expect(await storedState()).toEqual(before);
  });

  it('an observer\u2019s proposal', async () => {
    const observer = await seat({ role: 'observer' });
    const before = await storedState();
    expect(await refused(observer, (doc) => propose(doc, observer.participant, (tr) => tr.insertText('x', at(doc, 3))))).toMatch(/observers/);
    expect(await storedState()).toEqual(before);
  });

  it('the Secretariat deleting a delegation\u2019s pending text', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    propose(mexico.connection.doc, mexico.participant, (tr) => tr.insertText('firmly ', at(mexico.connection.doc, 3)));
    await until(mexico.connection, (s) => s.save === 'saved');
    const secretariat = await seat({ role: 'secretariat' });
    const before = await storedState();
    const block = secretariat.connection.doc.getXmlFragment(TEXT_FIELD).get(OPERATIVE_1) as Y.XmlElement;
    expect(await refused(secretariat, () => (block.get(0) as Y.XmlText).delete(3, 7))).toMatch(/decision of the Chair/);
    expect(await storedState()).toEqual(before);
  });
});

describe('proposing, supporting and deciding', () => {
  it('two delegations propose on the same words; the Chair accepts one; everyone sees the result; the audit log has it', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const usa = await seat({ role: 'delegation', delegation: 'USA' });
    const chair = await seat({ role: 'chair' });
    // "To instruct the General Secretariat" — both replace "instruct" (offsets 3..11).
    propose(mexico.connection.doc, mexico.participant, (tr) => tr.insertText('request', at(mexico.connection.doc, 3, OPERATIVE_3), at(mexico.connection.doc, 11, OPERATIVE_3)));
    await until(mexico.connection, (s) => s.save === 'saved');
    await eventually(() => inParagraph(usa.connection.doc).length, (n) => n === 1);
    propose(usa.connection.doc, usa.participant, (tr) => tr.insertText('call upon', at(usa.connection.doc, 3, OPERATIVE_3), at(usa.connection.doc, 11, OPERATIVE_3)));
    await until(usa.connection, (s) => s.save === 'saved');

    const amendments = await eventually(() => inParagraph(chair.connection.doc), (list) => list.length === 2);
    const mex = amendments.find((a) => a.delegation === 'MEX')!;
    const us = amendments.find((a) => a.delegation === 'USA')!;
    expect(mex.rivals).toEqual([us.id]);
    expect(mex.author).toBe(mexico.participant.id);

    // USA supports Mexico's proposal; Mexico explains it.
    usa.connection.doc.getMap(SUPPORTERS).set(supporterKey(mex.id, 'USA'), { author: usa.participant.id, at: new Date().toISOString() });
    await until(usa.connection, (s) => s.save === 'saved');
    expect(usa.connection.state.refusal).toBeNull();

    expect((await api(server, usa.cookie, `/api/documents/${documentId}/decisions`, { method: 'POST', body: JSON.stringify({ action: 'accept', scope: { kind: 'amendment', id: us.id } }) })).status).toBe(403);
    expect((await api(server, chair.cookie, `/api/documents/${documentId}/decisions`, { method: 'POST', body: '{"action":"accept"}' })).status).toBe(400);
    const decided = await api(server, chair.cookie, `/api/documents/${documentId}/decisions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'accept', scope: { kind: 'amendment', id: mex.id } }),
    });
    expect(decided.status).toBe(200);

    const expected = 'To request the General Secretariat to prepare';
    for (const s of [mexico, usa, chair]) {
      await eventually(() => bracketed(editorDoc(s.connection.doc))[OPERATIVE_3] ?? '', (line) => line.startsWith(expected));
    }
    expect(bracketed(editorDoc(await stored()))[OPERATIVE_3]).toMatch(/^To request the General Secretariat to prepare/);
    expect(inParagraph(chair.connection.doc)).toHaveLength(0);

    const audit = (await (await api(server, chair.cookie, `/api/documents/${documentId}/audit`)).json()) as AuditRecord[];
    expect(audit).toEqual([
      expect.objectContaining({ action: 'accepted', amendmentId: mex.id, delegation: 'MEX', inserted: 'request', deleted: 'instruct', participantId: chair.participant.id }),
      expect.objectContaining({ action: 'rejected', amendmentId: us.id, delegation: 'USA', because: mex.id }),
    ]);
    expect((await api(server, mexico.cookie, `/api/documents/${documentId}/audit`)).status).toBe(403);

    const again = await api(server, chair.cookie, `/api/documents/${documentId}/decisions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'accept', scope: { kind: 'amendment', id: mex.id } }),
    });
    expect(again.status).toBe(409);
  });

  it('an agreed paragraph takes no new amendments until the Chair reopens it', async () => {
    const chair = await seat({ role: 'chair' });
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const pid = editorDoc(chair.connection.doc).child(OPERATIVE_1 + 1).attrs.pid as string; // operative 2
    const decide = (status: string) =>
      api(server, chair.cookie, `/api/documents/${documentId}/decisions`, { method: 'POST', body: JSON.stringify({ action: 'status', pid, status }) });
    expect((await decide('agreed')).status).toBe(200);
    await eventually(() => editorDoc(mexico.connection.doc).child(OPERATIVE_1 + 1).attrs.status, (s) => s === 'agreed');
    expect(() => propose(mexico.connection.doc, mexico.participant, (tr) => tr.insertText('x', blockStart(editorDoc(mexico.connection.doc), OPERATIVE_1 + 1) + 2))).toThrow(/agreed/);
    // A hand-made update would be refused by the server all the same.
    const block = mexico.connection.doc.getXmlFragment(TEXT_FIELD).get(OPERATIVE_1 + 1) as Y.XmlElement;
    expect(await refused(mexico, () => (block.get(0) as Y.XmlText).insert(0, 'x'))).toMatch(/agreed/);

    expect((await decide('open')).status).toBe(200);
    const fresh = await seat({ role: 'delegation', delegation: 'MEX' });
    await eventually(() => editorDoc(fresh.connection.doc).child(OPERATIVE_1 + 1).attrs.status, (s) => s === 'open');
    propose(fresh.connection.doc, fresh.participant, (tr) => tr.insertText('now ', blockStart(editorDoc(fresh.connection.doc), OPERATIVE_1 + 1) + 3));
    await until(fresh.connection, (s) => s.save === 'saved');
    expect(fresh.connection.state.refusal).toBeNull();
  });
});
