import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison, ComparedSegment } from '../../shared/revisions/comparison.ts';
import type { AuditRecord, RevisionRecord } from '../../server/store/store.ts';
import { blockStart, editDirectly, editorDoc, propose } from '../support/editing.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
const OPERATIVE_4 = 13;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  chair = await signIn(server, { role: 'chair' });
});
afterAll(async () => server.dispose());

const post = (path: string, body: unknown = {}) => api(server, chair, `/api/documents/${documentId}${path}`, { method: 'POST', body: JSON.stringify(body) });
const revision = async () => (await (await post('/revisions')).json()) as RevisionRecord;
const compare = async (from: string, to: string) => (await (await api(server, chair, `/api/documents/${documentId}/compare?from=${from}&to=${to}`)).json()) as Comparison;
const audit = async () => (await (await api(server, chair, `/api/documents/${documentId}/audit`)).json()) as AuditRecord[];
const changes = (c: Comparison): [string, string, string | null | undefined, string, number | null | undefined, string | null | undefined][] =>
  c.paragraphs.flatMap((para) => para.segments.filter((s): s is ComparedSegment & { attribution: NonNullable<ComparedSegment['attribution']> } => s.change !== 'same' && s.attribution !== null)
    .map((s) => [s.text, s.change, s.attribution.delegation ?? s.attribution.by, s.attribution.how, s.attribution.decision, s.attribution.detail]));

async function join(who: { role: 'delegation' | 'secretariat'; delegation?: string }) {
  const cookie = await signIn(server, who);
  const connection = connect(server, cookie, documentId);
  await until(connection, (s) => s.link === 'connected');
  return { connection, participant: await me(server, cookie) };
}

describe('a comparison names what made each change', () => {
  it('an accepted amendment and its decision, a direct edit and who made it, a restore; the restore withdrew nothing', async () => {
    const rev1 = await revision();
    const mexico = await join({ role: 'delegation', delegation: 'MEX' });
    const canada = await join({ role: 'delegation', delegation: 'CAN' });
    const jamaica = await join({ role: 'delegation', delegation: 'JAM' });
    const at = (c: typeof mexico, block: number, words: string) => blockStart(editorDoc(c.connection.doc), block) + editorDoc(c.connection.doc).child(block).textContent.indexOf(words);
    propose(mexico.connection.doc, mexico.participant, (tr) => tr.insertText('regional ', at(mexico, OPERATIVE_4, 'meeting of experts')));
    await until(mexico.connection, (s) => s.save === 'saved' && s.refusal === null);
    await until(canada.connection, () => editorDoc(canada.connection.doc).child(OPERATIVE_4).textContent.includes('regional meeting'));
    // Canada's words share one with Mexico's: only the history can tell whose each is.
    propose(canada.connection.doc, canada.participant, (tr) => tr.insertText('regional and national ', at(canada, OPERATIVE_4, 'experts')));
    await until(canada.connection, (s) => s.save === 'saved' && s.refusal === null);
    propose(jamaica.connection.doc, jamaica.participant, (tr) => tr.insertText('duly ', blockStart(editorDoc(jamaica.connection.doc), OPERATIVE_4 + 1) + 3));
    await until(jamaica.connection, (s) => s.save === 'saved' && s.refusal === null);

    const pid = editorDoc(mexico.connection.doc).child(OPERATIVE_4).attrs.pid as string;
    expect((await post('/decisions', { action: 'accept', scope: { kind: 'paragraph', pid } })).status).toBe(200);
    const accepted = (await audit()).filter((r) => r.action === 'accepted');
    const decision = accepted[0]!.decision;
    const secretariat = await join({ role: 'secretariat' });
    await until(secretariat.connection, () => editorDoc(secretariat.connection.doc).child(OPERATIVE_4).textContent.includes('regional meeting'));
    editDirectly(secretariat.connection.doc, (tr) => tr.insertText('EDITORIAL ', blockStart(editorDoc(secretariat.connection.doc), OPERATIVE_4 + 2)));
    await until(secretariat.connection, (s) => s.save === 'saved' && s.refusal === null);
    const rev2 = await revision();

    const forward = await compare(rev1.id, rev2.id);
    expect(changes(forward)).toEqual([
      ['regional ', 'inserted', 'MEX', 'accepted', decision, undefined],
      ['regional and national ', 'inserted', 'CAN', 'accepted', decision, undefined],
      ['EDITORIAL ', 'inserted', secretariat.participant.name, 'edited', null, undefined],
    ]);
    expect(forward.summary.accepted.map((a) => a.delegation).sort()).toEqual(['CAN', 'MEX']);
    expect(forward.summary.proposed.map((a) => a.delegation)).toEqual(['JAM']);

    expect((await post(`/revisions/${rev1.id}/restore`)).status).toBe(200);
    const restore = (await audit()).find((r) => r.action === 'restored')!.decision;
    const back = await compare(rev2.id, 'live');
    expect(changes(back).map(([text, change, , how, by, detail]) => [text.trim(), change, how, by, detail])).toEqual([
      ['regional', 'removed', 'restored', restore, rev1.name],
      ['regional and national', 'removed', 'restored', restore, rev1.name],
      ['EDITORIAL', 'removed', 'restored', restore, rev1.name],
    ]);
    expect(back.summary.withdrawn).toEqual([]);
    expect(back.summary.setAside?.map((a) => [a.delegation, a.decision])).toEqual([['JAM', restore]]);

    for (const c of [mexico, canada, jamaica, secretariat]) c.connection.destroy();
  });
});
