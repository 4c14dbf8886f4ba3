import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { REDIS_URL } from '../support/cluster-processes.ts';
import { editorDoc } from '../support/editing.ts';
import { reachPostgres, type TestPostgres } from '../support/postgres.ts';
import { connect, eventually, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Redis drops a process's connections while its clients type (issue 15). Pub/sub keeps nothing
 * sent meanwhile; when the connections come back every open document resynchronises: a
 * follower's links join the authority again and send what is unanswered, and an authority that
 * lost its connections asks its followers to. The clients keep their sockets, every change is
 * confirmed and stored once, and the copies agree.
 */
let pg: TestPostgres;
let leader: TestServer;
let follower: TestServer;
const redis = createClient({ url: REDIS_URL });

beforeAll(async () => {
  pg = await reachPostgres();
  await redis.connect();
  const databaseUrl = pg.urlFor(await pg.freshSchema());
  const start = (nodeId: string) => startTestServer(mkdtempSync(join(tmpdir(), 'accord-redis-')), { databaseUrl, redisUrl: REDIS_URL, nodeId });
  leader = await start(`redis-loss-a-${process.pid}`);
  follower = await start(`redis-loss-b-${process.pid}`);
}, 60_000);
afterAll(async () => {
  await Promise.all([leader?.dispose(), follower?.dispose()]);
  await redis.close();
  await pg?.end();
});

/** Drops a process's two connections to Redis, as a network fault would. */
async function cutOff(node: string): Promise<number> {
  const list = await redis.sendCommand(['CLIENT', 'LIST']);
  const ids = String(list).split('\n').filter((line) => line.includes(` name=accord:${node}:`)).map((line) => /^id=(\d+)/.exec(line)![1]!);
  for (const id of ids) await redis.sendCommand(['CLIENT', 'KILL', 'ID', id]);
  return ids.length;
}

describe('connections to Redis lost and back', () => {
  it('resynchronise the documents: nothing lost, nothing twice, no socket closed', async () => {
    const documentId = (await leader.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const writers: { connection: DocumentConnection; typed: string[]; closes: number }[] = [];
    for (const [server, role] of [[leader, 'chair'], [follower, 'secretariat']] as const) {
      const connection = connect(server, await signIn(server, { role }), documentId);
      await until(connection, (s) => s.link === 'connected');
      const writer = { connection, typed: [] as string[], closes: 0 };
      connection.provider.on('connection-close', () => writer.closes++);
      writers.push(writer);
    }
    expect((await follower.cluster!.authorityOf(documentId))?.node).toBe(leader.node);
    let writing = true;
    let n = 0;
    const write = async (w: (typeof writers)[number], index: number) => {
      while (writing) {
        const token = `<${index}.${++n}>`;
        ((w.connection.doc.getXmlFragment(TEXT_FIELD).get(3 + index) as Y.XmlElement).get(0) as Y.XmlText).insert(0, token);
        w.typed.push(token);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const writing$ = writers.map(write);
    await new Promise((r) => setTimeout(r, 300));
    expect(await cutOff(follower.node)).toBe(2);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await cutOff(leader.node)).toBe(2);
    await new Promise((r) => setTimeout(r, 1_000));
    writing = false;
    await Promise.all(writing$);

    await Promise.all(writers.map((w) => until(w.connection, (s) => s.save === 'saved', 20_000)));
    const rows = await leader.store.listUpdates(documentId, 0);
    const inserted = rows.flatMap((r) => Y.decodeUpdate(r.update).structs.flatMap((s) => (s instanceof Y.Item && s.content instanceof Y.ContentString ? [s.content.str] : [])));
    const stored = editorDoc(restoreDocument(await leader.store.loadDocumentState(documentId)));
    for (const w of writers) {
      expect(w.closes).toBe(0);
      expect(w.connection.state.refusal).toBeNull();
      for (const token of w.typed) expect(inserted.filter((s) => s.includes(token)), token).toHaveLength(1);
      await eventually(() => JSON.stringify(editorDoc(w.connection.doc).toJSON()), (json) => json === JSON.stringify(stored.toJSON()), 10_000);
    }
    for (const w of writers) w.connection.destroy();
  }, 60_000);
});
