import { Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord, ContributionRecord } from '../../shared/calls.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { editorDoc } from '../support/editing.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';

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
  // The demo workspace records IACHR and one participant speaking for it.
  iachr = await signIn(server, { role: 'organization', delegation: 'IACHR' });
});
afterAll(async () => server.dispose());

describe('calls for contributions', () => {
  it('the Secretariat opens a call; only invited parties contribute, privately, and may withdraw and resubmit until the deadline', async () => {
    expect((await api(server, mexico, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['MEX'] }))).status).toBe(403);
    expect((await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(-60), invitees: ['MEX'] }))).status).toBe(400);
    // PAHO: an organization the demo workspace does not record (it records IACHR, CICAD, IADB, UNODC).
    const unknown = await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'x', deadline: inSeconds(60), invitees: ['PAHO'] }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/no organization recorded with the code PAHO/);

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
    // The deadline as people read it, with its time zone, not an ISO value; in the reader's language.
    const lateReason = ((await late.json()) as { error: string }).error;
    expect(lateReason).toMatch(/^the deadline for contributions passed on [A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M UTC; a late contribution is taken only if the Secretariat accepts it$/);
    const lateInFrench = await api(server, usa, `/api/calls/${call.id}/contributions`, { ...post({ body: 'The United States submits…' }), headers: { 'accept-language': 'fr' } });
    expect(((await lateInFrench.json()) as { error: string }).error).toMatch(/^la date limite des contributions est passée le \d{1,2} \p{L}+ \d{4} à \d{2}:\d{2} UTC ; une contribution tardive/u);
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

  it('the Secretariat compiles a consolidated draft from the contributions; each paragraph remembers its sources', async () => {
    const call = (await (await api(server, secretariat, `/api/documents/${strategy}/calls`, post({ title: 'Round two', deadline: inSeconds(600), invitees: ['MEX', 'IACHR', 'USA'] }))).json()) as CallRecord;
    await contribute(mexico, call.id, 'Member states should exchange information on gangs.');
    await contribute(iachr, call.id, 'The strategy should protect the rights of children recruited by gangs.');
    const compilation = {
      title: 'Consolidated draft of the regional strategy',
      paragraphs: [
        { text: 'Member states should exchange information on gangs, with due regard for the rights of children.', sources: ['MEX', 'IACHR'] },
        { text: 'The strategy should protect the rights of children recruited by gangs.', sources: ['IACHR'], as: 'amendment' },
      ],
    };
    expect((await api(server, mexico, `/api/calls/${call.id}/compilation`, post(compilation))).status).toBe(403);
    const missing = await api(server, secretariat, `/api/calls/${call.id}/compilation`, post({ ...compilation, paragraphs: [{ text: 'x', sources: ['USA'] }] }));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/no standing contribution of USA/);

    const created = await api(server, secretariat, `/api/calls/${call.id}/compilation`, post(compilation));
    expect(created.status).toBe(201);
    const draft = (await created.json()) as DocumentSummary;
    expect(draft).toMatchObject({ title: 'Consolidated draft of the regional strategy', kind: 'strategy', restricted: true });
    const text = editorDoc(restoreDocument(await server.store.loadDocumentState(draft.id)));
    expect(text.childCount).toBe(2);
    expect(text.child(0).textContent).toBe(compilation.paragraphs[0]!.text);
    const iachrId = (await server.store.listParticipants()).find((p) => p.delegation === 'IACHR')!.id;
    expect(listAmendments(text).map((a) => [a.delegation, a.shape, a.inserted, a.author])).toEqual([['IACHR', 'paragraph', compilation.paragraphs[1]!.text, iachrId]]);

    const sources = (await (await api(server, secretariat, `/api/documents/${draft.id}/sources`)).json()) as { paragraphs: Record<string, string[]>; contributions: { party: string }[] };
    const pids = [text.child(0).attrs.pid as string, text.child(1).attrs.pid as string];
    expect(sources.paragraphs).toEqual({ [pids[0]!]: ['MEX', 'IACHR'], [pids[1]!]: ['IACHR'] });
    expect(sources.contributions.map((x) => x.party).sort()).toEqual(['IACHR', 'MEX']);
    // The export names each paragraph's sources and lists the contributions received, with their dates.
    const exported = await api(server, secretariat, `/api/documents/${draft.id}/export?format=md&variant=compilation`);
    const markdown = await exported.text();
    expect(markdown).toMatch(/\[\^1\]: Sources: MEX, IACHR\./);
    expect(markdown).toMatch(/\[\^2\]: Sources: IACHR\./);
    expect(markdown).toMatch(/\*\*Annex: contributions received\*\*/);
    expect(markdown).toMatch(/- MEX \(Mexico\), \d+ \w+ \d{4}/);
    expect(markdown).toMatch(/- IACHR \(Inter-American Commission on Human Rights\), \d+ \w+ \d{4}/);
    const word = await api(server, secretariat, `/api/documents/${draft.id}/export?format=docx&variant=compilation`);
    const zip = await JSZip.loadAsync(new Uint8Array(await word.arrayBuffer()));
    expect(await zip.file('word/footnotes.xml')!.async('string')).toContain('Sources: MEX, IACHR.');
    expect(await zip.file('word/document.xml')!.async('string')).toContain('Annex: contributions received');
    // A restricted draft is the officers' until the Secretariat opens it.
    expect((await api(server, mexico, `/api/documents/${draft.id}/sources`)).status).toBe(404);
    expect((await api(server, secretariat, `/api/documents/${strategy}/sources`)).status).toBe(404);
  });
});
