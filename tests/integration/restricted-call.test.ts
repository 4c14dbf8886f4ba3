import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import type { CallRecord } from '../../shared/calls.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editDirectly, editorDoc, propose } from '../support/editing.ts';
import { rawSocket } from '../support/raw-socket.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * A call for contributions on a restricted draft (issue 16): the zero draft the Secretariat is
 * still preparing stays hidden from everyone but the officers, except that the delegations and
 * organizations invited to a call on it read it — the text they are asked to contribute to, and
 * make their working copies of — through every route and the socket, and change nothing of it.
 * Anyone not invited is not told it exists, whatever route it tries.
 */
let server: TestServer;
let draft: string;
let secretariat: string;
let mexico: string;
let iachr: string;
let usa: string;
let cicad: string;
let observer: string;
const open: DocumentConnection[] = [];

// The demo strategy, made a restricted draft: block 1 reads "To promote inter-American cooperation…".
const PURPOSE = 1;
const WORDS = 'inter-American cooperation';

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const sleepUntil = async (iso: string) => new Promise((r) => setTimeout(r, Math.max(0, Date.parse(iso) - Date.now() + 50)));
const storedText = async (id: string) => editorDoc(restoreDocument(await server.store.loadDocumentState(id)));
const listed = async (cookie: string) => ((await (await api(server, cookie, '/api/documents')).json()) as DocumentSummary[]).map((d) => d.id);

const reads = () => [
  `/api/documents/${draft}/export?format=md&variant=compilation`,
  `/api/documents/${draft}/export?format=html&variant=agreed`,
  `/api/documents/${draft}/compare?from=live&to=live`,
  `/api/documents/${draft}/compare/export?from=live&to=live&format=md`,
  `/api/documents/${draft}/revisions`,
  `/api/documents/${draft}/calls`,
  `/api/documents/${draft}/languages`,
  `/api/documents/${draft}/languages/text`,
  `/api/documents/${draft}/organizations`,
];

/** A Word upload's request: refused before its file is read, so any bytes do. */
function wordUpload(): RequestInit {
  const form = new FormData();
  form.set('file', new File([new Uint8Array([80, 75, 3, 4])], 'proposals.docx'));
  return { method: 'POST', body: form };
}

/** Reaches nothing of the draft, nor of its call, through any route or the socket. */
async function refusedEverywhere(cookie: string, call: CallRecord): Promise<void> {
  // The usage is the officers' on any document: refused for the role before the document is looked at.
  for (const route of [...reads(), `/api/documents/${draft}/usage`]) {
    const response = await api(server, cookie, route);
    expect(response.status, route).toBe(route.endsWith('/usage') ? 403 : 404);
    expect(await response.text(), route).not.toContain(WORDS);
  }
  const writes: [string, RequestInit][] = [
    [`/api/documents/${draft}/revisions`, post({ note: 'Rev' })],
    [`/api/documents/${draft}/decisions`, post({ action: 'reject', scope: { kind: 'all' } })],
    [`/api/documents/${draft}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['USA'] })],
  ];
  for (const [route, init] of writes) expect([403, 404], route).toContain((await api(server, cookie, route, init)).status);
  // The Word upload's form is multipart: `api` would call it JSON.
  const upload = await fetch(`${server.url}/api/documents/${draft}/word`, { ...wordUpload(), headers: { cookie } });
  expect(upload.status).toBe(404);
  for (const [route, init] of [
    [`/api/calls/${call.id}`, {}],
    [`/api/calls/${call.id}/working-copy`, post({})],
    [`/api/calls/${call.id}/contributions`, post({ body: 'Our proposals.' })],
  ] as const) {
    const response = await api(server, cookie, route, init);
    expect(response.status, route).toBe(404);
    expect(await response.text(), route).not.toContain(call.title);
  }
  expect(await listed(cookie)).not.toContain(draft);
  await expect(rawSocket(server, cookie, draft)).rejects.toThrow(/403/);
}

beforeAll(async () => {
  server = await startTestServer();
  draft = (await server.store.listDocuments()).find((d) => d.kind === 'strategy')!.id;
  secretariat = await signIn(server, { role: 'secretariat' });
  mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
  iachr = await signIn(server, { role: 'organization', delegation: 'IACHR' });
  usa = await signIn(server, { role: 'delegation', delegation: 'USA' });
  // CICAD is recorded in the demo workspace, with nobody speaking for it yet.
  await server.store.createParticipant({ name: 'CICAD', role: 'organization', delegation: 'CICAD' });
  cicad = await signIn(server, { role: 'organization', delegation: 'CICAD' });
  observer = await signIn(server, { role: 'observer' });
  // The Secretariat is still preparing it: restricted.
  expect((await api(server, secretariat, `/api/documents/${draft}`, { method: 'PATCH', body: JSON.stringify({ restricted: true }) })).status).toBe(200);
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('a call for contributions on a restricted draft', () => {
  it('opens the draft to the invited parties to read, never to change, and to nobody else, also after the deadline', async () => {
    // Before any call: the officers' alone.
    expect(await listed(mexico)).not.toContain(draft);
    expect((await api(server, mexico, `/api/documents/${draft}/export?format=md&variant=agreed`)).status).toBe(404);

    const deadline = inSeconds(10);
    const opened = await api(server, secretariat, `/api/documents/${draft}/calls`, post({ title: 'Contributions to the zero draft', deadline, invitees: ['MEX', 'IACHR'] }));
    expect(opened.status).toBe(201);
    const call = (await opened.json()) as CallRecord;

    // Not invited: a delegation, an organization, an observer reach nothing.
    for (const attacker of [usa, cicad, observer]) await refusedEverywhere(attacker, call);

    for (const invited of [mexico, iachr]) {
      // Listed, still restricted; every read route answers, with the text.
      expect(((await (await api(server, invited, '/api/documents')).json()) as DocumentSummary[]).find((d) => d.id === draft)).toMatchObject({ restricted: true });
      for (const route of reads()) expect((await api(server, invited, route)).status, route).toBe(200);
      expect(await (await api(server, invited, `/api/documents/${draft}/export?format=md&variant=agreed`)).text()).toContain(WORDS);
      expect(((await (await api(server, invited, `/api/documents/${draft}/calls`)).json()) as CallRecord[]).map((c) => c.id)).toEqual([call.id]);
      expect((await api(server, invited, `/api/calls/${call.id}`)).status).toBe(200);
      // Changing it by REST: refused, the Word upload with the reason, in the participant's language.
      const upload = await fetch(`${server.url}/api/documents/${draft}/word`, { ...wordUpload(), headers: { cookie: invited, 'accept-language': 'fr' } });
      expect(upload.status).toBe(403);
      expect(((await upload.json()) as { error: string }).error).toBe(
        'ce projet vous est ouvert en lecture, en tant que partie invitée à y contribuer : proposez vos modifications sur votre copie de travail',
      );
      for (const [route, init] of [
        [`/api/documents/${draft}`, { method: 'PATCH', body: JSON.stringify({ restricted: false }) }],
        [`/api/documents/${draft}/revisions`, post({ note: 'Rev' })],
        [`/api/documents/${draft}/decisions`, post({ action: 'reject', scope: { kind: 'all' } })],
        [`/api/documents/${draft}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['USA'] })],
      ] as const) {
        expect((await api(server, invited, route, init)).status, route).toBe(403);
      }
    }
    expect((await server.store.getDocument(draft))?.restricted).toBe(true);

    // The socket serves MEX as a reader: the text comes, a proposal is refused and stored nowhere.
    const before = (await storedText(draft)).child(PURPOSE).textContent;
    const reader = connect(server, mexico, draft);
    open.push(reader);
    await until(reader, (s) => s.link === 'connected');
    expect(editorDoc(reader.doc).child(PURPOSE).textContent).toBe(before);
    propose(reader.doc, await me(server, mexico), (tr) => tr.insertText('effective ', blockStart(tr.doc, PURPOSE) + 'To promote '.length));
    expect((await until(reader, (s) => s.refusal !== null)).refusal).toBeTruthy();
    // Nor as a direct edit, the way only the officers write.
    const again = connect(server, mexico, draft);
    open.push(again);
    await until(again, (s) => s.link === 'connected');
    editDirectly(again.doc, (tr) => tr.insertText('Mexico writes ', blockStart(tr.doc, PURPOSE)));
    expect((await until(again, (s) => s.refusal !== null)).refusal).toMatch(/observers/);
    expect((await storedText(draft)).child(PURPOSE).textContent).toBe(before);
    // A reader's socket stays open: the sweep of open sockets (every 2 s) does not take it for a changed role.
    const staying = connect(server, iachr, draft);
    open.push(staying);
    await until(staying, (s) => s.link === 'connected');

    // What the invitation is for: MEX makes its working copy of the draft, and works on it.
    const copy = await api(server, mexico, `/api/calls/${call.id}/working-copy`, post({}));
    expect(copy.status).toBe(201);
    const own = (await copy.json()) as DocumentSummary;
    expect((await storedText(own.id)).child(PURPOSE).textContent).toBe(before);

    // After the deadline the invited keep reading what they were asked on; the others still reach nothing.
    await sleepUntil(deadline);
    expect(staying.state).toMatchObject({ link: 'connected', closedReason: null });
    expect(editorDoc(staying.doc).child(PURPOSE).textContent).toBe(before);
    expect((await api(server, mexico, `/api/documents/${draft}/export?format=md&variant=agreed`)).status).toBe(200);
    expect(await listed(iachr)).toContain(draft);
    for (const attacker of [usa, cicad, observer]) await refusedEverywhere(attacker, call);
  });
});
