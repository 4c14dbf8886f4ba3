import { randomBytes } from 'node:crypto';
import pg from 'pg';
import * as Y from 'yjs';
import { PostgresStore } from '../../server/store/postgres-store.ts';

/**
 * A real PostgreSQL for tests (127.0.0.1:5432, database `test`; `.ci/run` starts it), each test
 * in a schema of its own named in the connection's search_path. Without a server, `reachPostgres`
 * throws, saying how to start one: the tests that need it fail, never skip.
 */
export const DATABASE_URL = process.env.ACCORD_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPostgres {
  /** A fresh, empty schema (dropped by `end`); `create: false` names one that does not exist yet. */
  freshSchema(create?: boolean): Promise<string>;
  /** DATABASE_URL with the schema as search_path and any further server options. */
  urlFor(schema: string, options?: string): string;
  /** A store on a fresh schema, its schema migrated. */
  freshStore(): Promise<PostgresStore>;
  /** A connection outside the stores, to look at what they wrote. */
  admin: pg.Pool;
  end(): Promise<void>;
}

export async function reachPostgres(): Promise<TestPostgres> {
  const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2, connectionTimeoutMillis: 5_000 });
  try {
    await admin.query('SELECT 1');
  } catch (error) {
    await admin.end();
    throw new Error(
      `PostgreSQL is not reachable at ${DATABASE_URL} (${error instanceof Error ? error.message : String(error)}). ` +
        'These tests need a real server: start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (.ci/run does), ' +
        'or point ACCORD_TEST_DATABASE_URL at one.',
    );
  }
  const schemas: string[] = [];
  const urlFor = (schema: string, options = '') => {
    const url = new URL(DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema} ${options}`.trim());
    return url.toString();
  };
  const freshSchema = async (create = true) => {
    const schema = `accord_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    if (create) await admin.query(`CREATE SCHEMA ${schema}`);
    return schema;
  };
  return {
    admin, urlFor, freshSchema,
    async freshStore() {
      const store = new PostgresStore(urlFor(await freshSchema()));
      await store.ready();
      return store;
    },
    async end() {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** Yjs updates typing `words` one after another into a text of its own: history to append. */
export function typedUpdates(words: string[]): Uint8Array[] {
  const source = new Y.Doc();
  const updates: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of words) source.getText('t').insert(source.getText('t').length, word);
  return updates;
}
