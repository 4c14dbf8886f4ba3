import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { copyDocument, documentStateFromContent } from '../../server/sync/document-state.ts';
import { DEFAULT_LIMITS } from '../../server/sync/limits.ts';
import { ParticipantBudgets } from '../../server/sync/participant-budgets.ts';
import { Room, type RoomPeer } from '../../server/sync/room.ts';
import type { SubmitResult } from '../../server/sync/submit-result.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';

/**
 * Issue 13, finding 10: one room's load must not stall another. A delegation's dearest change
 * (a paragraph of 3,000 formatting runs, within every bound) takes its room's judge a long
 * time; a keystroke sent to another room just after must be committed while that judgement is
 * still under way, not after it. When every room judged on the main thread, the keystroke
 * always waited for the whole judgement.
 */
const RUNS = 3_000;

let dir: string;
let store: SqliteStore;
let mexico: Participant;
let usa: Participant;
const rooms: Room[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-isolation-'));
  store = new SqliteStore(join(dir, 'accord.sqlite'));
  mexico = await store.createParticipant({ name: 'Mexico', role: 'delegation', delegation: 'MEX' });
  usa = await store.createParticipant({ name: 'United States', role: 'delegation', delegation: 'USA' });
});
afterAll(async () => {
  for (const room of rooms) room.destroy();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openRoom(title: string, limits = DEFAULT_LIMITS, budgets?: ParticipantBudgets): Promise<Room> {
  const initial = documentStateFromContent({
    type: 'doc',
    content: [0, 1, 2].map((i) => ({ type: 'paragraph', attrs: { pid: `p${i}`, kind: 'operative' }, content: [{ type: 'text', text: `paragraph number ${i} of the text` }] })),
  });
  const { id } = await store.createDocument({ title, symbol: '', kind: 'other', restricted: false }, initial.update, initial.clients);
  const room = await Room.load(id, store, limits, budgets ?? new ParticipantBudgets(limits));
  rooms.push(room);
  return room;
}

function peerOf(participant: Participant): RoomPeer {
  return { participant, awarenessClients: new Set(), send: () => {}, close: () => {} };
}

/** What the participant's editor would send for `edit`, made on a replica of the room's text. */
function change(room: Room, edit: (replica: Y.Doc) => void): Uint8Array {
  const replica = copyDocument(room.doc);
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

const keystroke = (room: Room, who: Participant, text: string) =>
  change(room, (replica) => propose(replica, who, (tr) => tr.insertText(text, blockStart(editorDoc(replica), 0) + 4)));

/** A new paragraph of Mexico's whose words alternate between two of its own amendments, one formatting run a character. */
function dearChange(room: Room): Uint8Array {
  return change(room, (replica) => {
    const at = new Date().toISOString();
    const marks = [1, 2].map((n) => ({ id: `MEX:dear000${n}`, delegation: 'MEX', author: mexico.id, at }));
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute('pid', 'p-dear');
    paragraph.setAttribute('proposal', marks[0]!.id);
    replica.getXmlFragment(TEXT_FIELD).insert(1, [paragraph]);
    const words = new Y.XmlText();
    paragraph.insert(0, [words]);
    replica.transact(() => {
      for (let i = 0; i < RUNS; i++) words.insert(i, 'w', { 'insertion--AAAAAAAA': marks[i % 2] });
    });
  });
}

describe('one room\u2019s judging holds up no other room', () => {
  it('a keystroke in another room is committed while a dear change is still being judged', async () => {
    const attacked = await openRoom('Attacked');
    const typed = await openRoom('Typed');
    const attacker = peerOf(mexico);
    const typist = peerOf(usa);
    attacked.join(attacker);
    typed.join(typist);
    // Both rooms have judged once: their judges are ready, as they are once people type.
    expect(await attacked.submit(attacker, keystroke(attacked, mexico, 'a'))).toEqual({ outcome: 'committed' });
    expect(await typed.submit(typist, keystroke(typed, usa, 'b'))).toEqual({ outcome: 'committed' });

    const order: string[] = [];
    const dear = attacked.submit(attacker, dearChange(attacked)).then((verdict: SubmitResult) => {
      order.push('dear change judged');
      return verdict;
    });
    // The attacked room's batch starts on the next turn; the keystroke comes after that.
    await new Promise((resolve) => setImmediate(resolve));
    const typedVerdict = await typed.submit(typist, keystroke(typed, usa, 'c'));
    order.push('keystroke committed');
    expect(typedVerdict).toEqual({ outcome: 'committed' });
    await dear;
    expect(order).toEqual(['keystroke committed', 'dear change judged']);
  });

  it('a participant\u2019s change to a second room, once its time is spent in the first, is held until it is repaid, while the others in that room go on', async () => {
    // The time the participant may spend: less than one dear change takes, repaid at a quarter of a core.
    const limits = { ...DEFAULT_LIMITS, judgingMsPerSecond: 250, judgingBurstMs: 1 };
    const budgets = new ParticipantBudgets(limits);
    const first = await openRoom('First', limits, budgets);
    const second = await openRoom('Second', limits, budgets);
    const attacker = peerOf(mexico);
    const typist = peerOf(usa);
    first.join(attacker);
    second.join(attacker);
    second.join(typist);
    const settled: string[] = [];
    const firstVerdict = first.submit(attacker, dearChange(first)).then((v) => (settled.push('first'), v));
    expect(await firstVerdict).toEqual({ outcome: 'committed' });
    // What the first cost beyond the budget, to be repaid before the second is judged.
    const owedMs = (-budgets.timeOf(mexico.id).available() / limits.judgingMsPerSecond) * 1000;
    expect(owedMs).toBeGreaterThan(100);
    const owedSince = performance.now();
    const secondVerdict = second.submit(attacker, dearChange(second)).then((v) => (settled.push('second'), v));
    // Meanwhile another delegation's keystroke in the second room is judged and committed.
    expect(await second.submit(typist, keystroke(second, usa, 'k'))).toEqual({ outcome: 'committed' });
    await new Promise((resolve) => setTimeout(resolve, owedMs / 2));
    expect(settled).toEqual(['first']);
    // Held, not refused: committed once the time is repaid.
    expect(await secondVerdict).toEqual({ outcome: 'committed' });
    expect(performance.now() - owedSince).toBeGreaterThanOrEqual(owedMs - 5);
  }, 120_000);

  it('a participant\u2019s held change goes unanswered, and is never judged, once its connection leaves', async () => {
    const limits = { ...DEFAULT_LIMITS, judgingMsPerSecond: 250, judgingBurstMs: 1 };
    const room = await openRoom('Left', limits, new ParticipantBudgets(limits));
    const attacker = peerOf(mexico);
    room.join(attacker);
    expect(await room.submit(attacker, dearChange(room))).toEqual({ outcome: 'committed' });
    const before = Y.encodeStateVector(room.doc);
    const held = room.submit(attacker, keystroke(room, mexico, 'z'));
    room.leave(attacker);
    expect(await held).toEqual({ outcome: 'unanswered' });
    await room.settled();
    expect(Y.encodeStateVector(room.doc)).toEqual(before);
  }, 120_000);
});
