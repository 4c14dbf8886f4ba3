import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { baseTextOf } from '../../server/word/placement.ts';
import { editorDoc } from '../support/editing.ts';
import { api, connect, eventually, me, signIn, until, type TestServer } from '../support/server.ts';
import { serverPair, type ServerPair } from '../support/server-pair.ts';
import { atWords, editWordXml, trackedDeletion, trackedInsertion } from '../support/word-edit.ts';

/**
 * A Word upload confirmed on a process that does not lead the document (issues 15 and 16): the
 * file is read where the request landed, and the amendments are made by the authority, through
 * the bus like a decision. Each is made once, as the uploading delegation's, and seen live by
 * the authority's own clients.
 */
/** An hour ago, to the second, as Word writes it: recent enough to be believed (apply-plan.ts). */
const WORD_DATE = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString().replace('.000Z', 'Z');

let pair: ServerPair;
let leader: TestServer;
let other: TestServer;
let documentId: string;
const open: DocumentConnection[] = [];

beforeAll(async () => {
  pair = await serverPair('word');
  ({ leader, other, documentId } = pair);
}, 60_000);
afterAll(async () => {
  for (const c of open) c.destroy();
  await pair?.dispose();
});

async function upload(server: TestServer, cookie: string, bytes: Uint8Array, confirm?: string): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'edited.docx'));
  if (confirm) form.set('confirm', confirm);
  return fetch(`${server.url}/api/documents/${documentId}/word`, { method: 'POST', body: form, headers: { cookie } });
}

/** Open paragraphs holding only plain words (no amendment in them): [pid, words]. */
function plainParagraphs(connection: DocumentConnection): { pid: string; words: string }[] {
  const found: { pid: string; words: string }[] = [];
  editorDoc(connection.doc).descendants((node) => {
    if (!node.isTextblock) return true;
    const plain = node.childCount === 1 && node.firstChild!.isText && node.firstChild!.marks.length === 0;
    if (plain && node.attrs.pid && node.attrs.status === 'open' && !node.attrs.proposal && baseTextOf(node).split(' ').length > 4) found.push({ pid: node.attrs.pid as string, words: baseTextOf(node) });
    return false;
  });
  return found;
}

describe('a Word upload on a process that does not lead the document', () => {
  it('is previewed and confirmed there, and its amendments are made once by the authority, as the uploader\u2019s', async () => {
    // The Chair opens the document on the first process: that one leads it.
    const chairCookie = await signIn(leader, { role: 'chair' });
    const chair = connect(leader, chairCookie, documentId);
    open.push(chair);
    await until(chair, (s) => s.link === 'connected');
    const authority = await leader.cluster!.authorityOf(documentId);
    expect(authority?.node).toBe(leader.node);

    const canada = await signIn(other, { role: 'delegation', delegation: 'CAN' });
    const canadaId = (await me(other, canada)).id;
    const [first, second] = plainParagraphs(chair);
    const firstWord = first!.words.split(' ')[0]!;
    const secondWords = second!.words.split(' ');
    const deleted = secondWords[2]!;
    const exported = await api(other, canada, `/api/documents/${documentId}/export?format=docx&variant=compilation`);
    expect(exported.status).toBe(200);
    const edited = await editWordXml(new Uint8Array(await exported.arrayBuffer()), (xml) =>
      atWords(
        atWords(xml, `${firstWord} `, '', () => trackedInsertion('firmly ', 'Canada', WORD_DATE)),
        `${secondWords.slice(0, 2).join(' ')} `,
        deleted,
        (t) => trackedDeletion(t, 'Canada', WORD_DATE),
      ),
    );

    const previewed = await upload(other, canada, edited);
    expect(previewed.status).toBe(200);
    const preview = (await previewed.json()) as { digest: string; proposals: { pid: string; shape: string }[] };
    expect(preview.proposals.map((p) => [p.pid, p.shape])).toEqual([[first!.pid, 'insertion'], [second!.pid, 'deletion']]);
    // The authority's refusal of a plan that is not the previewed one comes back as the route's 409.
    const wrong = await upload(other, canada, edited, '0'.repeat(32));
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/preview the file again/);

    const confirmed = await upload(other, canada, edited, preview.digest);
    expect(confirmed.status).toBe(201);
    const { created } = (await confirmed.json()) as { created: { amendmentId: string; pid: string; shape: string }[] };
    expect(created.map((c) => [c.pid, c.shape])).toEqual([[first!.pid, 'insertion'], [second!.pid, 'deletion']]);

    // Seen live by the authority's client, once each, as Canada's.
    const canadian = () => listAmendments(editorDoc(chair.doc)).filter((a) => a.delegation === 'CAN');
    await eventually(canadian, (found) => found.length >= 2);
    expect(canadian().map((a) => [a.id, a.pid, a.shape, a.inserted, a.deleted, a.author])).toEqual([
      [created[0]!.amendmentId, first!.pid, 'insertion', 'firmly ', '', canadaId],
      [created[1]!.amendmentId, second!.pid, 'deletion', '', deleted, canadaId],
    ]);
    // Stored once: the text in PostgreSQL holds them, and one update of Canada's made them.
    const stored = listAmendments(editorDoc(restoreDocument(await other.store.loadDocumentState(documentId))));
    expect(stored.filter((a) => a.delegation === 'CAN').map((a) => a.id)).toEqual(created.map((c) => c.amendmentId));
    const byCanada = (await other.store.listUpdates(documentId)).filter((u) => u.author?.participantId === canadaId);
    expect(byCanada).toHaveLength(1);
    expect(byCanada[0]!.author).toMatchObject({ delegation: 'CAN' });
    // Still led by the first process, under its first lease: the second never took the text over to make them.
    expect(await leader.cluster!.authorityOf(documentId)).toEqual(authority);
  }, 60_000);
});
