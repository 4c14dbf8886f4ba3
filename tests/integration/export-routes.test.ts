import JSZip from 'jszip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { RevisionRecord } from '../../server/store/store.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, connect, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

let server: TestServer;
let documentId: string;
let chair: string;
let mexicoCookie: string;
const open: DocumentConnection[] = [];
const OPERATIVE_2 = 11;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  chair = await signIn(server, { role: 'chair' });
  mexicoCookie = await signIn(server, { role: 'delegation', delegation: 'MEX' });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

async function documentXml(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/wordprocessingml/);
  const zip = await JSZip.loadAsync(new Uint8Array(await response.arrayBuffer()));
  return (await zip.file('word/document.xml')!.async('string')) as string;
}

async function proposeAsMexico(words: string): Promise<string> {
  const mexico = connect(server, mexicoCookie, documentId);
  open.push(mexico);
  await until(mexico, (s) => s.link === 'connected');
  propose(mexico.doc, await me(server, mexicoCookie), (tr) => tr.insertText(words, blockStart(editorDoc(mexico.doc), OPERATIVE_2) + 3));
  await until(mexico, (s) => s.save === 'saved');
  return listAmendments(editorDoc(mexico.doc)).find((a) => a.inserted === words)!.id;
}

describe('exporting over HTTP', () => {
  it('exports the compilation with real tracked changes by the delegation, and the agreed text without them', async () => {
    await proposeAsMexico('kindly ');
    const compilation = await documentXml(await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=docx&variant=compilation`));
    expect(compilation).toMatch(/<w:ins [^>]*w:author="MEX"/);
    expect(compilation).toContain('kindly');
    expect(compilation).toContain('OEA/Ser.G CSH/GT/PD-2/09');
    const agreed = await documentXml(await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=docx&variant=agreed`));
    expect(agreed).not.toMatch(/<w:ins /);
    expect(agreed).not.toContain('kindly');

    const html = await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=html&variant=compilation`);
    expect(html.headers.get('content-disposition')).toMatch(/attachment; filename=".*compilation.*\.html"/);
    expect(await html.text()).toMatch(/kindly[\s\S]*MEX/);
    const md = await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=md&variant=compilation`);
    expect(await md.text()).toMatch(/\[kindly \]MEX/);
    const pdf = await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=pdf&variant=agreed`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('exports a revision, and a comparison whose tracked changes are the differences', async () => {
    const rev1 = (await (await api(server, chair, `/api/documents/${documentId}/revisions`, { method: 'POST', body: '{}' })).json()) as RevisionRecord;
    const id = await proposeAsMexico('swiftly ');
    await api(server, chair, `/api/documents/${documentId}/decisions`, { method: 'POST', body: JSON.stringify({ action: 'accept', scope: { kind: 'amendment', id } }) });
    const rev2 = (await (await api(server, chair, `/api/documents/${documentId}/revisions`, { method: 'POST', body: '{}' })).json()) as RevisionRecord;

    const ofRev1 = await documentXml(await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=docx&variant=agreed&revision=${rev1.id}`));
    expect(ofRev1).not.toContain('swiftly');
    const comparison = await documentXml(await api(server, mexicoCookie, `/api/documents/${documentId}/compare/export?format=docx&from=${rev1.id}&to=${rev2.id}`));
    expect(comparison).toMatch(/<w:ins [^>]*w:author="MEX"[^>]*>[\s\S]*?swiftly/);
  });

  it('answers bad parameters with 400 and a clear message, no access with 404', async () => {
    const bad = [
      `/api/documents/${documentId}/export?format=odt&variant=agreed`,
      `/api/documents/${documentId}/export?format=docx`,
      `/api/documents/${documentId}/export?format=docx&variant=agreed&revision=Rev.1`,
      `/api/documents/${documentId}/export?format=docx&variant=agreed&extra=1`,
      `/api/documents/${documentId}/compare/export?format=docx&from=live`,
    ];
    for (const path of bad) {
      const response = await api(server, mexicoCookie, path);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error.length).toBeGreaterThan(5);
    }
    // Worded as every route's inputs are, in the reader's language.
    const error = async (path: string, language: string) =>
      ((await (await api(server, mexicoCookie, `/api/documents/${documentId}${path}`, { headers: { 'accept-language': language } })).json()) as { error: string }).error;
    expect(await error('/export?format=odt&variant=agreed', 'en')).toBe('format: the file’s format, one of docx, html, md, pdf');
    expect(await error('/export?format=odt&variant=draft', 'es')).toBe('format: el formato del archivo, uno de docx, html, md, pdf; variant: el texto que se exporta, uno de agreed, compilation');
    expect(await error('/export?format=docx&variant=agreed&revision=Rev.1', 'fr')).toBe('revision: l’identifiant d’une révision, ou rien pour le texte tel qu’il est');
    expect(await error('/compare/export?format=docx&from=live&to=Rev.2', 'pt')).toBe('to: o identificador de uma revisão, ou live para o texto tal como está');
    expect((await api(server, mexicoCookie, `/api/documents/${documentId}/export?format=docx&variant=agreed&revision=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await api(server, null, `/api/documents/${documentId}/export?format=docx&variant=agreed`)).status).toBe(401);
  });
});
