import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, openPool } from '../../server/store/postgres-connection.ts';
import { DATABASE_URL, reachPostgres, type TestPostgres } from '../support/postgres.ts';

/**
 * A connection that fails between two queries of a transaction — what a process stopped
 * mid-transaction finds when it resumes, PostgreSQL having ended the idle transaction — must
 * fail that transaction, not the process: pg-pool does not listen to a checked-out
 * connection's errors, and an 'error' event nobody hears ends Node (cluster-pause.test.ts saw it).
 */
let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await reachPostgres();
});
afterAll(async () => {
  await postgres.end();
});

describe('a PostgreSQL connection that fails in the middle of a transaction', () => {
  it('fails the transaction, keeps the process, and is not given to the next one', async () => {
    const pool = openPool(DATABASE_URL);
    try {
      const failure = inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Ended from outside while no query of ours runs on it.
        await postgres.admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await client.query('SELECT 1');
      });
      await expect(failure).rejects.toThrow();
      // The pool goes on with a connection of its own.
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
