import { Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord, ContributionRecord } from '../../shared/calls.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { api, signIn, signInWithToken, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let strategy: string;
let secretariat: string;
let chair: string;
let mexico: string;
let usa: string;
let canada: string;
let iachr: string;

const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const sleepUntil = async (iso: string) => new Promise((r) => setTimeout(r, Math.max(0, Date.parse(iso) - Date.now() + 50)));

async function read(cookie: string, call: string): Promise<{ call: CallRecord; contributions: ContributionRecord[] }> {
  const response = await api(server, cookie, `/api/calls/${call}`);
  expect(response.status).toBe(200);
  return response.json() as Promise<{ call: CallRecord; contributions: ContributionRecord[] }>;
}

async function contribute(cookie: string, call: string, body: string): Promise<Response> {
  return api(server, cookie, `/api/calls/${call}/contributions`, post({ body }));
}

beforeAll(async () => {
  server = await startTestServer();
  strategy = (await server.store.listDocuments()).find((d) => d.kind === 'strategy')!.id;
  secretariat = await signIn(server, { role: 'secretariat' });
  chair = await signIn(server, { role: 'chair' });
  mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
  usa = await signIn(server, { role: 'delegation', delegation: 'USA' });
  canada = await signIn(server, { role: 'delegation', delegation: 'CAN' });
  await server.store.createOrganization({ code: 'IACHR', name: 'Inter-American Commission on Human Rights' });
  const rapporteur = await server.store.createParticipant({ name: 'IACHR rapporteur', role: 'organization', delegation: 'IACHR' });
  iachr = await signInWithToken(server, (await issueInvitation(server.store, rapporteur.id, server.url)).token);
});
afterAll(async () => server.dispose());

describe('calls for contributions', () => {
  it('the Secretariat opens a call; only invited parties contribute, privately, and may withdraw and resubmit until the deadline', async () => {
    expect((await api(server, mexico, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['MEX'] }))).status).toBe(403);
    expect((await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(-60), invitees: ['MEX'] }))).status).toBe(400);
    const unknown = await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['UNODC'] }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no organization recorded with the code UNODC/);

    // Soon enough to wait for, late enough for everything before it on a busy machine.
    const deadline = inSeconds(6);
    const opened = await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'Written contributions to the regional strategy', deadline, invitees: ['MEX', 'USA', 'IACHR'] }));
    expect(opened.status).toBe(201);
    const call = (await opened.json()) as CallRecord;
    expect(await (await api(server, canada, `/api/documents/${strategy}/calls`)).json()).toEqual([call]);

    expect((await contribute(mexico, call.id, 'Mexico proposes a chapter on prevention.')).status).toBe(201);
    expect((await contribute(iachr, call.id, 'The Commission recalls the rights of children in gangs.')).status).toBe(201);
    const notInvited = await contribute(canada, call.id, 'Canada would like to add…');
    expect(notInvited.status).toBe(403);
    expect(await notInvited.text()).toMatch(/CAN is not invited/);
    expect((await contribute(chair, call.id, 'The Chair…')).status).toBe(403);

    // Private: each party reads its own; the officers read all.
    expect((await read(usa, call.id)).contributions).toEqual([]);
    expect((await read(mexico, call.id)).contributions.map((c) => c.party)).toEqual(['MEX']);
    expect((await read(secretariat, call.id)).contributions.map((c) => c.party)).toEqual(['MEX', 'IACHR']);

    // Withdraw and resubmit.
    expect((await api(server, mexico, `/api/calls/${call.id}/contributions`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(server, mexico, `/api/calls/${call.id}/contributions`, { method: 'DELETE' })).status).toBe(404);
    expect((await contribute(mexico, call.id, 'Mexico proposes a chapter on prevention and reinsertion.')).status).toBe(201);
    const mine = (await read(mexico, call.id)).contributions;
    expect(mine.map((c) => [c.body, c.withdrawnAt === null])).toEqual([
      ['Mexico proposes a chapter on prevention.', false],
      ['Mexico proposes a chapter on prevention and reinsertion.', true],
    ]);

    // After the deadline: refused, unless the Secretariat accepts the party's contribution as late.
    await sleepUntil(deadline);
    const late = await contribute(usa, call.id, 'The United States submits…');
    expect(late.status).toBe(409);
    expect(await late.text()).toMatch(/deadline for contributions passed .* only if the Secretariat accepts it/);
    expect((await api(server, mexico, `/api/calls/${call.id}/contributions`, { method: 'DELETE' })).status).toBe(409);
    expect((await api(server, usa, `/api/calls/${call.id}/late`, post({ party: 'USA' }))).status).toBe(403);
    expect((await api(server, secretariat, `/api/calls/${call.id}/late`, post({ party: 'CAN' }))).status).toBe(400);
    expect(await (await api(server, secretariat, `/api/calls/${call.id}/late`, post({ party: 'USA' }))).json()).toMatchObject({ lateParties: ['USA'] });
    const accepted = await contribute(usa, call.id, 'The United States submits…');
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ party: 'USA', late: true });

    // Published: everyone reads the standing contributions, and only those.
    expect((await api(server, mexico, `/api/calls/${call.id}/publish`, post({}))).status).toBe(403);
    expect((await api(server, secretariat, `/api/calls/${call.id}/publish`, post({}))).status).toBe(200);
    expect((await read(canada, call.id)).contributions.map((c) => [c.party, c.late])).toEqual([['IACHR', false], ['MEX', false], ['USA', true]]);
  });

  it('takes a contribution sent as a Word file: its text as it reads with the tracked changes accepted', async () => {
    const call = (await (await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'Word contributions', deadline: inSeconds(600), invitees: ['USA'] }))).json()) as CallRecord;
    const file = new Document({
      sections: [{
        children: [
          new Paragraph('Contribution of the United States'),
          new Paragraph({ children: [new TextRun('Member states should share '), new InsertedTextRun({ text: 'timely ', id: 1, author: 'United States', date: '2026-12-01T09:30:00Z' }), new TextRun('information on gangs.')] }),
        ],
      }],
    });
    const send = (bytes: Uint8Array, cookie = usa) => {
      const form = new FormData();
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'contribution.docx'));
      return fetch(`${server.url}/api/calls/${call.id}/contributions/word`, { method: 'POST', body: form, headers: { cookie } });
    };
    const bytes = new Uint8Array(await Packer.toBuffer(file));
    expect((await send(bytes, mexico)).status).toBe(403);
    const sent = await send(bytes);
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ party: 'USA', body: 'Contribution of the United States\n\nMember states should share timely information on gangs.', late: false });
    const bad = await send(new TextEncoder().encode('not a Word file'));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not a Word \(\.docx\) file/);
    expect((await read(usa, call.id)).contributions).toHaveLength(1);
  });
});
