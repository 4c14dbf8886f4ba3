import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { api, signIn, startTestServer, type TestServer } from '../support/server.ts';
import { atWords, editWordXml, trackedInsertion } from '../support/word-edit.ts';

/**
 * Amendments made from a Word file are a delegation's changes like its typing: the document's
 * size and the delegation's share of it bound them too (issue 13, finding 10). They once went
 * straight into the text through the server's own path, past every bound.
 */
let server: TestServer;
let resolution: string;
let canada: string;
const WORD_DATE = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  // Canada may add 200 bytes of history to a document: less than one Word amendment's update.
  server = await startTestServer(undefined, { limits: { maxParticipantHistoryBytes: 200 } });
  resolution = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  canada = await signIn(server, { role: 'delegation', delegation: 'CAN' });
});
afterAll(async () => server.dispose());

async function upload(bytes: Uint8Array, confirm?: string): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], 'edited.docx'));
  if (confirm) form.set('confirm', confirm);
  return fetch(`${server.url}/api/documents/${resolution}/word`, { method: 'POST', body: form, headers: { cookie: canada } });
}

const storedState = async () => Y.encodeStateAsUpdate(restoreDocument(await server.store.loadDocumentState(resolution)));

describe('a Word upload is bounded like typing', () => {
  it('refuses amendments past the delegation\u2019s share of the document, says why, and makes nothing', async () => {
    const exported = await api(server, canada, `/api/documents/${resolution}/export?format=docx&variant=compilation`);
    expect(exported.status).toBe(200);
    const edited = await editWordXml(new Uint8Array(await exported.arrayBuffer()), (xml) =>
      atWords(xml, 'RESOLVES', '', () => trackedInsertion(' firmly and without delay, with the means it needs,', 'Canada', WORD_DATE)),
    );
    const previewed = await upload(edited);
    expect(previewed.status).toBe(200);
    const { digest, proposals } = (await previewed.json()) as { digest: string; proposals: unknown[] };
    expect(proposals).toHaveLength(1);

    const before = await storedState();
    const confirmed = await upload(edited, digest);
    expect(confirmed.status).toBe(413);
    expect(((await confirmed.json()) as { error: string }).error).toMatch(/as much history to this document as one participant may/);
    expect(await storedState()).toEqual(before);
  });
});
