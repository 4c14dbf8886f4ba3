import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments, type Amendment } from '../../shared/negotiation/amendments.ts';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editDirectly, editorDoc, propose } from '../support/editing.ts';
import { connect, eventually, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Issue 13, findings 1–5, through the real protocol: a real y-websocket client of the real
 * server on port 0 sends what a hostile participant would build with Yjs; the server refuses
 * it and stores nothing of it.
 */

let server: TestServer;
let documentId: string;
const open: DocumentConnection[] = [];

interface Seat {
  participant: Participant;
  connection: DocumentConnection;
}

async function seat(who: Parameters<typeof signIn>[1]): Promise<Seat> {
  const cookie = await signIn(server, who);
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { participant: await me(server, cookie), connection };
}

const storedState = async () =>
  createHash('sha256').update(Y.encodeStateAsUpdate(restoreDocument(await server.store.loadDocumentState(documentId)))).digest('hex');

/** Makes a change on the seat's replica and waits for the server's refusal of it. */
async function refused(s: Seat, edit: (doc: Y.Doc) => void): Promise<string> {
  edit(s.connection.doc);
  return (await until(s.connection, (x) => x.refusal !== null)).refusal!;
}

async function proposeSaved(s: Seat, edit: Parameters<typeof propose>[2]): Promise<void> {
  propose(s.connection.doc, s.participant, edit);
  await until(s.connection, (x) => x.save === 'saved');
  expect(s.connection.state.refusal).toBeNull();
}

const blocks = (doc: Y.Doc) => doc.getXmlFragment(TEXT_FIELD).toArray() as Y.XmlElement[];
const textOf = (element: Y.XmlElement) => element.get(0) as Y.XmlText;
const amendmentsOf = (doc: Y.Doc, delegation: string) => listAmendments(editorDoc(doc)).filter((a) => a.delegation === delegation);
/** Operative paragraph `n`'s pending amendment by `delegation`, once this replica has it. */
const arrived = (s: Seat, delegation: string, n: number): Promise<Amendment> =>
  eventually(() => amendmentsOf(s.connection.doc, delegation).find((a) => a.pid === operative[n]), (a) => a !== undefined) as Promise<Amendment>;

/** The pids of the draft resolution's six operative paragraphs (blocks 10–15 at first): each test works in its own. */
let operative: string[] = [];
/** Where an operative paragraph is now in a replica (proposed paragraphs shift the blocks after them). */
const indexOf = (doc: Y.Doc, n: number) => blocks(doc).findIndex((b) => b.getAttribute('pid') === operative[n]);
const startOf = (doc: Y.Doc, n: number) => blockStart(editorDoc(doc), indexOf(doc, n));

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  operative = blocks(restoreDocument(await server.store.loadDocumentState(documentId)))
    .slice(10, 16)
    .map((b) => String(b.getAttribute('pid')));
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(async () => server.dispose());

describe('finding 1: a delegation\u2019s own proposed paragraph is checked against the schema', () => {
  const attacks: [string, (paragraph: Y.XmlElement) => void][] = [
    ['a script element', (paragraph) => paragraph.insert(paragraph.length, [new Y.XmlElement('script')])],
    [
      '3,000 nested quotations',
      (paragraph) => {
        let parent = paragraph;
        for (let i = 0; i < 3000; i++) {
          const quotation = new Y.XmlElement('blockquote');
          parent.insert(parent.length, [quotation]);
          parent = quotation;
        }
      },
    ],
    ['a 500 KB attribute', (paragraph) => paragraph.setAttribute('kind', 'x'.repeat(500_000))],
    ['status agreed', (paragraph) => paragraph.setAttribute('status', 'agreed')],
  ];

  it.each(attacks)('refuses %s in it and stores nothing', async (_name, attack) => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const fresh = blocks(mexico.connection.doc).length;
    await proposeSaved(mexico, (tr) => tr.split(startOf(mexico.connection.doc, 0) + 6));
    const own = blocks(mexico.connection.doc)[indexOf(mexico.connection.doc, 0) + 1];
    expect(own?.getAttribute('proposal')).toMatch(/^MEX:/);
    expect(blocks(mexico.connection.doc).length).toBe(fresh + 1);
    const before = await storedState();
    expect(await refused(mexico, () => attack(own!))).toMatch(/schema|agreed/);
    expect(await storedState()).toBe(before);
    editorDoc(restoreDocument(await server.store.loadDocumentState(documentId))).check();
  });
});

describe('finding 2: a delegation cannot create another\u2019s mark by copying it', () => {
  it('refuses USA\u2019s exact insertion mark on words of a paragraph MEX proposes, with USA\u2019s paragraph touched', async () => {
    const usa = await seat({ role: 'delegation', delegation: 'USA' });
    await proposeSaved(usa, (tr) => tr.insertText('urgently ', startOf(usa.connection.doc, 1) + 3));
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    await arrived(mexico, 'USA', 1);
    const usaParagraph = textOf(blocks(mexico.connection.doc)[indexOf(mexico.connection.doc, 1)]!);
    const [attribute, value] = Object.entries((usaParagraph.toDelta() as { attributes?: Record<string, unknown> }[]).find((op) => op.attributes)!.attributes!)[0]!;
    const before = await storedState();
    const reason = await refused(mexico, (doc) =>
      doc.transact(() => {
        usaParagraph.insert(0, 'x');
        usaParagraph.delete(0, 1);
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.setAttribute('pid', 'p-copied');
        paragraph.setAttribute('proposal', 'MEX:0000copy');
        doc.getXmlFragment(TEXT_FIELD).insert(indexOf(doc, 1) + 1, [paragraph]);
        const words = new Y.XmlText();
        paragraph.insert(0, [words]);
        words.insert(0, 'words Mexico wrote', { [attribute]: value });
      }),
    );
    expect(reason).toMatch(/own/);
    expect(await storedState()).toBe(before);
  });
});

describe('finding 3: another\u2019s amendment nested in one\u2019s own insertion is not one\u2019s own', () => {
  it('refuses MEX withdrawing USA\u2019s words proposed inside MEX\u2019s insertion', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    await proposeSaved(mexico, (tr) => tr.insertText('firmly and resolutely ', startOf(mexico.connection.doc, 3) + 3));
    const usa = await seat({ role: 'delegation', delegation: 'USA' });
    const host = await arrived(usa, 'MEX', 3);
    // Inside MEX's words, after "firmly ": USA's words are nested in MEX's insertion.
    await proposeSaved(usa, (tr) => tr.insertText('very ', startOf(usa.connection.doc, 3) + 10));
    const nested = await arrived(mexico, 'USA', 3);
    expect(nested.within).toBe(host.id);
    const before = await storedState();
    const start = startOf(mexico.connection.doc, 3);
    expect(await refused(mexico, (doc) => textOf(blocks(doc)[indexOf(doc, 3)]!).delete(nested.ranges[0]!.from - start, 5))).toMatch(/own/);
    expect(await storedState()).toBe(before);
  });
});

describe('finding 4: amendments are dated by the server\u2019s clock', () => {
  it('refuses an amendment dated 1999', async () => {
    const mexico = await seat({ role: 'delegation', delegation: 'MEX' });
    const before = await storedState();
    const mark = { id: 'MEX:00001999', delegation: 'MEX', author: mexico.participant.id, at: '1999-01-01T00:00:00.000Z' };
    expect(await refused(mexico, (doc) => textOf(blocks(doc)[indexOf(doc, 4)]!).insert(3, 'early ', { 'insertion--AAAAAAAA': mark }))).toMatch(/clock/);
    expect(await storedState()).toBe(before);
  });
});

describe('finding 5: the Chair settles others\u2019 amendments only through decisions', () => {
  it('refuses the Chair moving USA\u2019s amendment into another paragraph in one update', async () => {
    const usa = await seat({ role: 'delegation', delegation: 'USA' });
    await proposeSaved(usa, (tr) => tr.insertText('all ', startOf(usa.connection.doc, 5) + 3));
    const chair = await seat({ role: 'chair' });
    const amendment = await arrived(chair, 'USA', 5);
    const before = await storedState();
    const reason = await refused(chair, (doc) =>
      editDirectly(doc, (tr) => {
        const { from, to } = amendment.ranges[0]!;
        const moved = documentSchema().nodes.paragraph!.create({ pid: 'p-moved' }, tr.doc.slice(from, to).content);
        tr.insert(blockStart(tr.doc, indexOf(doc, 5) + 1) - 1, moved);
        return tr.delete(from, to);
      }),
    );
    expect(reason).toMatch(/decision of the Chair/);
    expect(await storedState()).toBe(before);
  });
});
