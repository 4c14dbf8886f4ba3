import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSummary } from '../../shared/documents.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { editorDoc } from '../support/editing.ts';
import { signIn, startTestServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let secretariat: string;

beforeAll(async () => {
  server = await startTestServer();
  secretariat = await signIn(server, { role: 'secretariat' });
});
afterAll(async () => server.dispose());

/** A zero draft as Word-compatible tooling writes it. */
async function zeroDraft(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'PROMOTION OF HEMISPHERIC COOPERATION', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'THE GENERAL ASSEMBLY,' }),
          new Paragraph({ text: 'RECALLING resolution AG/RES. 2380 (XXXVIII-O/08);' }),
          new Paragraph({ text: 'RESOLVES:' }),
          new Paragraph({ children: [new TextRun('1. To take note of the '), new TextRun({ text: 'progress', bold: true }), new TextRun(' made.')] }),
          new Paragraph({ text: '2. To request the General Secretariat to support member states.' }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

async function upload(bytes: Uint8Array, name = 'zero-draft.docx', fields: Record<string, string> = { title: 'Imported draft', symbol: 'CSH/GT/PD-9/09', kind: 'resolution' }) {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: secretariat } });
}

describe('importing a Word zero draft', () => {
  it('creates a document with the same headings and paragraphs, numbering read as operative paragraphs', async () => {
    const response = await upload(await zeroDraft());
    expect(response.status).toBe(201);
    const created = (await response.json()) as DocumentSummary;
    expect(created).toMatchObject({ title: 'Imported draft', symbol: 'CSH/GT/PD-9/09', kind: 'resolution' });
    const doc = editorDoc(restoreDocument(await server.store.loadDocumentState(created.id)));
    const blocks: [string, string, string][] = [];
    doc.forEach((node) => blocks.push([node.type.name, String(node.attrs.kind ?? ''), node.textContent]));
    expect(blocks).toEqual([
      ['heading', '', 'PROMOTION OF HEMISPHERIC COOPERATION'],
      ['paragraph', 'body', 'THE GENERAL ASSEMBLY,'],
      ['paragraph', 'preambular', 'RECALLING resolution AG/RES. 2380 (XXXVIII-O/08);'],
      ['paragraph', 'body', 'RESOLVES:'],
      ['paragraph', 'operative', 'To take note of the progress made.'],
      ['paragraph', 'operative', 'To request the General Secretariat to support member states.'],
    ]);
    expect(doc.child(4).child(1).marks.map((m) => m.type.name)).toEqual(['bold']);
  });

  it('refuses a file that is not a DOCX, or is too large, and creates nothing', async () => {
    const before = (await server.store.listDocuments()).length;
    const notDocx = await upload(new TextEncoder().encode('just some text'), 'notes.docx');
    expect(notDocx.status).toBe(400);
    expect(((await notDocx.json()) as { error: string }).error).toMatch(/not a Word/);
    const zipButNotWord = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'broken.docx');
    expect(zipButNotWord.status).toBe(400);
    const huge = await upload(new Uint8Array(6 * 1024 * 1024), 'huge.docx');
    expect(huge.status).toBe(413);
    expect((await upload(await zeroDraft(), 'x.docx', { symbol: 'no title' })).status).toBe(400);
    const delegation = await signIn(server, { role: 'delegation', delegation: 'MEX' });
    const form = new FormData();
    form.set('file', new File([(await zeroDraft()) as Uint8Array<ArrayBuffer>], 'x.docx'));
    form.set('title', 'x');
    expect((await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: delegation } })).status).toBe(403);
    expect((await server.store.listDocuments()).length).toBe(before);
  });
});
