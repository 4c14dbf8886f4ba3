import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import type { RunningServer } from '../../server/server.ts';
import { PostgresStore } from '../../server/store/postgres-store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { freePort, healthy, killAll, startAccord, stopped } from '../support/cluster-processes.ts';
import { editorDoc } from '../support/editing.ts';
import { reachPostgres, type TestPostgres } from '../support/postgres.ts';
import { connect, eventually, signInWithToken, until } from '../support/server.ts';

/**
 * A paused authority (issue 15). Of two real processes, the one leading the document is stopped
 * (SIGSTOP) while a client on each types, until the other has taken the lease over and committed;
 * then it is resumed. It must step down — whatever it had under way is refused by the fencing
 * token, not committed beside the new authority's work — and its client carries on through the
 * new authority: in the end every confirmed change is in the text once, and every copy agrees.
 */
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
  tokens: Map<string, number>;
}

const committed = (w: Writer) => [...w.tokens].filter(([, made]) => made <= w.connection.changes.committed).map(([token]) => token);

describe('an authority paused until its lease is taken over', () => {
  it('steps down when it resumes, and nothing is committed twice or lost', async () => {
    const databaseUrl = pg.urlFor(await pg.freshSchema());
    const accords = await Promise.all([freePort(), freePort()]).then((ports) => ports.map((port) => startAccord(port, databaseUrl)));
    await Promise.all(accords.map(healthy));
    const store = new PostgresStore(databaseUrl);
    const participants = await store.listParticipants();
    const documentId = (await store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const at = (i: number) => ({ url: accords[i]!.url }) as RunningServer;
    const link = async (role: string) => (await issueInvitation(store, participants.find((p) => p.role === role)!.id, accords[0]!.url)).token;
    const cookies = [await signInWithToken(at(0), await link('secretariat')), await signInWithToken(at(1), await link('chair'))];
    const writers: Writer[] = cookies.map((cookie, i) => ({ connection: connect(at(i), cookie, documentId), tokens: new Map() }));
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.link === 'connected', 30_000)));

    let writing = true;
    let sequence = 0;
    const write = async (w: Writer, index: number) => {
      while (writing) {
        const fragment = w.connection.doc.getXmlFragment(TEXT_FIELD);
        if (fragment.length > 4) {
          const token = `<${index}.${++sequence}>`;
          ((fragment.get(3 + index) as Y.XmlElement).get(0) as Y.XmlText).insert(0, token);
          w.tokens.set(token, w.connection.changes.made);
        }
        await new Promise((r) => setTimeout(r, 15 + Math.random() * 30));
      }
    };
    const writing$ = writers.map(write);
    await eventually(() => writers.every((w) => committed(w).length >= 5), Boolean, 30_000);

    const lease = await store.leases.current(documentId);
    const paused = accords.findIndex((a) => a.node === lease?.node);
    expect(paused).toBeGreaterThanOrEqual(0);
    const [leader, survivor] = [accords[paused]!, writers[1 - paused]!];
    leader.child.kill('SIGSTOP');
    const taken = await eventually(() => store.leases.current(documentId), (l) => Boolean(l?.live && l.node !== leader.node), 30_000);
    expect(taken!.token).toBeGreaterThan(lease!.token);
    // The new authority commits while the old one is still stopped.
    const before = committed(survivor).length;
    await eventually(() => committed(survivor).length, (n) => n > before + 3, 30_000);

    leader.child.kill('SIGCONT');
    await eventually(() => leader.output(), (out) => out.includes(`${leader.node} no longer leads document ${documentId}`), 30_000);
    expect((await store.leases.current(documentId))?.node).toBe(taken!.node);
    // Its own client goes on through the new authority.
    const resumed = writers[paused]!;
    const resumedBefore = committed(resumed).length;
    await eventually(() => committed(resumed).length, (n) => n > resumedBefore + 3, 30_000);

    writing = false;
    await Promise.all(writing$);
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.save === 'saved' && s.link === 'connected', 30_000)));
    const stored = restoreDocument(await store.loadDocumentState(documentId));
    const rows = await store.listUpdates(documentId, 0);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const inserted = rows.flatMap((r) => Y.decodeUpdate(r.update).structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentString ? [s.content.str] : [])));
    for (const w of writers) {
      expect(w.connection.state.refusal).toBeNull();
      for (const token of committed(w)) {
        expect(editorDoc(stored).textContent).toContain(token);
        expect(inserted.filter((s) => s.includes(token)), token).toHaveLength(1);
      }
      await eventually(() => JSON.stringify(editorDoc(w.connection.doc).toJSON()), (json) => json === JSON.stringify(editorDoc(stored).toJSON()), 20_000);
    }

    for (const w of writers) w.connection.destroy();
    await store.close();
    for (const accord of accords) accord.child.kill('SIGTERM');
    await Promise.all(accords.map(stopped));
  }, 300_000);
});
