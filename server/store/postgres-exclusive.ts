import { openPool } from './postgres-connection.ts';

/**
 * Runs `work` while holding a PostgreSQL advisory lock named `what` in the database's current
 * schema: processes that start together on one database (issue 15) take turns, each seeing what
 * the one before did. Used for the demo seed, which must run once however many start at once.
 * The lock is a session's: if this process dies holding it, its connection closes and frees it.
 */
export async function exclusively<T>(databaseUrl: string, what: string, work: () => Promise<T>): Promise<T> {
  const pool = openPool(databaseUrl);
  try {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const { rows: [where] } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
      const lock = [`accord ${what} ${where?.schema ?? ''}`];
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', lock);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', lock);
      }
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  } finally {
    await pool.end();
  }
}
