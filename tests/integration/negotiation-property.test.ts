import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defineDocumentParts } from '../../shared/document-parts.ts';
import { amendmentOwner, proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, applyDecisions, DecisionError, pendingInParagraph, PendingAmendmentsError, type Decision } from '../../shared/negotiation/decisions.ts';
import { SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import type { Participant } from '../../shared/participants.ts';
import { MESSAGE_SYNC } from '../../shared/protocol.ts';
import { decide } from '../../server/negotiation/decide.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { documentStateFromContent, restoreDocument } from '../../server/sync/document-state.ts';
import { Room, type RoomPeer } from '../../server/sync/room.ts';
import { editorDoc, propose, writeBack } from '../support/editing.ts';

/**
 * Random mixes of delegations proposing, supporting and withdrawing and the Chair deciding,
 * through the real room (judging, SQLite, broadcast), with each client's messages delivered
 * late and in random interleavings. Checks that every replica converges on the server's text,
 * which is also what the store rebuilds; that the agreed text never holds a pending insertion;
 * and that every amendment is attributed to its author's own delegation.
 */

const RUNS = Number(process.env.ACCORD_PROPERTY_RUNS ?? 100);
const WORDS = ['regional', 'all ', 'further', 'inter-American ', 'X', ' and', 'effective'];

type Op =
  | { kind: 'propose'; client: number; block: number; start: number; length: number; word: number }
  | { kind: 'support'; client: number; pick: number }
  | { kind: 'withdraw'; client: number; pick: number }
  | { kind: 'decide'; accept: boolean; pick: number; scope: 'amendment' | 'paragraph' | 'delegation' }
  | { kind: 'agree'; block: number; status: 'agreed' | 'open' }
  | { kind: 'deliverToServer'; client: number }
  /** Everything every client has sent arrives in one turn: the room judges it as one batch. */
  | { kind: 'deliverBurst' }
  | { kind: 'deliverToClient'; client: number; count: number };

const client = fc.nat({ max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('propose' as const), client, block: fc.nat({ max: 4 }), start: fc.nat({ max: 40 }), length: fc.nat({ max: 6 }), word: fc.nat({ max: WORDS.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('support' as const), client, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), client, pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decide' as const), accept: fc.boolean(), pick: fc.nat(), scope: fc.constantFrom('amendment' as const, 'paragraph' as const, 'delegation' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agree' as const), block: fc.nat({ max: 4 }), status: fc.constantFrom('agreed' as const, 'open' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliverToServer' as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deliverBurst' as const) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliverToClient' as const), client, count: fc.integer({ min: 1, max: 4 }) }) },
);

const START = {
  type: 'doc',
  content: ['to promote cooperation among member states', 'in dealing with criminal gangs', 'and the social reinsertion of transgressors', 'through technical assistance', 'with full respect for human rights'].map((text, i) => ({
    type: 'paragraph',
    attrs: { pid: `p${i}`, kind: 'operative' },
    content: [{ type: 'text', text }],
  })),
};

/** A delegation's replica, with the messages travelling each way held until delivered. */
class SimulatedClient implements RoomPeer {
  readonly awarenessClients = new Set<number>();
  doc!: Y.Doc;
  outbox: Uint8Array[] = [];
  inbox: Uint8Array[] = [];
  constructor(readonly participant: Participant, private readonly room: Room) {
    this.reload();
  }
  /** Loads the document anew, as a client does after a refusal. */
  reload(): void {
    this.doc = defineDocumentParts(new Y.Doc());
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(this.room.doc), 'server');
    this.outbox = [];
    this.inbox = [];
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server') this.outbox.push(update);
    });
  }
  send(message: Uint8Array): void {
    this.inbox.push(message);
  }
  close(): void {}
  receive(count: number): void {
    for (const message of this.inbox.splice(0, count)) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
      decoding.readVarUint(decoder);
      Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder), 'server');
    }
  }
}

async function run(ops: Op[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-property-'));
  const store = new SqliteStore(join(dir, 'accord.sqlite'));
  let opened: Room | null = null;
  try {
    const participants = await Promise.all(
      ['MEX', 'USA', 'BRA'].map((code) => store.createParticipant({ name: code, role: 'delegation', delegation: code })),
    );
    const chair = await store.createParticipant({ name: 'Chair', role: 'chair', delegation: null });
    const initial = documentStateFromContent(START);
    const document = await store.createDocument({ title: 'T', symbol: '', kind: 'resolution', restricted: false }, initial.update, initial.clients);
    const room = (opened = await Room.load(document.id, store));
    const clients = participants.map((p) => new SimulatedClient(p, room));
    for (const c of clients) room.peers.add(c);

    const deliverToServer = async (c: SimulatedClient) => {
      const update = c.outbox.shift();
      if (!update) return;
      const verdict = await room.submit(c, update);
      // A refused client loads the document anew, as the browser does. Refusals happen here
      // when a client edits what a concurrent decision has changed (an agreed paragraph, or
      // formatting on the same characters); they must never break convergence.
      if (verdict.outcome !== 'committed') c.reload();
    };
    const deliverBurst = async () => {
      const sent = clients.flatMap((c) => c.outbox.splice(0).map((update) => ({ c, verdict: room.submit(c, update) })));
      const refused = new Set<SimulatedClient>();
      for (const { c, verdict } of sent) if ((await verdict).outcome !== 'committed') refused.add(c);
      for (const c of refused) c.reload();
    };

    for (const o of ops) {
      if (o.kind === 'propose') {
        const c = clients[o.client]!;
        const pm = editorDoc(c.doc);
        const blockIndex = o.block % pm.childCount;
        let pos = 1;
        for (let i = 0; i < blockIndex; i++) pos += pm.child(i).nodeSize;
        const size = pm.child(blockIndex).content.size;
        const from = pos + (o.start % (size + 1));
        const to = Math.min(from + o.length, pos + size);
        try {
          propose(c.doc, c.participant, (tr) => (o.word % 3 === 0 && to > from ? tr.delete(from, to) : tr.insertText(WORDS[o.word]!, from, to)));
        } catch (error) {
          expect(String(error)).toMatch(/agreed|joined|typing/); // suggest mode itself refused
        }
      } else if (o.kind === 'support') {
        const c = clients[o.client]!;
        const label = proposerLabel(c.participant);
        const others = listAmendments(editorDoc(c.doc)).filter((a) => a.delegation !== label);
        const target = others[o.pick % Math.max(1, others.length)];
        if (target) c.doc.getMap(SUPPORTERS).set(supporterKey(target.id, label), { author: c.participant.id, at: new Date().toISOString() });
      } else if (o.kind === 'withdraw') {
        const c = clients[o.client]!;
        const own = listAmendments(editorDoc(c.doc)).filter((a) => a.delegation === proposerLabel(c.participant));
        const target = own[o.pick % Math.max(1, own.length)];
        if (target) {
          try {
            writeBack(c.doc, applyDecisions(editorDoc(c.doc), [{ action: 'reject', scope: { kind: 'amendment', id: target.id } }]).doc);
          } catch (error) {
            if (!(error instanceof DecisionError)) throw error;
          }
        }
      } else if (o.kind === 'decide') {
        const pending = listAmendments(editorDoc(room.doc));
        const target = pending[o.pick % Math.max(1, pending.length)];
        if (!target) continue;
        const scope: Decision = {
          action: o.accept ? 'accept' : 'reject',
          scope: o.scope === 'amendment' ? { kind: 'amendment', id: target.id } : o.scope === 'paragraph' ? { kind: 'paragraph', pid: target.pid! } : { kind: 'delegation', delegation: target.delegation },
        };
        await decide(room, store, chair, [scope]);
      } else if (o.kind === 'agree') {
        const pm = editorDoc(room.doc);
        const pid = pm.child(o.block % pm.childCount).attrs.pid as string | null;
        if (!pid) continue;
        // A paragraph with amendments pending in it is not agreed: the server refuses, naming them.
        const pending = o.status === 'agreed' && pendingInParagraph(listAmendments(pm), pid).length > 0;
        const agreeing = decide(room, store, chair, [{ action: 'status', pid, status: o.status }]);
        if (pending) await expect(agreeing).rejects.toBeInstanceOf(PendingAmendmentsError);
        else await agreeing;
      } else if (o.kind === 'deliverToServer') {
        await deliverToServer(clients[o.client]!);
      } else if (o.kind === 'deliverBurst') {
        await deliverBurst();
      } else {
        await new Promise((r) => setImmediate(r));
        clients[o.client]!.receive(o.count);
      }
    }

    // Let everything arrive: each client's pending updates, then every broadcast (the room sends
    // a turn's changes at the end of the turn).
    const turn = () => new Promise((r) => setImmediate(r));
    await turn();
    for (let round = 0; round < 10 && clients.some((c) => c.outbox.length > 0 || c.inbox.length > 0); round++) {
      for (const c of clients) while (c.outbox.length > 0) await deliverToServer(c);
      await turn();
      for (const c of clients) c.receive(c.inbox.length);
    }
    await room.settled();

    const server = editorDoc(room.doc);
    for (const c of clients) expect(editorDoc(c.doc).toJSON()).toEqual(server.toJSON());
    expect(editorDoc(restoreDocument(await store.loadDocumentState(document.id))).toJSON()).toEqual(server.toJSON());

    const agreed = agreedView(server);
    agreed.descendants((node) => {
      expect(node.marks.some((m) => m.type.name === 'insertion')).toBe(false);
      return true;
    });
    const byId = new Map([...participants, chair].map((p) => [p.id, p]));
    for (const amendment of listAmendments(server)) {
      expect(amendmentOwner(amendment.id)).toBe(amendment.delegation);
      expect(byId.get(amendment.author)?.delegation).toBe(amendment.delegation);
    }
  } finally {
    // Also when a run fails (and each run of fast-check's shrinking): its judging thread goes too.
    opened?.destroy();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('negotiating at random', () => {
  it('converges, keeps pending insertions out of the agreed text, and attributes every amendment to its author', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 60 }), run), { numRuns: RUNS });
  }, 120_000);
});
