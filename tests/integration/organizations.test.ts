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
let iachr: string;
const open: DocumentConnection[] = [];

const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { env: { ...process.env, DATA_DIR: server.dataDir } });
const OPERATIVE_1 = 10;
const at = (doc: Y.Doc, offset: number) => blockStart(editorDoc(doc), OPERATIVE_1) + offset;
const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const storedState = async () => Y.encodeStateAsUpdate(restoreDocument(await server.store.loadDocumentState(documentId)));

/** IACHR's participant opens the document and proposes an insertion; resolves with the server's verdict. */
async function iachrProposes(words: string): Promise<'saved' | string> {
  const connection = connect(server, iachr, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  const participant = await me(server, iachr);
  propose(connection.doc, participant, (tr) => tr.insertText(words, at(connection.doc, 3)));
  const state = await until(connection, (s) => s.save === 'saved' || s.refusal !== null);
  return state.refusal ?? 'saved';
}

async function rights(cookie: string, proposes: boolean): Promise<Response> {
  return api(server, cookie, `/api/documents/${documentId}/organizations/IACHR`, { method: 'PUT', body: JSON.stringify({ proposes }) });
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
    expect((await api(server, delegation, '/api/organizations', json({ code: 'IACHR', name: 'x' }))).status).toBe(403);
    const created = await api(server, secretariat, '/api/organizations', json({ code: 'IACHR', name: 'Inter-American Commission on Human Rights' }));
    expect(created.status).toBe(201);
    expect((await api(server, secretariat, '/api/organizations', json({ code: 'IACHR', name: 'again' }))).status).toBe(409);
    const stateCode = await api(server, secretariat, '/api/organizations', json({ code: 'MEX', name: 'not an organization' }));
    expect(stateCode.status).toBe(400);
    expect(await stateCode.text()).toMatch(/member state/);
    const renamed = await api(server, secretariat, '/api/organizations/IACHR', { method: 'PATCH', body: JSON.stringify({ name: 'IACHR' }) });
    expect(await renamed.json()).toMatchObject({ code: 'IACHR', name: 'IACHR' });
    // Anyone signed in reads the list: it names labels they see in the text.
    expect(await (await api(server, delegation, '/api/organizations')).json()).toEqual([expect.objectContaining({ code: 'IACHR' })]);
  });

  it('have participants speaking for them only once recorded', async () => {
    const unknown = await api(server, secretariat, '/api/participants', json({ name: 'UNODC liaison', role: 'organization', delegation: 'UNODC' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no organization with the code UNODC/);
    const response = await api(server, secretariat, '/api/participants', json({ name: 'IACHR rapporteur', role: 'organization', delegation: 'IACHR' }));
    expect(response.status).toBe(201);
    const { participant, invitation } = (await response.json()) as { participant: Participant; invitation: IssuedInvitation };
    expect(participant).toMatchObject({ role: 'organization', delegation: 'IACHR' });
    iachr = await signInWithToken(server, invitation.token);
    expect(await me(server, iachr)).toMatchObject({ role: 'organization', delegation: 'IACHR' });
  });

  it('read by default: the server refuses their amendments and stores nothing of them', async () => {
    const before = await storedState();
    expect(await iachrProposes('firmly ')).toMatch(/organization proposes amendments only on documents where the Chair allows it/);
    expect(await storedState()).toEqual(before);
    expect(await (await api(server, iachr, `/api/documents/${documentId}/organizations`)).json()).toEqual({ proposing: [] });
  });

  it('propose amendments under their own code where the Chair allows it, and no longer once the Chair withdraws it', async () => {
    expect((await rights(secretariat, true)).status).toBe(403);
    const allowed = await rights(chair, true);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ proposing: ['IACHR'] });
    expect(await iachrProposes('firmly ')).toBe('saved');
    const stored = restoreDocument(await server.store.loadDocumentState(documentId));
    expect(listAmendments(editorDoc(stored)).filter((a) => a.delegation === 'IACHR').map((a) => a.inserted)).toEqual(['firmly ']);

    expect(await (await rights(chair, false)).json()).toEqual({ proposing: [] });
    const before = await storedState();
    expect(await iachrProposes('resolutely ')).toMatch(/organization proposes/);
    expect(await storedState()).toEqual(before);
    expect((await api(server, chair, `/api/documents/${documentId}/organizations/UNODC`, { method: 'PUT', body: JSON.stringify({ proposes: true }) })).status).toBe(404);
  });

  it('propose within seconds once the Chair\u2019s word reaches the store another way (another process, the command line)', async () => {
    // The Chair keeps the document open, so its room stays loaded (a room loaded afresh reads the list anyway).
    const keeper = connect(server, chair, documentId);
    open.push(keeper);
    await until(keeper, (s) => s.link === 'connected');
    expect(await iachrProposes('surely ')).toMatch(/organization proposes/);
    // Written to the store directly: no route of this process tells the open room.
    expect(await server.store.setOrganizationProposes(documentId, 'IACHR', true, 'operator')).toBe(true);
    await new Promise((r) => setTimeout(r, 2_200));
    expect(await iachrProposes('steadily ')).toBe('saved');
    expect(await server.store.setOrganizationProposes(documentId, 'IACHR', false, 'operator')).toBe(true);
    await new Promise((r) => setTimeout(r, 2_200));
    expect(await iachrProposes('boldly ')).toMatch(/organization proposes/);
  });

  it('are managed from the command line too', async () => {
    expect((await cli('organization', '--code', 'UNODC', '--name', 'United Nations Office on Drugs and Crime')).stdout).toMatch(/Recorded organization UNODC/);
    await expect(cli('organization', '--code', 'CAN', '--name', 'Canada')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/member state/) });
    await expect(cli('invite', '--role', 'organization', '--name', 'CICAD', '--delegation', 'CICAD')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/no organization with the code CICAD/) });
    expect((await cli('invite', '--role', 'organization', '--name', 'UNODC liaison', '--delegation', 'UNODC')).stdout).toMatch(/UNODC liaison \(organization UNODC\)/);
    expect((await cli('organizations')).stdout).toMatch(/UNODC\s+United Nations Office on Drugs and Crime/);
    expect((await cli('propose', '--document', documentId, '--organization', 'UNODC')).stdout).toMatch(/proposing now: UNODC/);
    expect(await server.store.proposingOrganizations(documentId)).toEqual(['UNODC']);
    expect((await cli('propose', '--document', documentId, '--organization', 'UNODC', '--withdraw')).stdout).toMatch(/proposing now: none/);
  });
});
