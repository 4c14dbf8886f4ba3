import type pg from 'pg';
import { checkOut, openPool } from './postgres-connection.ts';

/**
 * Runs `work` on one connection holding the PostgreSQL advisory lock `accord <what> <schema>`:
 * processes that start together on one database (issue 15) take turns, each seeing what the
 * one before did. One lock per schema: deployments (or tests) in different schemas do not wait
 * for each other. The lock is the session's: a connection that fails mid-way, or a process that
 * dies holding it, closes the connection and so frees it.
 */
export async function holdingLock<T>(pool: pg.Pool, what: string, work: (client: pg.PoolClient, schema: string | null) => Promise<T>): Promise<T> {
  const { client, giveBack } = await checkOut(pool);
  let broken: Error | undefined;
  try {
    const { rows: [where] } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    const schema = where?.schema ?? null;
    const lock = [`accord ${what} ${schema ?? ''}`];
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', lock);
    try {
      return await work(client, schema);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', lock);
    }
  } catch (error) {
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    giveBack(broken);
  }
}

/** `holdingLock` on a database of its own pool: for the demo seed, which must run once however many start at once. */
export async function exclusively<T>(databaseUrl: string, what: string, work: () => Promise<T>): Promise<T> {
  const pool = openPool(databaseUrl);
  try {
    return await holdingLock(pool, what, () => work());
  } finally {
    await pool.end();
  }
}
