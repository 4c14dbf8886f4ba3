import type { Node as PMNode } from '@tiptap/pm/model';
import { CommentRangeEnd, CommentRangeStart, CommentReference, Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { RATIONALES } from '../../shared/document-parts.ts';
import { MAX_IMPORT_BYTES } from '../../server/import/docx-import.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { baseTextOf } from '../../server/word/placement.ts';
import { editorDoc } from '../support/editing.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';
import { atWords, editWordXml, trackedDeletion, trackedInsertion } from '../support/word-edit.ts';
import { deflated, documentXml, wordPackaging, zipArchive } from '../support/zip.ts';

let server: TestServer;
let resolution: string;
let strategy: string;
let canada: string;
let usa: string;
/** An hour ago, to the second, as Word writes it: recent enough to be believed (apply-plan.ts). */
const WORD_DATE = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString().replace('.000Z', 'Z');
const WORD_DATE_STORED = WORD_DATE.replace('Z', '.000Z');

beforeAll(async () => {
  server = await startTestServer();
  const documents = await server.store.listDocuments();
  resolution = documents.find((d) => d.kind === 'resolution')!.id;
  strategy = documents.find((d) => d.kind === 'strategy')!.id;
  canada = await signIn(server, { role: 'delegation', delegation: 'CAN' });
  usa = await signIn(server, { role: 'delegation', delegation: 'USA' });
});
afterAll(async () => server.dispose());

const stored = async (documentId = resolution): Promise<Y.Doc> => restoreDocument(await server.store.loadDocumentState(documentId));
const text = async (documentId = resolution): Promise<PMNode> => editorDoc(await stored(documentId));
const storedState = async (documentId = resolution) => Y.encodeStateAsUpdate(await stored(documentId));

async function upload(cookie: string, bytes: Uint8Array, confirm?: string, documentId = resolution): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'edited.docx'));
  if (confirm) form.set('confirm', confirm);
  return fetch(`${server.url}/api/documents/${documentId}/word`, { method: 'POST', body: form, headers: { cookie } });
}

async function exported(cookie: string, documentId = resolution): Promise<Uint8Array> {
  const response = await api(server, cookie, `/api/documents/${documentId}/export?format=docx&variant=compilation`);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** Open paragraphs with pending amendments of nobody, whose words are plain in the export: [pid, words]. */
async function plainParagraphs(): Promise<{ pid: string; words: string }[]> {
  const found: { pid: string; words: string }[] = [];
  (await text()).descendants((node) => {
    if (!node.isTextblock) return true;
    const plain = node.childCount === 1 && node.firstChild!.isText && node.firstChild!.marks.length === 0;
    if (plain && node.attrs.pid && node.attrs.status === 'open' && !node.attrs.proposal && baseTextOf(node).split(' ').length > 4) found.push({ pid: node.attrs.pid as string, words: baseTextOf(node) });
    return false;
  });
  return found;
}

interface Preview {
  proposals: { pid: string; shape: string; inserted: string; deleted: string; source: string }[];
  unplaced: { reason: string }[];
  digest: string;
}

describe('a delegation uploads its edited copy of the compilation', () => {
  it('previews, then makes exactly its tracked insertion and deletion, as its own amendments, at their paragraphs', async () => {
    const [first, second] = await plainParagraphs();
    const firstWord = first!.words.split(' ')[0]!;
    const secondWords = second!.words.split(' ');
    const deleted = secondWords[2]!;
    const edited = await editWordXml(await exported(canada), (xml) =>
      atWords(
        atWords(xml, `${firstWord} `, '', () => trackedInsertion('firmly ', 'Canada', WORD_DATE)),
        `${secondWords.slice(0, 2).join(' ')} `,
        deleted,
        (t) => trackedDeletion(t, 'Canada', WORD_DATE),
      ),
    );
    const before = await storedState();
    const previewed = await upload(canada, edited);
    expect(previewed.status).toBe(200);
    const preview = (await previewed.json()) as Preview;
    expect(preview.unplaced).toEqual([]);
    expect(preview.proposals.map((p) => [p.pid, p.shape, p.inserted, p.deleted])).toEqual([
      [first!.pid, 'insertion', 'firmly ', ''],
      [second!.pid, 'deletion', '', deleted],
    ]);
    // A preview makes nothing; a confirmation of another plan neither.
    expect(await storedState()).toEqual(before);
    expect((await upload(canada, edited, '0'.repeat(32))).status).toBe(409);
    expect(await storedState()).toEqual(before);

    const confirmed = await upload(canada, edited, preview.digest);
    expect(confirmed.status).toBe(201);
    const mine = listAmendments(await text()).filter((a) => a.delegation === 'CAN');
    expect(mine.map((a) => [a.pid, a.shape, a.inserted, a.deleted, a.at])).toEqual([
      [first!.pid, 'insertion', 'firmly ', '', WORD_DATE_STORED],
      [second!.pid, 'deletion', '', deleted, WORD_DATE_STORED],
    ]);
    const author = (await server.store.listParticipants()).find((p) => p.delegation === 'CAN')!.id;
    expect(mine.every((a) => a.author === author)).toBe(true);
    // Stored as one update of Canada's, like its own typing.
    expect((await server.store.listUpdates(resolution)).at(-1)!.author).toMatchObject({ participantId: author, delegation: 'CAN' });
    // The same file again proposes nothing new: its changes are amendments now.
    const again = (await (await upload(canada, await editWordXml(await exported(canada), (xml) => xml))).json()) as Preview;
    expect(again.proposals).toEqual([]);
  });

  it('takes a Word file Accord never wrote: its tracked changes placed by their paragraph\u2019s words, the Word comment as rationale', async () => {
    // Not one Canada amended above: those are no longer plain.
    const [target] = await plainParagraphs();
    const words = target!.words;
    const cut = words.indexOf(' ') + 1;
    const file = new Document({
      comments: { children: [{ id: 1, author: 'United States', date: new Date(WORD_DATE), children: [new Paragraph('Consistent with our national law.')] }] },
      sections: [{
        children: [
          new Paragraph('Draft as received from the Secretariat'),
          new Paragraph({
            children: [
              new TextRun(words.slice(0, cut)),
              new CommentRangeStart(1),
              new InsertedTextRun({ text: 'duly ', id: 1, author: 'United States', date: WORD_DATE }),
              new CommentRangeEnd(1),
              new TextRun({ children: [new CommentReference(1)] }),
              new TextRun(words.slice(cut)),
            ],
          }),
        ],
      }],
    });
    const bytes = new Uint8Array(await Packer.toBuffer(file));
    const preview = (await (await upload(usa, bytes)).json()) as Preview;
    expect(preview.proposals.map((p) => [p.pid, p.shape, p.inserted])).toEqual([[target!.pid, 'insertion', 'duly ']]);
    expect((await upload(usa, bytes, preview.digest)).status).toBe(201);
    const made = listAmendments(await text()).filter((a) => a.delegation === 'USA' && a.inserted === 'duly ');
    expect(made.map((a) => a.pid)).toEqual([target!.pid]);
    expect((await stored()).getMap(RATIONALES).get(made[0]!.id)).toMatchObject({ text: 'Consistent with our national law.' });
  });
});

describe('bad input is refused with a clear reason, and nothing is made', () => {
  async function refused(bytes: Uint8Array, status: number, reason: RegExp, documentId = resolution, cookie = canada): Promise<void> {
    const before = await storedState(documentId);
    const response = await upload(cookie, bytes, undefined, documentId);
    const body = (await response.json()) as { error: string };
    expect(response.status, body.error).toBe(status);
    expect(body.error).toMatch(reason);
    expect(await storedState(documentId)).toEqual(before);
  }

  it('not a Word file', async () => refused(new TextEncoder().encode('Dear colleagues, please find our comments below.'), 400, /not a Word \(\.docx\) file/));

  it('a password-protected (encrypted) file', async () => {
    const compound = new Uint8Array(4096);
    compound.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await refused(compound, 400, /password-protected/);
  });

  it('a file over the size limit', async () => refused(new Uint8Array(MAX_IMPORT_BYTES + 1024).fill(0x50), 413, /larger than 5 MB/));

  it('a zip bomb', async () => refused(zipArchive([...wordPackaging(), deflated('word/document.xml', documentXml('a'.repeat(1000), 100_000))]), 400, /too large when unpacked/));

  it('XML declaring external entities (XXE)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>`;
    await refused(zipArchive([...wordPackaging(), deflated('word/document.xml', xxe)]), 400, /declares a DTD/);
  });

  it('a file exported from another document', async () => refused(await exported(canada, strategy), 400, /exported from another document/));

  it('a second file of the same participant while its first is being read', async () => {
    const file = await exported(canada);
    const statuses = (await Promise.all([upload(canada, file), upload(canada, file)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429]);
  });

  it('an upload by an observer', async () => refused(await exported(canada), 403, /observers/, resolution, await signIn(server, { role: 'observer' })));
});
