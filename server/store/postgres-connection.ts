import pg from 'pg';

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * Values as the rest of the store expects them, the same as SQLite gives: times as ISO strings
 * (compared, sorted and sent to clients as such), 64-bit integers as numbers (counts, byte sums,
 * Yjs client ids: all far below 2^53).
 */
function storeTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  const timestamp = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (value: string) => Date;
  types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value: string) => timestamp(value).toISOString());
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  return types;
}

/**
 * A pool of connections to DATABASE_URL, each opened with `synchronous_commit = on`: a commit
 * returns only once its WAL is flushed to disk, so an acknowledged change survives a crash of
 * the server or the machine, whatever the role's or database's default says. The URL's own
 * `options` (a search_path, say) are kept, ours given after them so that ours win.
 */
/** No transaction of Accord's waits on its own process this long; a stopped process's does. */
export const IDLE_IN_TRANSACTION_MS = 5_000;

export function openPool(databaseUrl: string): pg.Pool {
  const url = new URL(databaseUrl);
  const given = url.searchParams.get('options');
  url.searchParams.delete('options');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    // A transaction left open by a process that stopped (paused, cut off) holds its lease row's
    // lock, which the process taking the document over must wait for: PostgreSQL ends it after
    // this long, rolled back, so a takeover waits seconds, not until the paused process resumes.
    options: [given, '-c synchronous_commit=on', `-c idle_in_transaction_session_timeout=${IDLE_IN_TRANSACTION_MS}`].filter(Boolean).join(' '),
    application_name: 'accord',
    // pg waits forever by default: a start-up against an unreachable host would hang, not fail.
    connectionTimeoutMillis: 10_000,
    types: storeTypes(),
  });
  // An idle connection the server dropped (restart, network) must not take the process down:
  // the pool replaces it, and the next query reports any lasting trouble to its caller.
  pool.on('error', (error) => console.error('[store] a PostgreSQL connection failed', error.message));
  return pool;
}

/** The settings that make a commit durable, as a connection of the pool has them. */
export async function durabilityOf(pool: pg.Pool): Promise<{ synchronousCommit: string; fsync: string }> {
  const { rows } = await pool.query<{ synchronous_commit: string; fsync: string }>(
    "SELECT current_setting('synchronous_commit') AS synchronous_commit, current_setting('fsync') AS fsync",
  );
  const row = rows[0]!;
  return { synchronousCommit: row.synchronous_commit, fsync: row.fsync };
}

/** Refuses to go on unless commits wait for the disk. */
export async function checkDurability(pool: pg.Pool): Promise<void> {
  const { synchronousCommit, fsync } = await durabilityOf(pool);
  if (synchronousCommit !== 'on') throw new Error(`PostgreSQL refused synchronous_commit = on (got ${synchronousCommit}); refusing to start`);
  // The server's own setting, beyond our reach: say so rather than refuse a deliberate test setup.
  if (fsync !== 'on') console.warn('[store] PostgreSQL runs with fsync = off: a crash of its machine can lose acknowledged changes');
}

/**
 * A connection taken from the pool, listened to while it is out: pg-pool stops listening to a
 * connection's errors while it is checked out, and a connection that fails between two queries
 * (PostgreSQL ending a transaction left idle by a process that was stopped, then resumed) emits
 * an 'error' nobody would hear, which ends the process. The failure is kept instead: the next
 * query fails on its own, and the connection is closed, not reused, when it is given back.
 */
export async function checkOut(pool: pg.Pool): Promise<{ client: pg.PoolClient; giveBack: (broken?: Error) => void }> {
  const client = await pool.connect();
  let failed: Error | undefined;
  const onError = (error: Error) => {
    failed = error;
    console.error('[store] a PostgreSQL connection in use failed', error.message);
  };
  client.on('error', onError);
  return {
    client,
    giveBack: (broken) => {
      client.removeListener('error', onError);
      client.release(broken ?? failed);
    },
  };
}

/**
 * Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it
 * throws. A connection whose rollback failed is broken and is closed rather than reused.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const { client, giveBack } = await checkOut(pool);
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((failure: unknown) => {
      broken = failure instanceof Error ? failure : new Error(String(failure));
    });
    throw error;
  } finally {
    giveBack(broken);
  }
}

/** `($1, $2, …), ($n+1, …)` for a multi-row INSERT of rows of `width` values. */
export function valuesList(rows: number, width: number): string {
  return Array.from({ length: rows }, (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
}

