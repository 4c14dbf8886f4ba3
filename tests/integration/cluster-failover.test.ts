import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { PostgresStore } from '../../server/store/postgres-store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import type { RunningServer } from '../../server/server.ts';
import { freePort, healthy, killAll, startAccord, stopped } from '../support/cluster-processes.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { reachPostgres, type TestPostgres } from '../support/postgres.ts';
import { connect, eventually, me, signInWithToken, until } from '../support/server.ts';

/**
 * Several processes, one document, its authority killed (issue 15). Three real Accord processes
 * share a fresh PostgreSQL schema and Redis; a client on each co-edits one document. The process
 * holding the document's lease is killed with SIGKILL while they type; another takes the lease
 * over, and the killed one is started again on its port (its clients reconnect to it, the others
 * keep their sockets). In the end every change any client saw confirmed is in the text, every
 * replica equals the store's, and each change is stored exactly once. ACCORD_FAILOVER_ROUNDS
 * kills that many authorities, one after the other (at moments set by the work done).
 */
const ROUNDS = Number(process.env.ACCORD_FAILOVER_ROUNDS ?? 2);
/** The draft resolution's paragraphs 3–8 and 10–15 hold text; writer i types in these plus i. */
const PARAGRAPHS = [3, 6, 10, 13];
const LAST_PARAGRAPH = 15;

let pg: TestPostgres;
beforeAll(async () => {
  pg = await reachPostgres();
});
afterAll(async () => {
  killAll();
  await pg?.end();
});

interface Writer {
  connection: DocumentConnection;
  /** token → the local change count once it was made */
  tokens: Map<string, number>;
  acknowledged: Set<string>;
  /** Sockets of this writer that closed. */
  closes: number;
}

/** The strings each stored update inserts: where a typed token was stored, and how often. */
function insertedStrings(update: Uint8Array): string[] {
  return Y.decodeUpdate(update).structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentString ? [s.content.str] : []));
}

describe('three processes on PostgreSQL and Redis', () => {
  it(`lose nothing acknowledged and store every change once, over ${ROUNDS} authorities killed`, async () => {
    const databaseUrl = pg.urlFor(await pg.freshSchema());
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const accords = ports.map((port) => startAccord(port, databaseUrl, { ACCORD_COMPACT_EVERY: '9' }));
    await Promise.all(accords.map(healthy));

    const store = new PostgresStore(databaseUrl);
    const participants = await store.listParticipants();
    // Seeded once, though three processes started together on the empty database.
    expect(participants.filter((p) => p.role === 'chair')).toHaveLength(1);
    expect(await store.listDocuments()).toHaveLength(4);
    const documentId = (await store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const serverAt = (i: number) => ({ url: accords[i]!.url }) as RunningServer;
    const link = async (match: (p: (typeof participants)[number]) => boolean) => (await issueInvitation(store, participants.find(match)!.id, accords[0]!.url)).token;
    const cookies = [
      await signInWithToken(serverAt(0), await link((p) => p.role === 'secretariat')),
      await signInWithToken(serverAt(1), await link((p) => p.role === 'chair')),
      await signInWithToken(serverAt(2), await link((p) => p.delegation === 'MEX')),
    ];
    const mexico = await me(serverAt(2), cookies[2]!);

    // One writer on each process.
    const writers: Writer[] = cookies.map((cookie, i) => ({ connection: connect(serverAt(i), cookie, documentId), tokens: new Map(), acknowledged: new Set(), closes: 0 }));
    for (const w of writers) w.connection.provider.on('connection-close', () => w.closes++);
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.link === 'connected', 30_000)));
    let writing = true;
    let sequence = 0;
    const write = async (w: Writer, index: number) => {
      while (writing) {
        const token = `<${index}.${++sequence}>`;
        // Each writer has paragraphs of its own and goes round them, so none grows without bound
        // (judging a change costs more as its paragraph fills, and a long run fills one fast).
        const block = PARAGRAPHS[sequence % PARAGRAPHS.length]! + index;
        if (w.connection.doc.getXmlFragment(TEXT_FIELD).length <= LAST_PARAGRAPH) {
          await eventually(() => w.connection.doc.getXmlFragment(TEXT_FIELD).length > block || !writing, (ready) => ready, 60_000);
          continue;
        }
        if (index === 2) propose(w.connection.doc, mexico, (tr) => tr.insertText(token, blockStart(editorDoc(w.connection.doc), block) + 3));
        else ((w.connection.doc.getXmlFragment(TEXT_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText).insert(0, token);
        w.tokens.set(token, w.connection.changes.made);
        // Pacing, not a wait. After a kill the next authority (often a process just restarted, not
        // yet warm) judges every writer's backlog at once; typing flat out on a loaded machine, a
        // writer would spend its judging budget (timed by the wall clock) and be refused.
        // A delegation's proposals are the dearest to judge.
        await new Promise((r) => setTimeout(r, index === 2 ? 200 + Math.random() * 200 : 50 + Math.random() * 50));
      }
    };
    const writing$ = writers.map((w, i) => write(w, i));
    const confirmed = () => writers.reduce((n, w) => n + [...w.tokens.values()].filter((made) => made <= w.connection.changes.committed).length, 0);
    const noteAcknowledged = () => {
      for (const w of writers) for (const [token, made] of w.tokens) if (made <= w.connection.changes.committed) w.acknowledged.add(token);
    };

    const failovers: number[] = [];
    /** Changes made before a kill and not yet confirmed, confirmed afterwards: sent again and judged by the new authority. */
    let carriedOver = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const target = confirmed() + 5 + Math.floor(Math.random() * 30);
      await eventually(confirmed, (n) => n >= target, 60_000);
      const lease = await store.leases.current(documentId);
      const victim = accords.findIndex((a) => a.node === lease?.node);
      expect(victim, `the lease is held by one of the three (${lease?.node})`).toBeGreaterThanOrEqual(0);
      const dead = accords[victim]!;
      const closesBefore = writers.map((w) => w.closes);
      dead.child.kill('SIGKILL');
      await stopped(dead);
      const killedAt = performance.now();
      noteAcknowledged();
      const unconfirmed = writers.map((w) => [...w.tokens].filter(([, made]) => made > w.connection.changes.committed).map(([token]) => token));
      // Another process takes the lease over and commits again.
      const before = confirmed();
      await eventually(() => store.leases.current(documentId), (l) => Boolean(l?.live && l.node !== dead.node), 30_000);
      await eventually(confirmed, (n) => n > before, 30_000);
      failovers.push(Math.round(performance.now() - killedAt));
      // The clients of the two processes still running kept their sockets through the takeover.
      for (const [i, w] of writers.entries()) if (i !== victim) expect(w.closes, `writer ${i}'s socket`).toBe(closesBefore[i]);
      // What they had made and not yet seen confirmed when the authority died is confirmed by the next.
      const behind = () => writers.flatMap((w, i) => {
        const waiting = i === victim ? [] : unconfirmed[i]!.filter((token) => w.tokens.get(token)! > w.connection.changes.committed);
        return waiting.length === 0 ? [] : [{ writer: i, waiting: waiting.length, ...w.connection.changes, state: w.connection.state }];
      });
      await eventually(behind, (left) => left.length === 0, 30_000);
      carriedOver += unconfirmed.reduce((n, tokens, i) => n + (i === victim ? 0 : tokens.length), 0);
      accords[victim] = startAccord(dead.port, databaseUrl, { ACCORD_COMPACT_EVERY: '9' });
      await healthy(accords[victim]!);
    }
    writing = false;
    await Promise.all(writing$);
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.link === 'connected' && s.save === 'saved', 30_000)));
    noteAcknowledged();
    console.log(`failover (kill → a change committed by the new authority), ms: ${failovers.join(', ')}; changes unconfirmed at a kill and confirmed by the next authority: ${carriedOver}`);

    const text = (doc: Y.Doc) => editorDoc(doc).textContent;
    for (const w of writers) expect(w.connection.state.refusal).toBeNull();
    const stored = restoreDocument(await store.loadDocumentState(documentId));
    for (const w of writers) {
      for (const token of w.acknowledged) expect(text(stored)).toContain(token);
      await eventually(() => JSON.stringify(editorDoc(w.connection.doc).toJSON()), (json) => json === JSON.stringify(editorDoc(stored).toJSON()), 20_000);
    }
    expect(writers.reduce((n, w) => n + w.acknowledged.size, 0)).toBeGreaterThan(0);

    // Each change stored once: every token typed is in exactly one stored update.
    const rows = await store.listUpdates(documentId, 0);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const inserted = rows.flatMap((r) => insertedStrings(r.update));
    for (const w of writers) {
      for (const token of w.acknowledged) expect(inserted.filter((s) => s.includes(token)), token).toHaveLength(1);
    }

    for (const w of writers) w.connection.destroy();
    await store.close();
    for (const accord of accords) accord.child.kill('SIGTERM');
    await Promise.all(accords.map(stopped));
  }, 600_000);
});
