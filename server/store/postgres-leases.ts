import type pg from 'pg';
import type { Fence } from './fence.ts';

/** A document's lease as the database has it. */
export interface LeaseState extends Fence {
  expiresAt: string;
  /** Whether it is still running by the database's clock. */
  live: boolean;
}

const FOREIGN_KEY_VIOLATION = '23503';

/** A lease length in milliseconds: a whole, positive number (an interval of NaN or 0 is a bug). */
function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`a lease lasts a whole, positive number of milliseconds, not ${ttlMs}`);
}

/**
 * Which process is a document's authority (issue 15): a lease in PostgreSQL, with a fencing token
 * that grows by one at every grant. Expiry is by the database's clock (`now()`), the one clock all
 * processes share, never by a process's own. Every write to a document's history may carry the
 * holder's token (a Fence), and is refused if it is no longer the current one.
 *
 * Each method is one statement, so PostgreSQL's row lock on the lease settles races: of many
 * processes asking at once for a free lease, exactly one gets it.
 */
export class PostgresLeases {
  /** `opened`: resolves once the schema (and its lease table) is ready. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly opened: () => Promise<void>,
  ) {}

  /**
   * Grants the lease to `node` for `ttlMs` if nobody holds it or its holder's ran out (its holder
   * included: a node that let its lease lapse gets a new token, as anyone would). Returns the new
   * token, or null if another holds it.
   */
  async acquire(documentId: string, node: string, ttlMs: number): Promise<number | null> {
    checkTtl(ttlMs);
    await this.opened();
    try {
      // On a conflict PostgreSQL locks the row and checks the WHERE against its latest version: a
      // second asker waits for the first's grant, then finds the lease live and gets no row.
      const { rows: [granted] } = await this.pool.query<{ token: number }>(
        `INSERT INTO document_leases (document_id, holder, token, expires_at) VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
         ON CONFLICT (document_id) DO UPDATE SET holder = excluded.holder, token = document_leases.token + 1, expires_at = excluded.expires_at
         WHERE document_leases.expires_at <= now()
         RETURNING token`,
        [documentId, node, ttlMs],
      );
      return granted?.token ?? null;
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new Error(`no lease on document ${documentId}: there is no such document`);
      throw error;
    }
  }

  /**
   * Extends the lease by `ttlMs` from now if `node` still holds it with `token`. False if another
   * took it over since. A lease that ran out but was not taken over is renewed: nobody else can
   * have written in between (that needs a newer token), so the holder's state is still current.
   */
  async renew(documentId: string, node: string, token: number, ttlMs: number): Promise<boolean> {
    checkTtl(ttlMs);
    await this.opened();
    const { rowCount } = await this.pool.query(
      `UPDATE document_leases SET expires_at = now() + $4 * interval '1 millisecond' WHERE document_id = $1 AND holder = $2 AND token = $3`,
      [documentId, node, token, ttlMs],
    );
    return rowCount === 1;
  }

  /**
   * Lets the lease go at once (a document unloaded, a process shutting down), so another process
   * need not wait for it to run out. The row and its token stay: the next grant numbers on. False
   * if `node` no longer held it with `token`.
   */
  async release(documentId: string, node: string, token: number): Promise<boolean> {
    await this.opened();
    const { rowCount } = await this.pool.query(
      `UPDATE document_leases SET expires_at = now() WHERE document_id = $1 AND holder = $2 AND token = $3 AND expires_at > now()`,
      [documentId, node, token],
    );
    return rowCount === 1;
  }

  /** The document's lease, live or not; null if nobody ever held it. */
  async current(documentId: string): Promise<LeaseState | null> {
    await this.opened();
    const { rows: [row] } = await this.pool.query<{ holder: string; token: number; expires_at: string; live: boolean }>(
      'SELECT holder, token, expires_at, expires_at > now() AS live FROM document_leases WHERE document_id = $1', [documentId],
    );
    return row ? { node: row.holder, token: row.token, expiresAt: row.expires_at, live: row.live } : null;
  }
}
