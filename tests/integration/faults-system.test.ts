import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DocumentConnection } from '../../client/sync/document-connection.ts';
import { amendmentOwner } from '../../shared/negotiation/amendment-marks.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { api, me, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * A randomized system test through the real server: the Chair, the Secretariat and two
 * delegations edit, propose and decide at random while connections drop and come back,
 * messages arrive late (in order on each socket, reordered across sockets) and the server
 * restarts. In the end every replica equals the server's document, which equals the one
 * rebuilt from the store. The seed is printed on failure; ACCORD_FAULT_STEPS sets the length.
 */
const STEPS = Number(process.env.ACCORD_FAULT_STEPS ?? 60);
const SEED = Number(process.env.ACCORD_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A WebSocket whose messages, both ways, arrive after a random delay, in order. */
function laggyWebSocket(cookie: string): typeof globalThis.WebSocket {
  class Laggy extends WebSocket {
    private outgoing = Promise.resolve();
    private incoming = Promise.resolve();
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
      // y-websocket listens through `onmessage`: hold each message back, in order.
      let handler: ((event: { data: unknown }) => void) | null = null;
      Object.defineProperty(this, 'onmessage', { configurable: true, get: () => handler, set: (h: typeof handler) => (handler = h) });
      this.on('message', (data) => {
        const delay = random() * 15;
        this.incoming = this.incoming.then(() => new Promise((r) => setTimeout(r, delay))).then(() => handler?.({ data }));
      });
    }
    override send(data: Parameters<WebSocket['send']>[0]): void {
      const delay = random() * 15;
      this.outgoing = this.outgoing.then(() => new Promise((r) => setTimeout(r, delay))).then(() => {
        if (this.readyState === WebSocket.OPEN) super.send(data);
      });
    }
  }
  return Laggy as unknown as typeof globalThis.WebSocket;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Actor {
  participant: Participant;
  cookie: string;
  connection: DocumentConnection;
}

let server: TestServer;
afterAll(async () => server?.dispose());

describe('a negotiation under faults', () => {
  it(`converges: every replica, the server and the store (seed ${SEED}, ${STEPS} steps)`, async () => {
    server = await startTestServer(undefined, { port: await freePort(), host: '127.0.0.1' });
    const documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const who = [{ role: 'chair' as const }, { role: 'secretariat' as const }, { role: 'delegation' as const, delegation: 'MEX' }, { role: 'delegation' as const, delegation: 'USA' }];
    const actors: Actor[] = [];
    for (const w of who) {
      const cookie = await signIn(server, w);
      const connection = new DocumentConnection({ syncUrl: `${server.url.replace('http', 'ws')}/sync`, documentId, WebSocketClass: laggyWebSocket(cookie) });
      actors.push({ participant: await me(server, cookie), cookie, connection });
    }
    await Promise.all(actors.map((a) => until(a.connection, (s) => s.link === 'connected')));

    const edit = (a: Actor) => {
      const doc = a.connection.doc;
      const pm = editorDoc(doc);
      if (pm.childCount < 12) return; // not synced yet after a reload
      const block = 10 + Math.floor(random() * 5);
      const size = pm.child(block).content.size;
      const from = blockStart(pm, block) + Math.floor(random() * size);
      const to = Math.min(from + Math.floor(random() * 6), blockStart(pm, block) + size);
      const word = pick(['regional ', 'all ', 'fully', 'X', 'gangs ']);
      if (a.participant.role === 'delegation' || random() < 0.3) {
        try {
          propose(doc, a.participant, (tr) => (random() < 0.3 && to > from ? tr.delete(from, to) : tr.insertText(word, from, to)));
        } catch {
          // suggest mode refused (e.g. a join across paragraphs): nothing is sent
        }
      } else {
        const text = (doc.getXmlFragment(TEXT_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText;
        if (text instanceof Y.XmlText) text.insert(Math.floor(random() * (text.length + 1)), word);
      }
    };

    for (let step = 0; step < STEPS; step++) {
      const roll = random();
      const actor = pick(actors);
      if (roll < 0.55) edit(actor);
      else if (roll < 0.7) {
        const pending = listAmendments(editorDoc(actors[0]!.connection.doc));
        if (pending.length > 0) {
          const target = pick(pending);
          await api(server, actors[0]!.cookie, `/api/documents/${documentId}/decisions`, {
            method: 'POST',
            body: JSON.stringify({ action: random() < 0.5 ? 'accept' : 'reject', scope: { kind: 'amendment', id: target.id } }),
          });
        }
      } else if (roll < 0.85) {
        actor.connection.provider.disconnect();
        setTimeout(() => actor.connection.provider.connect(), 20 + random() * 200);
      } else if (roll < 0.9) {
        server = await server.restart();
      } else {
        await new Promise((r) => setTimeout(r, random() * 60));
      }
      await new Promise((r) => setTimeout(r, random() * 20));
    }

    for (const a of actors) if (!a.connection.provider.shouldConnect) a.connection.provider.connect();
    await Promise.all(actors.map((a) => until(a.connection, (s) => s.link === 'connected' && s.save === 'saved', 30_000)));
    const room = (await server.registry.loaded()).find((r) => r.documentId === documentId)!;
    // Each replica's own changes are saved, but the others' last ones may still be on their
    // late way to it: wait until every replica holds what the server holds.
    const converged = async () => {
      await room.idle();
      const held = JSON.stringify(editorDoc(room.doc).toJSON());
      return actors.every((a) => JSON.stringify(editorDoc(a.connection.doc).toJSON()) === held);
    };
    await expect.poll(converged, { timeout: 30_000 }).toBe(true);
    const serverText = editorDoc(room.doc).toJSON();
    for (const a of actors) expect(editorDoc(a.connection.doc).toJSON()).toEqual(serverText);
    expect(editorDoc(restoreDocument(await server.store.loadDocumentState(documentId))).toJSON()).toEqual(serverText);
    const ids = new Map(actors.map((a) => [a.participant.id, a.participant]));
    for (const amendment of listAmendments(editorDoc(room.doc))) {
      expect(amendmentOwner(amendment.id)).toBe(amendment.delegation);
      const author = ids.get(amendment.author);
      expect(author && (author.delegation ?? (author.role === 'chair' ? 'Chair' : 'Secretariat'))).toBe(amendment.delegation);
    }
    for (const a of actors) a.connection.destroy();
  }, 120_000);
});
