import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import type { IssuedInvitation } from '../../shared/api.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { Participant } from '../../shared/participants.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, me, signIn, signInWithToken, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
let secretariat: string;
let iom: string;
const open: DocumentConnection[] = [];

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env: { ...process.env, DATA_DIR: server.dataDir } });
const OPERATIVE_1 = 10;
const at = (doc: Y.Doc, offset: number) => blockStart(editorDoc(doc), OPERATIVE_1) + offset;
const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const storedState = async () => Y.encodeStateAsUpdate(restoreDocument(await server.store.loadDocumentState(documentId)));

/** IOM's participant opens the document and proposes an insertion; resolves with the server's verdict. */
async function iomProposes(words: string): Promise<'saved' | string> {
  const connection = connect(server, iom, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  const participant = await me(server, iom);
  propose(connection.doc, participant, (tr) => tr.insertText(words, at(connection.doc, 3)));
  const state = await until(connection, (s) => s.save === 'saved' || s.refusal !== null);
  return state.refusal ?? 'saved';
}

async function rights(cookie: string, proposes: boolean): Promise<Response> {
  return api(server, cookie, `/api/documents/${documentId}/organizations/IOM`, { method: 'PUT', body: JSON.stringify({ proposes }) });
}

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  chair = await signIn(server, { role: 'chair' });
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('organizations', () => {
  it('are recorded by the Secretariat, once per code, never under a member state\u2019s code', async () => {
    const delegation = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    expect((await api(server, delegation, '/api/organizations', json({ code: 'IOM', name: 'x' }))).status).toBe(403);
    const created = await api(server, secretariat, '/api/organizations', json({ code: 'IOM', name: 'International Organization for Migration' }));
    expect(created.status).toBe(201);
    expect((await api(server, secretariat, '/api/organizations', json({ code: 'IOM', name: 'again' }))).status).toBe(409);
    const stateCode = await api(server, secretariat, '/api/organizations', json({ code: 'MEX', name: 'not an organization' }));
    expect(stateCode.status).toBe(400);
    expect(await stateCode.text()).toMatch(/member state/);
    const renamed = await api(server, secretariat, '/api/organizations/IOM', { method: 'PATCH', body: JSON.stringify({ name: 'IOM' }) });
    expect(await renamed.json()).toMatchObject({ code: 'IOM', name: 'IOM' });
    // Anyone signed in reads the list: it names labels they see in the text. (The demo workspace
    // records IACHR, CICAD, the Inter-American Defense Board and UNODC: this test records others.)
    const listed = (await (await api(server, delegation, '/api/organizations')).json()) as { code: string }[];
    expect(listed.map((o) => o.code).sort()).toEqual(['CICAD', 'IACHR', 'IADB', 'IOM', 'UNODC']);
  });

  it('have participants speaking for them only once recorded', async () => {
    const unknown = await api(server, secretariat, '/api/participants', json({ name: 'PAHO liaison', role: 'organization', delegation: 'PAHO' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no organization with the code PAHO/);
    const response = await api(server, secretariat, '/api/participants', json({ name: 'IOM liaison', role: 'organization', delegation: 'IOM' }));
    expect(response.status).toBe(201);
    const { participant, invitation } = (await response.json()) as { participant: Participant; invitation: IssuedInvitation };
    expect(participant).toMatchObject({ role: 'organization', delegation: 'IOM' });
    iom = await signInWithToken(server, invitation.token);
    expect(await me(server, iom)).toMatchObject({ role: 'organization', delegation: 'IOM' });
  });

  it('read by default: the server refuses their amendments and stores nothing of them', async () => {
    const before = await storedState();
    expect(await iomProposes('firmly ')).toMatch(/organization proposes amendments only on documents where the Chair allows it/);
    expect(await storedState()).toEqual(before);
    expect(await (await api(server, iom, `/api/documents/${documentId}/organizations`)).json()).toEqual({ proposing: [] });
  });

  it('propose amendments under their own code where the Chair allows it, and no longer once the Chair withdraws it', async () => {
    expect((await rights(secretariat, true)).status).toBe(403);
    const allowed = await rights(chair, true);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ proposing: ['IOM'] });
    expect(await iomProposes('firmly ')).toBe('saved');
    const stored = restoreDocument(await server.store.loadDocumentState(documentId));
    expect(listAmendments(editorDoc(stored)).filter((a) => a.delegation === 'IOM').map((a) => a.inserted)).toEqual(['firmly ']);

    expect(await (await rights(chair, false)).json()).toEqual({ proposing: [] });
    const before = await storedState();
    expect(await iomProposes('resolutely ')).toMatch(/organization proposes/);
    expect(await storedState()).toEqual(before);
    expect((await api(server, chair, `/api/documents/${documentId}/organizations/PAHO`, { method: 'PUT', body: JSON.stringify({ proposes: true }) })).status).toBe(404);
  });

  it('propose within seconds once the Chair\u2019s word reaches the store another way (another process, the command line)', async () => {
    // The Chair keeps the document open, so its room stays loaded (a room loaded afresh reads the list anyway).
    const keeper = connect(server, chair, documentId);
    open.push(keeper);
    await until(keeper, (s) => s.link === 'connected');
    expect(await iomProposes('surely ')).toMatch(/organization proposes/);
    // Written to the store directly: no route of this process tells the open room.
    expect(await server.store.setOrganizationProposes(documentId, 'IOM', true, 'operator')).toBe(true);
    await new Promise((r) => setTimeout(r, 2_200));
    expect(await iomProposes('steadily ')).toBe('saved');
    expect(await server.store.setOrganizationProposes(documentId, 'IOM', false, 'operator')).toBe(true);
    await new Promise((r) => setTimeout(r, 2_200));
    expect(await iomProposes('boldly ')).toMatch(/organization proposes/);
  });

  it('are managed from the command line too', async () => {
    expect((await cli('organization', '--code', 'PAHO', '--name', 'Pan American Health Organization')).stdout).toMatch(/Recorded organization PAHO/);
    await expect(cli('organization', '--code', 'CAN', '--name', 'Canada')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/member state/) });
    await expect(cli('invite', '--role', 'organization', '--name', 'UNICEF', '--delegation', 'UNICEF')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no organization with the code UNICEF/) });
    expect((await cli('invite', '--role', 'organization', '--name', 'PAHO liaison', '--delegation', 'PAHO')).stdout).toMatch(/PAHO liaison \(organization PAHO\)/);
    expect((await cli('organizations')).stdout).toMatch(/PAHO\s+Pan American Health Organization/);
    expect((await cli('propose', '--document', documentId, '--organization', 'PAHO')).stdout).toMatch(/proposing now: PAHO/);
    expect(await server.store.proposingOrganizations(documentId)).toEqual(['PAHO']);
    expect((await cli('propose', '--document', documentId, '--organization', 'PAHO', '--withdraw')).stdout).toMatch(/proposing now: none/);
  });
});
