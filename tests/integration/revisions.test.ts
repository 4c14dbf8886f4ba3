import type { JSONContent } from '@tiptap/core';
import { Node } from '@tiptap/pm/model';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { documentSchema } from '../../shared/schema.ts';
import type { AuditRecord, RevisionRecord } from '../../server/store/store.ts';
import { bracketed } from '../support/builders.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
const open: DocumentConnection[] = [];
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

const post = (cookie: string, path: string, body: unknown = {}) => api(server, cookie, path, { method: 'POST', body: JSON.stringify(body) });
const textOf = (content: JSONContent) => bracketed(Node.fromJSON(documentSchema(), content));

describe('revisions', () => {
  it('Rev.1, a delegation amends, the Chair accepts, Rev.2: the comparison shows the accepted change as the delegation\u2019s', async () => {
    const rev1 = (await (await post(chair, `/api/documents/${documentId}/revisions`, { note: 'Zero draft' })).json()) as RevisionRecord;
    expect(rev1).toMatchObject({ number: 1, name: 'Rev.1', note: 'Zero draft' });

    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = connect(server, mexicoCookie, documentId);
    open.push(mexico);
    await until(mexico, (s) => s.link === 'connected');
    const offset = editorDoc(mexico.doc).child(OPERATIVE_4).textContent.indexOf('meeting of experts');
    propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('regional ', blockStart(editorDoc(mexico.doc), OPERATIVE_4) + offset));
    await until(mexico, (s) => s.save === 'saved');
    const amendment = listAmendments(editorDoc(mexico.doc)).find((a) => a.delegation === 'MEX')!;
    expect((await post(chair, `/api/documents/${documentId}/decisions`, { action: 'accept', scope: { kind: 'amendment', id: amendment.id } })).status).toBe(200);

    const rev2 = (await (await post(chair, `/api/documents/${documentId}/revisions`, {})).json()) as RevisionRecord;
    expect(rev2.name).toBe('Rev.2');
    const stored = await server.store.getRevision(documentId, rev2.id);
    expect(stored!.snapshot.length).toBeLessThan(2000);

    const comparison = (await (await api(server, mexicoCookie, `/api/documents/${documentId}/compare?from=${rev1.id}&to=${rev2.id}`)).json()) as Comparison;
    const changed = comparison.paragraphs.filter((p) => p.change !== 'same');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.number).toBe('4');
    expect(changed[0]!.segments.filter((s) => s.change === 'inserted')).toEqual([
      { text: 'regional ', change: 'inserted', attribution: { amendmentId: amendment.id, delegation: 'MEX', how: 'accepted', decision: expect.any(Number) } },
    ]);
    expect(comparison.summary.accepted.map((a) => a.id)).toEqual([amendment.id]);

    const againstLive = (await (await api(server, chair, `/api/documents/${documentId}/compare?from=${rev2.id}&to=live`)).json()) as Comparison;
    expect(againstLive.paragraphs.every((p) => p.change === 'same')).toBe(true);
  });

  it('tells everyone with the document open that a revision was issued, or a decision recorded', async () => {
    const mexico = connect(server, await signIn(server, { role: 'delegation', delegation: 'MEX' }), documentId);
    open.push(mexico);
    await until(mexico, (s) => s.link === 'connected');
    const notices: string[] = [];
    mexico.onNotice((notice) => notices.push(notice));
    const created = (await (await post(chair, `/api/documents/${documentId}/revisions`, { note: 'For the record' })).json()) as RevisionRecord;
    await eventually(() => notices, (n) => n.length > 0);
    expect(notices).toEqual(['revisions']);
    expect(created.note).toBe('For the record');

    const pid = editorDoc(mexico.doc).child(OPERATIVE_4).attrs.pid as string;
    expect((await post(chair, `/api/documents/${documentId}/decisions`, { action: 'status', pid, status: 'agreed' })).status).toBe(200);
    await eventually(() => notices, (n) => n.length > 1);
    expect(notices).toEqual(['revisions', 'audit']);
    expect((await post(chair, `/api/documents/${documentId}/decisions`, { action: 'status', pid, status: 'open' })).status).toBe(200);
  });

  it('opens a revision read-only in each view, for anyone with access', async () => {
    const mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const mexico = connect(server, mexicoCookie, documentId);
    open.push(mexico);
    await until(mexico, (s) => s.link === 'connected');
    propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText('duly ', blockStart(editorDoc(mexico.doc), OPERATIVE_4 + 1) + 3));
    await until(mexico, (s) => s.save === 'saved');
    const rev = (await (await post(chair, `/api/documents/${documentId}/revisions`, { name: 'Before the meeting' })).json()) as RevisionRecord;
    const view = async (v: string) => textOf(((await (await api(server, mexicoCookie, `/api/documents/${documentId}/revisions/${rev.id}?view=${v}`)).json()) as { content: JSONContent }).content)[OPERATIVE_4 + 1]!;
    expect(await view('compilation')).toMatch(/^To \{\+MEX:\w+ duly \}instruct/);
    expect(await view('clean')).toMatch(/^To duly instruct/);
    expect(await view('agreed')).toMatch(/^To instruct/);

    const list = (await (await api(server, mexicoCookie, `/api/documents/${documentId}/revisions`)).json()) as RevisionRecord[];
    expect(list.map((r) => r.name)).toContain('Before the meeting');
    expect((await post(mexicoCookie, `/api/documents/${documentId}/revisions`, {})).status).toBe(403);
    expect((await api(server, mexicoCookie, `/api/documents/${documentId}/revisions/not-an-id`)).status).toBe(400);
    expect((await api(server, mexicoCookie, `/api/documents/${documentId}/revisions/${rev.id}?view=pretty`)).status).toBe(400);
    expect((await api(server, mexicoCookie, `/api/documents/${documentId}/revisions/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await api(server, mexicoCookie, `/api/documents/${documentId}/compare?from=live`)).status).toBe(400);
  });

  it('the Chair restores a revision: the live text becomes it as new edits, recorded in the audit log', async () => {
    const before = (await (await post(chair, `/api/documents/${documentId}/revisions`, {})).json()) as RevisionRecord;
    const secretariat = connect(server, await signIn(server, { role: 'secretariat' }), documentId);
    open.push(secretariat);
    await until(secretariat, (s) => s.link === 'connected');
    const fragment = secretariat.doc.getXmlFragment('default');
    ((fragment.get(2) as import('yjs').XmlElement).get(0) as import('yjs').XmlText).insert(0, 'EDITORIAL ');
    await until(secretariat, (s) => s.save === 'saved');
    expect(bracketed(editorDoc(secretariat.doc))[2]).toMatch(/^EDITORIAL /);

    expect((await post(await signIn(server, { role: 'secretariat' }), `/api/documents/${documentId}/revisions/${before.id}/restore`)).status).toBe(403);
    expect((await post(chair, `/api/documents/${documentId}/revisions/${before.id}/restore`)).status).toBe(200);
    await eventually(() => bracketed(editorDoc(secretariat.doc))[2] ?? '', (line) => !line.startsWith('EDITORIAL'));
    const audit = (await (await api(server, chair, `/api/documents/${documentId}/audit`)).json()) as AuditRecord[];
    expect(audit.at(-1)).toMatchObject({ action: 'restored', detail: before.name });
  });
});
