import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/documents.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { editorDoc } from '../support/editing.ts';
import { signIn, startTestServer, type TestServer } from '../support/server.ts';
import { deflated, documentXml, wordPackaging, zipArchive, type ZipPart } from '../support/zip.ts';

let server: TestServer;
let secretariat: string;

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterAll(async () => server.dispose());

function upload(bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'zero-draft.docx'));
  form.set('title', 'Imported draft');
  return fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: secretariat } });
}

/** A Word file whose text is `document` (the document.xml part). */
const wordFile = (document: ZipPart, ...more: ZipPart[]) => zipArchive([...wordPackaging(), document, ...more]);

/** Uploads `bytes`, expects a 400 whose reason matches `reason`, and that no document was made. */
async function refused(bytes: Uint8Array, reason: RegExp): Promise<void> {
  const before = (await server.store.listDocuments()).length;
  const response = await upload(bytes);
  const body = (await response.json()) as { error: string };
  expect(response.status, body.error).toBe(400);
  expect(body.error).toMatch(reason);
  expect((await server.store.listDocuments()).length).toBe(before);
}

/** 106 MB of document.xml packed into 240 KB: a decompression bomb with an honest directory. */
let packedBomb: ZipPart | null = null;
const bomb = () => (packedBomb ??= deflated('word/document.xml', documentXml('a'.repeat(1000), 100_000)));

describe('importing refuses decompression bombs before they cost anything', () => {
  it('a hand-made Word file of the same construction imports (the test files are real DOCX)', async () => {
    const response = await upload(wordFile(deflated('word/document.xml', documentXml('1. To welcome the work plan.', 3))));
    expect(response.status).toBe(201);
    const created = (await response.json()) as DocumentSummary;
    const doc = editorDoc(restoreDocument(await server.store.loadDocumentState(created.id)));
    expect(doc.childCount).toBe(3);
    expect(doc.child(0).textContent).toBe('To welcome the work plan.');
  });

  it('a part declared too large when unpacked, or packed far tighter than Word packs: refused from the directory', async () => {
    await refused(wordFile(bomb()), /too large when unpacked/);
    // 9 MB that packs 37 to 1, like a picture would not but within every per-part bound.
    const mixed = new Uint8Array(9 * 1024 * 1024).fill(0x61);
    let seed = 1;
    for (let i = 0; i < mixed.length; i += 40) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      mixed[i] = 0x61 + (seed % 26);
    }
    await refused(wordFile(deflated('word/document.xml', new Uint8Array(2 * 1024 * 1024).fill(0x61))), /packed far more tightly/);
    // Overlapping entries: many names for one packed blob, each within bounds, together far over.
    const parts = [...wordPackaging(), deflated('word/document.xml', documentXml('Text.')), deflated('word/media/image0.png', mixed)];
    const media = parts.length - 1;
    for (let i = 1; i <= 6; i++) parts.push({ ...parts[media]!, name: `word/media/image${i}.png`, sharesDataOf: media });
    await refused(zipArchive(parts), /over 40 MB in all/);
  });

  it('a part whose directory lies about its size: inflating stops at the declared size', async () => {
    await refused(wordFile({ ...bomb(), declaredSize: 2_000 }), /unpacks to more than it declares/);
  });

  it('a text no negotiation has (a paragraph too long, too many paragraphs) is refused with the limit named', async () => {
    await refused(wordFile(deflated('word/document.xml', documentXml('word '.repeat(5_000)))), /a paragraph is longer than 20,000 characters/);
    await refused(wordFile(deflated('word/document.xml', documentXml('A short paragraph.', 5_001))), /more than 5,000 paragraphs/);
  });
});

describe('an import runs off the main thread', () => {
  it('/api/health keeps answering while a large import converts', async () => {
    const large = wordFile(deflated('word/document.xml', documentXml('The Working Group takes note of the report. '.repeat(5), 1_500)));
    const started = performance.now();
    let done = false;
    const importing = upload(large).then((response) => {
      done = true;
      return response;
    });
    const pings: number[] = [];
    while (!done) {
      const sent = performance.now();
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      if (!done) pings.push(performance.now() - sent);
    }
    const response = await importing;
    const took = performance.now() - started;
    expect(response.status).toBe(201);
    // On the main thread the conversion is one stretch of synchronous work, most of the import:
    // a ping sent during it waits for all of it. Off the main thread every ping is answered at once.
    expect(pings.length).toBeGreaterThan(3);
    expect(Math.max(...pings)).toBeLessThan(took / 4);
  });
});
