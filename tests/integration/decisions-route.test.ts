import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import type { AuditRecord, RevisionRecord } from '../../server/store/store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { bracketed } from '../support/builders.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
const open: DocumentConnection[] = [];

// The draft resolution's operative paragraphs start at block 10; each test works on its own.
const OPERATIVE_1 = 10;
const OPERATIVE_2 = 11;
const OPERATIVE_4 = 13;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  chair = await signIn(server, { role: 'chair' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

async function delegation(code: string) {
  const cookie = await signIn(server, { role: 'delegation', delegation: code });
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { cookie, connection, participant: await me(server, cookie) };
}

const decide = (body: unknown) => api(server, chair, `/api/documents/${documentId}/decisions`, { method: 'POST', body: JSON.stringify(body) });
const stored = async () => editorDoc(restoreDocument(await server.store.loadDocumentState(documentId)));

describe('a paragraph proposed with Enter', () => {
  it('joins the agreed text when the Chair accepts it: numbered, unbracketed, in the agreed export', async () => {
    const mexico = await delegation('MEX');
    const doc = () => mexico.connection.doc;
    // End of operative paragraph 1, Enter, then a sentence typed into the new paragraph.
    const end = blockStart(editorDoc(doc()), OPERATIVE_2) - 2;
    propose(doc(), mexico.participant, (tr) => tr.split(end));
    const sentence = 'To encourage the exchange of best practices among member states.';
    propose(doc(), mexico.participant, (tr) => tr.insertText(sentence, blockStart(editorDoc(doc()), OPERATIVE_2)));
    await until(mexico.connection, (s) => s.save === 'saved');
    expect(mexico.connection.state.refusal).toBeNull();

    const proposed = editorDoc(doc()).child(OPERATIVE_2);
    expect(paragraphNumbers(editorDoc(doc())).get(proposed.attrs.pid as string)).toBe('1 bis');
    const pending = listAmendments(editorDoc(doc())).filter((a) => a.blockIndex === OPERATIVE_2);
    expect(pending).toEqual([expect.objectContaining({ shape: 'paragraph', delegation: 'MEX', inserted: sentence, id: proposed.attrs.proposal })]);

    expect((await decide({ action: 'accept', scope: { kind: 'amendment', id: pending[0]!.id } })).status).toBe(200);
    const accepted = (await stored()).child(OPERATIVE_2);
    expect(accepted.attrs.proposal).toBeNull();
    expect(bracketed(await stored())[OPERATIVE_2]).toBe(sentence);
    expect(paragraphNumbers(await stored()).get(accepted.attrs.pid as string)).toBe('2');

    const agreed = await (await api(server, chair, `/api/documents/${documentId}/export?format=md&variant=agreed`)).text();
    expect(agreed).toContain(`2\\. ${sentence}`);
    expect(agreed).not.toMatch(/bis/);
  });
});

describe('agreeing a paragraph', () => {
  it('is refused while an amendment is pending in it, naming it, and changes nothing; deciding it first in the same request works', async () => {
    const usa = await delegation('USA');
    propose(usa.connection.doc, usa.participant, (tr) => tr.insertText('duly ', blockStart(editorDoc(usa.connection.doc), OPERATIVE_4) + 3));
    await until(usa.connection, (s) => s.save === 'saved');
    const before = await stored();
    const paragraph = before.child(OPERATIVE_4);
    const pid = paragraph.attrs.pid as string;
    const amendment = listAmendments(before).find((a) => a.pid === pid)!;

    for (const status of ['agreed', 'adref']) {
      const refused = await decide({ action: 'status', pid, status });
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as { error: string; pid: string; pending: unknown[] };
      expect(body.error).toContain(amendment.id);
      expect(body.error).toMatch(/^A pending amendment still stands in OP \d+: \S+ \(USA, insertion\)\./);
      expect(body).toMatchObject({ pid, pending: [{ id: amendment.id, delegation: 'USA', shape: 'insertion' }] });
    }
    // Read in Spanish: the paragraph's number and the amendment's shape too.
    const inSpanish = await api(server, chair, `/api/documents/${documentId}/decisions`, {
      method: 'POST', body: JSON.stringify({ action: 'status', pid, status: 'agreed' }), headers: { 'accept-language': 'es' },
    });
    expect(((await inSpanish.json()) as { error: string }).error).toBe(
      `Una enmienda pendiente sigue en PO 4: ${amendment.id} (USA, inserción). Acéptela o recházela antes de acordar el párrafo.`,
    );
    expect((await stored()).toJSON()).toEqual(before.toJSON());

    const agreed = await decide([{ action: 'accept', scope: { kind: 'paragraph', pid } }, { action: 'status', pid, status: 'agreed' }]);
    expect(agreed.status).toBe(200);
    expect((await stored()).child(OPERATIVE_4).attrs.status).toBe('agreed');
    expect(bracketed(await stored())[OPERATIVE_4]).toMatch(/^To duly /);
    await eventually(() => editorDoc(usa.connection.doc).child(OPERATIVE_4).attrs.status, (s) => s === 'agreed');
    expect((await decide({ action: 'status', pid, status: 'open' })).status).toBe(200);
  });
});

describe('a decision that changes no text', () => {
  it('is in the audit log all the same: a status already set, a revision identical to the live text', async () => {
    const pid = (await stored()).child(OPERATIVE_1).attrs.pid as string;
    const audit = async () => (await (await api(server, chair, `/api/documents/${documentId}/audit`)).json()) as AuditRecord[];
    const updatesBefore = (await server.store.listUpdates(documentId)).length;

    expect((await decide({ action: 'status', pid, status: 'open' })).status).toBe(200);
    expect((await audit()).at(-1)).toMatchObject({ action: 'status', pid, status: 'open', seq: null });

    const revision = (await (await api(server, chair, `/api/documents/${documentId}/revisions`, { method: 'POST', body: '{}' })).json()) as RevisionRecord;
    expect((await api(server, chair, `/api/documents/${documentId}/revisions/${revision.id}/restore`, { method: 'POST' })).status).toBe(200);
    expect((await audit()).at(-1)).toMatchObject({ action: 'restored', detail: revision.name, seq: null });
    // Recorded without writing an update that changes nothing.
    expect(await server.store.listUpdates(documentId)).toHaveLength(updatesBefore);
  });
});
