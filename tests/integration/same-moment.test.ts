import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { bracketed } from '../support/builders.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Two delegations replace the same word at the same moment: each edits its copy before the
 * other's change reaches it. Whichever arrives second must be accepted as made, and neither's
 * words may come out struck by the other (unseen-strikes.ts). Yjs orders such concurrent
 * changes by the copies' random client ids, so the test runs with several pairs of copies.
 */
let server: TestServer;
let documentId: string;

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
});
afterAll(async () => server.dispose());

// The draft resolution's operative paragraphs 1–6 are blocks 10–15.
const PAIRS = 6;

describe('two delegations replacing the same word at the same moment', () => {
  it('are both accepted, each replacement whole under its own insertion and struck by nobody', async () => {
    const usaCookie = await signIn(server, { role: 'delegation', delegation: 'USA' });
    const braCookie = await signIn(server, { role: 'delegation', delegation: 'BRA' });
    const [usa, bra] = [await me(server, usaCookie), await me(server, braCookie)];
    for (let n = 0; n < PAIRS; n++) {
      const block = 10 + n;
      const copies: DocumentConnection[] = [connect(server, usaCookie, documentId), connect(server, braCookie, documentId)];
      for (const c of copies) await until(c, (s) => s.link === 'connected');
      const [usaCopy, braCopy] = copies as [DocumentConnection, DocumentConnection];
      // "To …": the paragraph's second word, at offsets 3 to the next space.
      const text = editorDoc(usaCopy.doc).child(block).textContent;
      const word = text.slice(3, text.indexOf(' ', 3));
      const replace = (copy: DocumentConnection, participant: typeof usa, by: string) =>
        propose(copy.doc, participant, (tr) => tr.insertText(by, blockStart(editorDoc(copy.doc), block) + 3, blockStart(editorDoc(copy.doc), block) + 3 + word.length));
      // Both before either hears of the other.
      replace(usaCopy, usa, 'sustained');
      replace(braCopy, bra, 'strong');
      for (const c of copies) await until(c, (s) => s.save === 'saved');
      for (const c of copies) expect(c.state.refusal, `pair ${n}`).toBeNull();
      const converged = await eventually(
        () => copies.map((c) => bracketed(editorDoc(c.doc))[block]!),
        ([a, b]) => a === b && /\+USA/.test(a!) && /\+BRA/.test(a!),
      );
      const line = converged[0]!;
      expect(line, `pair ${n}`).toMatch(/\{\+USA:\w+ sustained\}/);
      expect(line, `pair ${n}`).toMatch(/\{\+BRA:\w+ strong\}/);
      const amendments = listAmendments(editorDoc(usaCopy.doc)).filter((a) => a.blockIndex === block);
      expect(amendments.map((a) => a.delegation).sort(), `pair ${n}: ${line}`).toEqual(['BRA', 'USA']);
      for (const c of copies) c.destroy();
    }
  });
});
