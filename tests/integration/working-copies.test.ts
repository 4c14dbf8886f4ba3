import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import type { CallRecord, ContributionRecord } from '../../shared/calls.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editDirectly, editorDoc, propose } from '../support/editing.ts';
import { rawSocket } from '../support/raw-socket.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Working copies (issue 16): a party proposes its contribution in the app, on a private copy of
 * the call's text; submitting the copy makes its amendments the contribution; the Secretariat
 * brings them into the consolidated draft as the party's brackets. The copy is the party's
 * alone until the contributions are published, through every way a document can be reached.
 */
let server: TestServer;
let strategy: string;
let secretariat: string;
let chair: string;
let observer: string;
let mexico: string;
let usa: string;
let canada: string;
let iachr: string;
const open: DocumentConnection[] = [];

// The demo strategy: block 1 "To promote inter-American cooperation…", block 6 "Social, situational and community prevention…".
const PURPOSE = 1;
const PREVENTION = 6;
const SECRET = 'effective and coordinated ';

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const sleepUntil = async (iso: string) => new Promise((r) => setTimeout(r, Math.max(0, Date.parse(iso) - Date.now() + 50)));
const storedText = async (id: string) => editorDoc(restoreDocument(await server.store.loadDocumentState(id)));

async function openCall(title: string, invitees: string[], deadline = inSeconds(600)): Promise<CallRecord> {
  const response = await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title, deadline, invitees }));
  expect(response.status).toBe(201);
  return (await response.json()) as CallRecord;
}

async function openCopy(cookie: string, call: string): Promise<Response> {
  return api(server, cookie, `/api/calls/${call}/working-copy`, post({}));
}

/** The party proposes in its copy through a real sync connection, as its editor does; resolves once the server committed it. */
async function proposeIn(cookie: string, copy: string, edit: Parameters<typeof propose>[2]): Promise<void> {
  const connection = connect(server, cookie, copy);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  propose(connection.doc, await me(server, cookie), edit);
  const state = await until(connection, (s) => s.save === 'saved' || s.refusal !== null);
  expect(state.refusal).toBeNull();
}

async function submitCopy(cookie: string, call: string): Promise<Response> {
  return api(server, cookie, `/api/calls/${call}/contributions/working-copy`, post({}));
}

async function contributions(cookie: string, call: string): Promise<ContributionRecord[]> {
  const response = await api(server, cookie, `/api/calls/${call}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { contributions: ContributionRecord[] }).contributions;
}

beforeAll(async () => {
  server = await startTestServer();
  strategy = (await server.store.listDocuments()).find((d) => d.kind === 'strategy')!.id;
  secretariat = await signIn(server, { role: 'secretariat' });
  chair = await signIn(server, { role: 'chair' });
  observer = await signIn(server, { role: 'observer' });
  mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
  usa = await signIn(server, { role: 'delegation', delegation: 'USA' });
  canada = await signIn(server, { role: 'delegation', delegation: 'CAN' });
  iachr = await signIn(server, { role: 'organization', delegation: 'IACHR' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('working copies', () => {
  it('an invited party opens one private copy of the call’s text; others may not', async () => {
    const call = await openCall('Proposals on the strategy', ['MEX', 'USA', 'IACHR']);
    const created = await openCopy(mexico, call.id);
    expect(created.status).toBe(201);
    const copy = (await created.json()) as DocumentSummary;
    expect(copy).toMatchObject({ kind: 'strategy', restricted: true, workingCopy: { callId: call.id, sourceId: strategy, party: 'MEX', contributionsPublished: false } });
    // Asked again (another tab, another participant of MEX): the same copy.
    const again = await openCopy(mexico, call.id);
    expect(again.status).toBe(200);
    expect(((await again.json()) as DocumentSummary).id).toBe(copy.id);
    expect(((await (await api(server, mexico, `/api/calls/${call.id}/working-copy`)).json()) as DocumentSummary).id).toBe(copy.id);
    // The text it was made from, paragraph by paragraph, with the same ids.
    const [source, own] = [await storedText(strategy), await storedText(copy.id)];
    expect(own.childCount).toBe(source.childCount);
    for (const i of [PURPOSE, PREVENTION]) expect([own.child(i).attrs.pid, own.child(i).textContent]).toEqual([source.child(i).attrs.pid, source.child(i).textContent]);

    const notInvited = await openCopy(canada, call.id);
    expect(notInvited.status).toBe(403);
    expect(await notInvited.text()).toMatch(/CAN is not invited/);
    expect((await openCopy(chair, call.id)).status).toBe(403);
    expect((await openCopy(observer, call.id)).status).toBe(403);
    expect((await api(server, usa, `/api/calls/${call.id}/working-copy`)).status).toBe(404);
  });

  it('is the party’s alone through every route until the contributions are published; then the officers read it and change nothing', async () => {
    const call = await openCall('Private proposals', ['MEX', 'USA']);
    const copy = (await (await openCopy(mexico, call.id)).json()) as DocumentSummary;
    await proposeIn(mexico, copy.id, (tr) => tr.insertText(SECRET, blockStart(tr.doc, PURPOSE) + 'To promote '.length));
    expect((await storedText(copy.id)).child(PURPOSE).textContent).toContain(SECRET);

    const reads = [
      `/api/documents/${copy.id}/export?format=md&variant=compilation`,
      `/api/documents/${copy.id}/export?format=html&variant=agreed`,
      `/api/documents/${copy.id}/compare?from=live&to=live`,
      `/api/documents/${copy.id}/compare/export?from=live&to=live&format=md`,
      `/api/documents/${copy.id}/revisions`,
      `/api/documents/${copy.id}/audit`,
      `/api/documents/${copy.id}/calls`,
      `/api/documents/${copy.id}/usage`,
      `/api/documents/${copy.id}/languages`,
      `/api/documents/${copy.id}/languages/text`,
      `/api/documents/${copy.id}/sources`,
      `/api/documents/${copy.id}/organizations`,
    ];
    const writes: [string, RequestInit][] = [
      [`/api/documents/${copy.id}/revisions`, post({ note: 'Rev' })],
      [`/api/documents/${copy.id}`, { method: 'PATCH', body: JSON.stringify({ title: 'Renamed', restricted: false }) }],
      [`/api/documents/${copy.id}/decisions`, post({ action: 'reject', scope: { kind: 'all' } })],
      [`/api/documents/${copy.id}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['USA'] })],
    ];
    const refusedEverywhere = async (cookie: string) => {
      for (const route of reads) {
        const response = await api(server, cookie, route);
        expect([403, 404], route).toContain(response.status);
        expect(await response.text(), route).not.toContain('effective and coordinated');
      }
      for (const [route, init] of writes) expect([403, 404], route).toContain((await api(server, cookie, route, init)).status);
      expect(((await (await api(server, cookie, '/api/documents')).json()) as DocumentSummary[]).map((d) => d.id)).not.toContain(copy.id);
      await expect(rawSocket(server, cookie, copy.id)).rejects.toThrow(/403/);
    };
    // Another invited delegation, a delegation not invited, an observer, an organization; the officers before publication.
    for (const attacker of [usa, canada, observer, iachr, secretariat, chair]) await refusedEverywhere(attacker);
    // Nothing an attacker tried changed it.
    expect((await server.store.getDocument(copy.id))).toMatchObject({ title: copy.title, restricted: true });

    // Its party reads it everywhere, and finds it among its documents.
    const own = await api(server, mexico, `/api/documents/${copy.id}/export?format=md&variant=compilation`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('effective and coordinated');
    expect(((await (await api(server, mexico, '/api/documents')).json()) as DocumentSummary[]).find((d) => d.id === copy.id)).toMatchObject({ workingCopy: { party: 'MEX' } });

    // Published: the officers read it — as readers: every change refused, on the socket too.
    expect((await api(server, secretariat, `/api/calls/${call.id}/publish`, post({}))).status).toBe(200);
    const read = await api(server, secretariat, `/api/documents/${copy.id}/export?format=md&variant=compilation`);
    expect(read.status).toBe(200);
    expect(await read.text()).toContain('effective and coordinated');
    for (const [route, init] of writes.slice(0, 3)) {
      const response = await api(server, route.endsWith('decisions') ? chair : secretariat, route, init);
      expect(response.status, route).toBe(403);
    }
    const reader = connect(server, secretariat, copy.id);
    open.push(reader);
    await until(reader, (s) => s.link === 'connected');
    editDirectly(reader.doc, (tr) => tr.insertText('Secretariat words ', blockStart(tr.doc, PURPOSE)));
    expect((await until(reader, (s) => s.refusal !== null)).refusal).toMatch(/observers/);
    expect((await storedText(copy.id)).child(PURPOSE).textContent).not.toContain('Secretariat words');
    // The other parties still never reach it.
    for (const attacker of [usa, canada, observer]) await refusedEverywhere(attacker);
  });

  it('submitting the copy makes its amendments the contribution, withdrawn and submitted again until the deadline; late only if accepted', async () => {
    const deadline = inSeconds(8);
    const call = await openCall('Proposals with a deadline', ['MEX', 'USA', 'IACHR'], deadline);
    const copy = (await (await openCopy(mexico, call.id)).json()) as DocumentSummary;
    const nothing = await submitCopy(mexico, call.id);
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toMatch(/proposes nothing yet/);
    expect((await submitCopy(usa, call.id)).status).toBe(404);
    expect((await submitCopy(canada, call.id)).status).toBe(403);

    await proposeIn(mexico, copy.id, (tr) => tr.insertText(SECRET, blockStart(tr.doc, PURPOSE) + 'To promote '.length));
    await proposeIn(mexico, copy.id, (tr) => tr.delete(blockStart(tr.doc, PREVENTION) + 'Social, '.length, blockStart(tr.doc, PREVENTION) + 'Social, situational and '.length));
    const submitted = await submitCopy(mexico, call.id);
    expect(submitted.status).toBe(201);
    const contribution = (await submitted.json()) as ContributionRecord;
    const text = await storedText(copy.id);
    const [purpose, prevention] = [text.child(PURPOSE), text.child(PREVENTION)];
    expect(contribution).toMatchObject({ party: 'MEX', late: false, workingCopy: { documentId: copy.id } });
    expect(contribution.workingCopy!.paragraphs.map((p) => p.pid)).toEqual([purpose.attrs.pid, prevention.attrs.pid]);
    expect(contribution.workingCopy!.paragraphs[0]!.proposed).toBe(purpose.textContent);
    expect(contribution.workingCopy!.paragraphs[1]!.proposed).toMatch(/^Social, community prevention/);
    expect(contribution.body.split('\n\n')).toHaveLength(2);

    // Private like any contribution: the officers and MEX read it; USA does not.
    expect((await contributions(secretariat, call.id)).map((c) => c.party)).toEqual(['MEX']);
    expect(await contributions(usa, call.id)).toEqual([]);

    // Withdrawn, and submitted again with one more amendment.
    expect((await api(server, mexico, `/api/calls/${call.id}/contributions`, { method: 'DELETE' })).status).toBe(204);
    expect((await contributions(secretariat, call.id)).filter((c) => c.withdrawnAt === null)).toEqual([]);
    expect((await submitCopy(mexico, call.id)).status).toBe(201);
    expect((await contributions(mexico, call.id)).map((c) => c.withdrawnAt === null)).toEqual([false, true]);

    // IACHR, an organization, proposes on its own copy as a delegation does.
    const iachrCopy = (await (await openCopy(iachr, call.id)).json()) as DocumentSummary;
    await proposeIn(iachr, iachrCopy.id, (tr) => tr.insertText('rights-based ', blockStart(tr.doc, PREVENTION) + 'Social, situational and community '.length));
    expect((await submitCopy(iachr, call.id)).status).toBe(201);

    // After the deadline: submitting, withdrawing, opening a copy are refused, until the Secretariat accepts a late one.
    await sleepUntil(deadline);
    for (const response of [await submitCopy(mexico, call.id), await openCopy(usa, call.id), await api(server, mexico, `/api/calls/${call.id}/contributions`, { method: 'DELETE' })]) {
      expect(response.status).toBe(409);
      expect(await response.text()).toMatch(/deadline for contributions passed/);
    }
    expect((await api(server, secretariat, `/api/calls/${call.id}/late`, post({ party: 'USA' }))).status).toBe(200);
    const usaCopy = await openCopy(usa, call.id);
    expect(usaCopy.status).toBe(201);
    await proposeIn(usa, ((await usaCopy.json()) as DocumentSummary).id, (tr) => tr.insertText('regional ', blockStart(tr.doc, PURPOSE) + 'To promote '.length));
    const late = await submitCopy(usa, call.id);
    expect(late.status).toBe(201);
    expect(await late.json()).toMatchObject({ party: 'USA', late: true });
  });

  it('the Secretariat brings a copy’s paragraphs into the consolidated draft as bracketed amendments of their author, with their sources', async () => {
    const call = await openCall('Proposals to compile', ['MEX', 'IACHR']);
    const copy = (await (await openCopy(mexico, call.id)).json()) as DocumentSummary;
    await proposeIn(mexico, copy.id, (tr) => tr.insertText(SECRET, blockStart(tr.doc, PURPOSE) + 'To promote '.length));
    await proposeIn(mexico, copy.id, (tr) => tr.delete(blockStart(tr.doc, PREVENTION) + 'Social, '.length, blockStart(tr.doc, PREVENTION) + 'Social, situational and '.length));
    const contribution = (await (await submitCopy(mexico, call.id)).json()) as ContributionRecord;
    const [purposePid, preventionPid] = contribution.workingCopy!.paragraphs.map((p) => p.pid) as [string, string];
    expect((await api(server, iachr, `/api/calls/${call.id}/contributions`, post({ body: 'The strategy should protect the rights of children.' }))).status).toBe(201);

    const compile = (paragraphs: unknown[]) => api(server, secretariat, `/api/calls/${call.id}/compilation`, post({ title: 'Consolidated draft', paragraphs }));
    // A paragraph MEX did not submit, and a working copy IACHR never had: refused, nothing made.
    const before = (await server.store.listDocuments()).length;
    const wrongPid = await compile([{ as: 'working-copy', party: 'MEX', pid: 'p-00000000' }]);
    expect(wrongPid.status).toBe(400);
    expect(await wrongPid.text()).toMatch(/MEX’s contribution has no paragraph p-00000000 from its working copy/);
    expect((await compile([{ as: 'working-copy', party: 'IACHR', pid: purposePid }])).status).toBe(400);
    expect((await compile([{ as: 'working-copy', party: 'USA', pid: purposePid }])).status).toBe(400);
    // The same paragraph of MEX's copy taken twice: its amendments would share their ids in the draft. Refused, said in the Secretariat's language.
    const twice = await api(server, secretariat, `/api/calls/${call.id}/compilation`, {
      ...post({ title: 'Consolidated draft', paragraphs: [{ as: 'working-copy', party: 'MEX', pid: purposePid }, { text: 'Between.', sources: ['IACHR'] }, { as: 'working-copy', party: 'MEX', pid: purposePid }] }),
      headers: { 'accept-language': 'es' },
    });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: string }).error).toBe(`los párrafos 1 y 3 del proyecto toman ambos el párrafo ${purposePid} de la copia de trabajo de MEX: tómelo una sola vez`);
    expect((await server.store.listDocuments()).length).toBe(before);

    const created = await compile([
      { as: 'working-copy', party: 'MEX', pid: purposePid },
      { text: 'The strategy should protect the rights of children.', sources: ['IACHR'] },
      { as: 'working-copy', party: 'MEX', pid: preventionPid },
    ]);
    expect(created.status).toBe(201);
    const draft = (await created.json()) as DocumentSummary;
    const text = await storedText(draft.id);
    expect(text.childCount).toBe(3);
    const mexicoId = (await me(server, mexico)).id;
    // MEX's own brackets, as MEX made them in its copy: its insertion and its deletion, by MEX's participant.
    expect(listAmendments(text).map((a) => [a.delegation, a.shape, a.inserted, a.deleted, a.author])).toEqual([
      ['MEX', 'insertion', SECRET, '', mexicoId],
      ['MEX', 'deletion', '', 'situational and ', mexicoId],
    ]);
    expect(text.child(0).textContent).toBe((await storedText(copy.id)).child(PURPOSE).textContent);
    // Each amendment id names one amendment of the draft: the party's insertion and deletion are each once in it.
    const ids: string[] = [];
    text.descendants((node) => {
      for (const mark of node.marks) if (typeof mark.attrs.id === 'string') ids.push(mark.attrs.id);
    });
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    const pids = [0, 1, 2].map((i) => text.child(i).attrs.pid as string);
    expect(new Set([...pids, purposePid, preventionPid]).size).toBe(5);
    const sources = (await (await api(server, secretariat, `/api/documents/${draft.id}/sources`)).json()) as { paragraphs: Record<string, string[]> };
    expect(sources.paragraphs).toEqual({ [pids[0]!]: ['MEX'], [pids[1]!]: ['IACHR'], [pids[2]!]: ['MEX'] });
    const markdown = await (await api(server, secretariat, `/api/documents/${draft.id}/export?format=md&variant=compilation`)).text();
    expect(markdown).toMatch(/Sources: MEX\./);
  });
});
