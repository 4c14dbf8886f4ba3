import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptions } from '../../server/server.ts';
import { REDIS_URL } from './cluster-processes.ts';
import { reachPostgres } from './postgres.ts';
import { startTestServer, type TestServer } from './server.ts';

export interface ServerPair {
  leader: TestServer;
  other: TestServer;
  /** The demo's draft resolution. */
  documentId: string;
  dispose(): Promise<void>;
}

/**
 * Two Accord servers in this process sharing a fresh PostgreSQL schema and Redis (issue 15), for
 * tests of what reaches a document through a process that does not lead it. The session sweep is
 * slowed down so that it does not compete with the test's own requests.
 */
export async function serverPair(name: string, options: Partial<Omit<ServerOptions, 'dataDir'>> = {}): Promise<ServerPair> {
  const pg = await reachPostgres();
  const databaseUrl = pg.urlFor(await pg.freshSchema());
  const start = (nodeId: string) =>
    startTestServer(mkdtempSync(join(tmpdir(), `accord-${name}-`)), { ...options, databaseUrl, redisUrl: REDIS_URL, nodeId, limits: { sessionCheckMs: 60_000, ...options.limits } });
  const [leader, other] = await Promise.all([start(`${name}-a-${process.pid}`), start(`${name}-b-${process.pid}`)]);
  const documentId = (await leader.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  return {
    leader,
    other,
    documentId,
    async dispose() {
      await Promise.all([leader.dispose(), other.dispose()]);
      await pg.end();
    },
  };
}
