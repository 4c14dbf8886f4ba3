import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import type { DocumentSummary } from '../../shared/documents.ts';
import type { LanguageVersions } from '../../shared/i18n/language-versions-api.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let original: DocumentSummary;
let chair: string;
let secretariat: string;
const open: DocumentConnection[] = [];

// The draft resolution's operative paragraphs start at block 10.
const OPERATIVE_1 = 10;

beforeAll(async () => {
  server = await startTestServer();
  original = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!;
  chair = await signIn(server, { role: 'chair' });
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

const post = (cookie: string, path: string, body: unknown) => api(server, cookie, path, { method: 'POST', body: JSON.stringify(body) });
const versionsOf = async (cookie: string, id: string) => (await (await api(server, cookie, `/api/documents/${id}/languages`)).json()) as LanguageVersions;
const stored = async (id: string) => editorDoc(restoreDocument(await server.store.loadDocumentState(id)));

async function delegation(code: string, documentId: string) {
  const cookie = await signIn(server, { role: 'delegation', delegation: code });
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { connection, participant: await me(server, cookie) };
}

describe('language versions of a text', () => {
  let portuguese: DocumentSummary;
  let spanish: string;

  it('the demo has the Spanish version, aligned; the Secretariat adds a Portuguese one: the same paragraphs, ids and numbers, all pending translation', async () => {
    const before = await versionsOf(chair, original.id);
    expect(before.versions.map((v) => v.language)).toEqual(['en', 'es']);
    spanish = before.versions[1]!.documentId;
    expect(before.pending).toEqual({ [original.id]: [], [spanish]: [] });

    const created = await post(secretariat, `/api/documents/${original.id}/languages`, { language: 'pt', title: 'Promoção da cooperação hemisférica (projeto de resolução)' });
    expect(created.status).toBe(201);
    portuguese = (await created.json()) as DocumentSummary;
    expect(portuguese).toMatchObject({ title: 'Promoção da cooperação hemisférica (projeto de resolução)', symbol: original.symbol, kind: 'resolution' });

    const [english, version] = [await stored(original.id), await stored(portuguese.id)];
    const pids = (doc: typeof english) => { const out: string[] = []; doc.forEach((b) => out.push(String(b.attrs.pid))); return out; };
    expect(pids(version)).toEqual(pids(english));
    expect([...paragraphNumbers(version)]).toEqual([...paragraphNumbers(english)]);

    const family = await versionsOf(chair, portuguese.id);
    expect(family).toMatchObject({ documentId: portuguese.id, language: 'pt', originalId: original.id });
    expect(family.versions.map((v) => [v.documentId, v.language])).toEqual([[original.id, 'en'], [spanish, 'es'], [portuguese.id, 'pt']]);
    expect(family.pending[portuguese.id]!.length).toBe(pids(version).length);
    expect(family.pending[original.id]).toEqual([]);
    expect(family.pending[spanish]).toEqual([]);
  });

  it('refuses a second version in the same language, a version of a version, a language Accord does not speak, and delegations', async () => {
    expect((await post(secretariat, `/api/documents/${original.id}/languages`, { language: 'pt' })).status).toBe(409);
    expect((await post(secretariat, `/api/documents/${original.id}/languages`, { language: 'en' })).status).toBe(409);
    expect((await post(secretariat, `/api/documents/${portuguese.id}/languages`, { language: 'fr' })).status).toBe(409);
    expect((await post(secretariat, `/api/documents/${original.id}/languages`, { language: 'de' })).status).toBe(400);
    const mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    expect((await post(mexico, `/api/documents/${original.id}/languages`, { language: 'fr' })).status).toBe(403);
    expect((await post(mexico, `/api/documents/${portuguese.id}/languages/aligned`, { pids: ['x'] })).status).toBe(403);
    expect((await versionsOf(chair, original.id)).versions.map((v) => v.language)).toEqual(['en', 'es', 'pt']);
  });

  it('once aligned nothing is pending; MEX proposes in Spanish and English readers see it at the aligned paragraph; the Chair accepts it and the English paragraph waits for its translation', async () => {
    const all = (await versionsOf(chair, portuguese.id)).pending[portuguese.id]!;
    expect((await post(secretariat, `/api/documents/${portuguese.id}/languages/aligned`, { pids: all })).status).toBe(200);
    expect((await versionsOf(chair, original.id)).pending).toEqual({ [original.id]: [], [spanish]: [], [portuguese.id]: [] });

    const mexico = await delegation('MEX', spanish);
    const doc = () => mexico.connection.doc;
    const pid = String(editorDoc(doc()).child(OPERATIVE_1).attrs.pid);
    propose(doc(), mexico.participant, (tr) => tr.insertText(' sin demora', blockStart(editorDoc(doc()), OPERATIVE_1 + 1) - 2));
    await until(mexico.connection, (s) => s.save === 'saved');
    expect(mexico.connection.state.refusal).toBeNull();

    const seenInEnglish = await versionsOf(chair, original.id);
    expect(seenInEnglish.proposals).toEqual([expect.objectContaining({ documentId: spanish, language: 'es', pid, delegation: 'MEX', inserted: ' sin demora' })]);
    // A pending amendment changes no agreed words: nothing is pending yet.
    expect(seenInEnglish.pending[original.id]).toEqual([]);

    const amendment = listAmendments(editorDoc(doc()))[0]!;
    expect((await post(chair, `/api/documents/${spanish}/decisions`, { action: 'accept', scope: { kind: 'amendment', id: amendment.id } })).status).toBe(200);
    const accepted = await versionsOf(chair, original.id);
    expect(accepted.pending).toEqual({ [original.id]: [pid], [spanish]: [], [portuguese.id]: [] });

    // The Secretariat updates the English paragraph (here: says it is done): the English original
    // is unchanged, so the other versions still agree with it.
    expect((await post(secretariat, `/api/documents/${original.id}/languages/aligned`, { pids: [pid] })).status).toBe(200);
    expect((await versionsOf(chair, original.id)).pending).toEqual({ [original.id]: [], [spanish]: [], [portuguese.id]: [] });
  });
});

describe('a version the translators have not titled yet', () => {
  it('is told apart from its original by its language’s own name', async () => {
    const created = await post(secretariat, `/api/documents/${original.id}/languages`, { language: 'fr' });
    expect(created.status).toBe(201);
    expect(((await created.json()) as DocumentSummary).title).toBe(`${original.title} — Français`);
  });
});

describe('each version exports on its own', () => {
  it('tagged with its text’s language; a version says which language its original is in; Word sets the text’s language', async () => {
    const spanish = (await versionsOf(chair, original.id)).versions.find((v) => v.language === 'es')!;
    const page = async (id: string, lang: string) => (await api(server, chair, `/api/documents/${id}/export?format=html&variant=agreed&lang=${lang}`)).text();
    const version = await page(spanish.documentId, 'es');
    expect(version.slice(0, 40)).toContain('<html lang="es">');
    expect(version.includes('<section class="text" lang="es">')).toBe(true);
    expect(version.includes('Texto acordado — Original: inglés')).toBe(true);
    const english = await page(original.id, 'en');
    expect(english.includes('<section class="text" lang="en">')).toBe(true);
    expect(english.includes('Original:')).toBe(false);
    // Exported by an English speaker, the Spanish version is still the Spanish document, fixed
    // words and all, from an English original: a version is published in its own language.
    const read = await page(spanish.documentId, 'en');
    expect(read.slice(0, 40)).toContain('<html lang="es">');
    expect(read.includes('<section class="text" lang="es">')).toBe(true);
    expect(read.includes('Texto acordado — Original: inglés')).toBe(true);
    expect(read.includes('Agreed text')).toBe(false);
    // A comparison of the version is tagged and worded the same way.
    const compared = await (await api(server, chair, `/api/documents/${spanish.documentId}/compare/export?from=live&to=live&format=html&lang=en`)).text();
    expect(compared.slice(0, 40)).toContain('<html lang="es">');
    expect(compared.includes('<section class="text" lang="es">')).toBe(true);
    expect(compared.includes('Resumen de los cambios')).toBe(true);

    const word = await api(server, chair, `/api/documents/${spanish.documentId}/export?format=docx&variant=agreed&lang=en`);
    const zip = await JSZip.loadAsync(new Uint8Array(await word.arrayBuffer()));
    expect(await zip.file('word/styles.xml')!.async('string')).toMatch(/<w:lang w:val="es-ES"\/>/);
  });
});

describe('reading two versions side by side', () => {
  it('gives each version’s agreed text with its paragraph ids, to any participant who may open it', async () => {
    const family = await versionsOf(chair, original.id);
    const spanish = family.versions.find((v) => v.language === 'es')!;
    const mexico = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const text = async (id: string) => (await (await api(server, mexico, `/api/documents/${id}/languages/text`)).json()) as { language: string; content: { content: { attrs: { pid: string }; content?: { text: string }[] }[] } };
    const [en, es] = [await text(original.id), await text(spanish.documentId)];
    expect([en.language, es.language]).toEqual(['en', 'es']);
    expect(es.content.content.map((b) => b.attrs.pid)).toEqual(en.content.content.map((b) => b.attrs.pid));
    expect(es.content.content[0]!.content![0]!.text).toBe('PROMOCIÓN DE LA COOPERACIÓN HEMISFÉRICA PARA EL TRATAMIENTO DE LAS PANDILLAS DELICTIVAS');
    expect((await api(server, null, `/api/documents/${original.id}/languages/text`)).status).toBe(401);
  });
});
