import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { REDIS_URL } from '../support/cluster-processes.ts';
import { editorDoc } from '../support/editing.ts';
import { reachPostgres, type TestPostgres } from '../support/postgres.ts';
import { connect, eventually, signIn, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * A process whose lease was taken over without its knowing (issue 15): its renewals are set a
 * minute apart, so only the fencing token on its next write can tell it. That write is refused
 * and stored nowhere, the process stops leading, and the client — whose socket stays open — has
 * the change judged again by the next authority (here the same process, once the intruder's lease
 * ran out, under a newer token): stored once, confirmed, no refusal.
 */
let pg: TestPostgres;
let server: TestServer;
let schema: string;
beforeAll(async () => {
  pg = await reachPostgres();
  schema = await pg.freshSchema();
  const databaseUrl = pg.urlFor(schema);
  server = await startTestServer(mkdtempSync(join(tmpdir(), 'accord-fence-')), {
    databaseUrl, redisUrl: REDIS_URL, nodeId: `fence-${process.pid}`, clusterTiming: { renewMs: 60_000, leaseMs: 60_000, checkMs: 200 },
  });
}, 60_000);
afterAll(async () => {
  await server?.dispose();
  await pg?.end();
});

describe('a write under a lease another took over', () => {
  it('is refused by the fencing token; the room steps down and the change is judged again by the next authority', async () => {
    const documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const secretariat = connect(server, await signIn(server, { role: 'secretariat' }), documentId);
    let closes = 0;
    secretariat.provider.on('connection-close', () => closes++);
    await until(secretariat, (s) => s.link === 'connected');
    const type = (token: string) => ((secretariat.doc.getXmlFragment(TEXT_FIELD).get(3) as Y.XmlElement).get(0) as Y.XmlText).insert(0, token);
    type('<before>');
    await until(secretariat, (s) => s.save === 'saved');
    const held = (await server.cluster!.authorityOf(documentId))!;
    expect(held.node).toBe(server.node);

    // Another "process" takes the lease over for a moment, as after a pause longer than the lease.
    await pg.admin.query(`UPDATE ${schema}.document_leases SET holder = 'intruder', token = token + 1, expires_at = now() + interval '1.5 seconds' WHERE document_id = $1`, [documentId]);

    type('<after>');
    // Not confirmed by the deposed room; confirmed once the process leads again under a newer token.
    await until(secretariat, (s) => s.save === 'saved', 20_000);
    const now = (await server.cluster!.authorityOf(documentId))!;
    expect(now).toEqual({ node: server.node, token: held.token + 2 });
    expect(closes).toBe(0);
    expect(secretariat.state.refusal).toBeNull();

    const rows = await server.store.listUpdates(documentId, 0);
    const stored = rows.filter((r) => new TextDecoder().decode(r.update).includes('<after>'));
    expect(stored).toHaveLength(1);
    expect(editorDoc(restoreDocument(await server.store.loadDocumentState(documentId))).textContent).toContain('<after>');
    await eventually(() => editorDoc(secretariat.doc).textContent.includes('<after>'), Boolean);
    secretariat.destroy();
  }, 60_000);
});
