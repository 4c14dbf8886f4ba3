import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { RATIONALES } from '../../shared/document-parts.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import type { AuditRecord } from '../../server/store/store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { bracketed } from '../support/builders.ts';
import { blockStart, editDirectly, editorDoc, propose } from '../support/editing.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
const open: DocumentConnection[] = [];
const OPERATIVE_4 = 13;
const OPERATIVE_5 = 14;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  chair = await signIn(server, { role: 'chair' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

async function join(who: { role: 'delegation' | 'secretariat'; delegation?: string }) {
  const cookie = await signIn(server, who);
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { cookie, connection, participant: await me(server, cookie) };
}

const post = (cookie: string, path: string, body: unknown = {}) => api(server, cookie, path, { method: 'POST', body: JSON.stringify(body) });
const decide = (body: unknown) => post(chair, `/api/documents/${documentId}/decisions`, body);
const undo = (decision: number | string, cookie = chair) => post(cookie, `/api/documents/${documentId}/decisions/${decision}/undo`);
const audit = async () => (await (await api(server, chair, `/api/documents/${documentId}/audit`)).json()) as AuditRecord[];
const stored = async () => editorDoc(restoreDocument(await server.store.loadDocumentState(documentId)));

describe('undoing a decision', () => {
  it('gives back every amendment of a bulk decision exactly as it was, supporters and rationale included; the undo is logged', async () => {
    const jamaica = await join({ role: 'delegation', delegation: 'JAM' });
    const doc = () => jamaica.connection.doc;
    const at4 = editorDoc(doc()).child(OPERATIVE_4).textContent.indexOf('meeting of experts');
    propose(doc(), jamaica.participant, (tr) => tr.insertText('regional ', blockStart(editorDoc(doc()), OPERATIVE_4) + at4));
    propose(doc(), jamaica.participant, (tr) => tr.delete(blockStart(editorDoc(doc()), OPERATIVE_5) + 3, blockStart(editorDoc(doc()), OPERATIVE_5) + 12));
    await until(jamaica.connection, (s) => s.save === 'saved' && s.refusal === null);
    const proposed = listAmendments(editorDoc(doc())).filter((a) => a.delegation === 'JAM');
    expect(proposed).toHaveLength(2);
    doc().getMap(RATIONALES).set(proposed[0]!.id, { text: 'Regional scope is agreed language.', author: jamaica.participant.id, at: new Date().toISOString() });
    const mexico = await join({ role: 'delegation', delegation: 'MEX' });
    mexico.connection.doc.getMap(SUPPORTERS).set(supporterKey(proposed[1]!.id, 'MEX'), { author: mexico.participant.id, at: new Date().toISOString() });
    await until(jamaica.connection, (s) => s.save === 'saved');
    await until(mexico.connection, (s) => s.save === 'saved');
    const before = await stored();

    expect((await decide({ action: 'reject', scope: { kind: 'delegation', delegation: 'JAM' } })).status).toBe(200);
    expect(listAmendments(await stored()).filter((a) => a.delegation === 'JAM')).toEqual([]);
    const rejected = (await audit()).filter((r) => r.action === 'rejected' && r.delegation === 'JAM');
    expect(rejected).toHaveLength(2);
    const decision = rejected[0]!.decision;
    expect(rejected.every((r) => r.decision === decision && r.undoable)).toBe(true);

    const answer = await undo(decision);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { returned: string[] }).returned.sort()).toEqual(proposed.map((a) => a.id).sort());
    const after = await stored();
    expect(bracketed(after)).toEqual(bracketed(before));
    expect(after.toJSON()).toEqual(before.toJSON());
    const supporters = [...restoreDocument(await server.store.loadDocumentState(documentId)).getMap(SUPPORTERS).keys()];
    expect(supporters).toContain(supporterKey(proposed[1]!.id, 'MEX'));
    expect(restoreDocument(await server.store.loadDocumentState(documentId)).getMap(RATIONALES).get(proposed[0]!.id)).toMatchObject({ text: 'Regional scope is agreed language.' });

    const log = await audit();
    const undoRows = log.filter((r) => r.action === 'undone');
    expect(undoRows.map((r) => [r.undoes, r.amendmentId, r.detail]).sort()).toEqual(proposed.map((a) => [decision, a.id, 'rejected']).sort());
    expect(log.filter((r) => r.decision === decision).every((r) => r.undoneBy === undoRows[0]!.decision && !r.undoable)).toBe(true);

    // Once only; an undo is not undone; only the Chair undoes.
    expect(await (await undo(decision)).json()).toEqual({ error: `Decision ${decision} was already undone (decision ${undoRows[0]!.decision}).` });
    expect((await undo(undoRows[0]!.decision)).status).toBe(409);
    expect((await undo(decision, jamaica.cookie)).status).toBe(403);
    expect((await undo('first')).status).toBe(400);
    expect((await undo(999999)).status).toBe(409);
    expect((await decide({ action: 'reject', scope: { kind: 'delegation', delegation: 'JAM' } })).status).toBe(200);
  });

  it('refuses, changing nothing, when the words it would restore are no longer there', async () => {
    const jamaica = await join({ role: 'delegation', delegation: 'JAM' });
    const doc = () => jamaica.connection.doc;
    propose(doc(), jamaica.participant, (tr) => tr.insertText('duly ', blockStart(editorDoc(doc()), OPERATIVE_5) + 3));
    await until(jamaica.connection, (s) => s.save === 'saved' && s.refusal === null);
    const amendment = listAmendments(editorDoc(doc())).find((a) => a.delegation === 'JAM' && a.inserted === 'duly ')!;
    expect((await decide({ action: 'accept', scope: { kind: 'amendment', id: amendment.id } })).status).toBe(200);
    const decision = (await audit()).find((r) => r.amendmentId === amendment.id)!.decision;

    // The Secretariat then edits the accepted words away.
    const secretariat = await join({ role: 'secretariat' });
    await until(secretariat.connection, () => editorDoc(secretariat.connection.doc).child(OPERATIVE_5).textContent.includes('duly'));
    const start = blockStart(editorDoc(secretariat.connection.doc), OPERATIVE_5) + editorDoc(secretariat.connection.doc).child(OPERATIVE_5).textContent.indexOf('duly ');
    editDirectly(secretariat.connection.doc, (tr) => tr.delete(start, start + 5));
    await until(secretariat.connection, (s) => s.save === 'saved' && s.refusal === null);
    const before = await stored();
    const entries = (await audit()).length;

    const answer = await undo(decision);
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { error: string }).error).toMatch(/cannot be undone: the words of JAM’s amendment .*“duly”.* are no longer in the text/);
    expect((await stored()).toJSON()).toEqual(before.toJSON());
    expect(await audit()).toHaveLength(entries);
  });

  it('gives back a proposed paragraph, rejected or accepted, with its words and its proposal', async () => {
    const jamaica = await join({ role: 'delegation', delegation: 'JAM' });
    const doc = () => jamaica.connection.doc;
    propose(doc(), jamaica.participant, (tr) => tr.split(blockStart(editorDoc(doc()), OPERATIVE_5) - 2));
    propose(doc(), jamaica.participant, (tr) => tr.insertText('To welcome the work of the Secretariat.', blockStart(editorDoc(doc()), OPERATIVE_5)));
    await until(jamaica.connection, (s) => s.save === 'saved' && s.refusal === null);
    const proposal = listAmendments(editorDoc(doc())).find((a) => a.delegation === 'JAM' && a.shape === 'paragraph')!;
    const before = await stored();
    for (const action of ['reject', 'accept']) {
      expect((await decide({ action, scope: { kind: 'amendment', id: proposal.id } })).status).toBe(200);
      expect((await stored()).toJSON()).not.toEqual(before.toJSON());
      expect((await undo((await audit()).at(-1)!.decision)).status).toBe(200);
      expect((await stored()).toJSON()).toEqual(before.toJSON());
    }
    expect((await decide({ action: 'reject', scope: { kind: 'amendment', id: proposal.id } })).status).toBe(200);
  });

  it('undoes a status decision and a restore', async () => {
    const pid = (await stored()).child(OPERATIVE_4 + 2).attrs.pid as string;
    expect((await decide({ action: 'status', pid, status: 'agreed' })).status).toBe(200);
    const agreed = (await audit()).at(-1)!;
    expect((await undo(agreed.decision)).status).toBe(200);
    expect((await stored()).child(OPERATIVE_4 + 2).attrs.status).toBe('open');
    expect((await audit()).at(-1)).toMatchObject({ action: 'undone', pid, status: 'open', undoes: agreed.decision });

    const rev = (await (await post(chair, `/api/documents/${documentId}/revisions`, {})).json()) as { id: string };
    const jamaica = await join({ role: 'delegation', delegation: 'JAM' });
    propose(jamaica.connection.doc, jamaica.participant, (tr) => tr.insertText('all ', blockStart(editorDoc(jamaica.connection.doc), OPERATIVE_4) + 3));
    await until(jamaica.connection, (s) => s.save === 'saved' && s.refusal === null);
    const withProposal = await stored();
    expect((await post(chair, `/api/documents/${documentId}/revisions/${rev.id}/restore`)).status).toBe(200);
    const restore = (await audit()).filter((r) => r.action === 'restored');
    expect(restore.at(-1)).toMatchObject({ delegation: 'JAM', inserted: 'all ', detail: 'set aside' });
    expect((await undo(restore.at(-1)!.decision)).status).toBe(200);
    expect(bracketed(await stored())).toEqual(bracketed(withProposal));
  });
});
