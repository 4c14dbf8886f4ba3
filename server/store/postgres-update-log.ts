import type pg from 'pg';
import { insertDecisionRows } from './postgres-audit.ts';
import { inTransaction, valuesList, type Queryable } from './postgres-connection.ts';
import type { Fence } from './fence.ts';
import { checkFence } from './postgres-fence.ts';
import type { HistoryUsage, StoredChange, StoredDocumentState, StoredUpdate, UpdateAuthor } from './store.ts';

interface UpdateRow { seq: number; update_data: Buffer; participant_id: string; role: UpdateAuthor['role']; delegation: string | null; at: string }

const now = () => new Date().toISOString();
const toUpdate = (r: UpdateRow): StoredUpdate => ({
  seq: r.seq,
  update: new Uint8Array(r.update_data),
  author: { participantId: r.participant_id, role: r.role, delegation: r.delegation },
  at: r.at,
});

/** Rows per INSERT: well under PostgreSQL's 65 535 parameters a statement. */
const ROWS_PER_INSERT = 1000;

/**
 * A document's history on PostgreSQL: its accepted updates, the client ids they bind, the audit
 * entries that explain them, and its snapshots.
 *
 * Writes to one document are carried out one at a time, in the order they were asked for, as
 * SQLite's writer thread does: appends asked for without waiting get their numbers in that
 * order, and a snapshot never overtakes the append it covers. Different documents write at once.
 */
export class PostgresUpdateLog {
  private readonly queues = new Map<string, Promise<unknown>>();
  private closed = false;

  /** `opened`: resolves once the schema is ready; writes asked for before then wait for it, in order. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly opened: () => Promise<void>,
  ) {}

  private inOrder<T>(documentId: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const run = (this.queues.get(documentId) ?? Promise.resolve()).then(this.opened).then(work);
    const tail = run.catch(() => undefined);
    this.queues.set(documentId, tail);
    void tail.then(() => {
      if (this.queues.get(documentId) === tail) this.queues.delete(documentId);
    });
    return run;
  }

  /** Refuses new writes and resolves once those already asked for are done. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  /**
   * Appends the changes in one transaction: all are stored or none. The document's row is
   * locked while its next numbers are taken, so even another process appending to the same
   * document could not take the same numbers. With a fence, refused whole (LeaseLost) unless it
   * is still the document's lease. Returns the last seq.
   */
  append(documentId: string, changes: readonly StoredChange[], fence?: Fence): Promise<number> {
    if (changes.length === 0) return Promise.reject(new Error('appendUpdates needs at least one change'));
    return this.inOrder(documentId, () => inTransaction(this.pool, async (client) => {
      // The lease before the document's row: every fenced write takes the two in this order.
      await checkFence(client, documentId, fence);
      const at = now();
      const { rows: [counted] } = await client.query<{ last_seq: number }>(
        'UPDATE documents SET last_seq = last_seq + $2, updated_at = $3 WHERE id = $1 RETURNING last_seq', [documentId, changes.length, at],
      );
      if (!counted) throw new Error(`cannot append to document ${documentId}: there is no such document`);
      const first = counted.last_seq - changes.length + 1;
      await insertUpdates(client, documentId, first, changes, at);
      for (const [i, { author, audit = [] }] of changes.entries()) await insertDecisionRows(client, documentId, first + i, author, at, audit);
      return counted.last_seq;
    }));
  }

  /** Replaces the snapshot by `state`, unless a later one is already stored; with a fence, only while it holds. */
  snapshot(documentId: string, state: Uint8Array, uptoSeq: number, fence?: Fence): Promise<void> {
    // The update rows stay: they are the audit trail. Loading starts from the snapshot and
    // replays only later rows, so a compaction that never ran, or ran twice, changes nothing.
    return this.inOrder(documentId, () => inTransaction(this.pool, async (client) => {
      await checkFence(client, documentId, fence);
      await client.query(
        `INSERT INTO document_snapshots (document_id, state, upto_seq, at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq, at = excluded.at
         WHERE excluded.upto_seq >= document_snapshots.upto_seq`,
        [documentId, state, uptoSeq, now()],
      );
    }));
  }

  /** The last snapshot, the updates after it and the bound client ids, as of one moment. */
  load(documentId: string): Promise<StoredDocumentState> {
    return inTransaction(this.pool, async (client) => {
      const { rows: [snap] } = await client.query<{ state: Buffer; upto_seq: number }>(
        'SELECT state, upto_seq FROM document_snapshots WHERE document_id = $1', [documentId],
      );
      const updates = await selectUpdates(client, documentId, snap?.upto_seq ?? 0);
      const { rows: clients } = await client.query<{ client_id: number; participant_id: string }>(
        'SELECT client_id, participant_id FROM document_clients WHERE document_id = $1', [documentId],
      );
      return {
        snapshot: snap ? new Uint8Array(snap.state) : null,
        updates,
        clients: new Map(clients.map((r) => [r.client_id, r.participant_id])),
      };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  list(documentId: string, afterSeq: number): Promise<StoredUpdate[]> {
    return selectUpdates(this.pool, documentId, afterSeq);
  }

  async usage(documentId: string): Promise<HistoryUsage[]> {
    const { rows } = await this.pool.query<{ participant_id: string; updates: number; bytes: number; last_at: string }>(
      `SELECT participant_id, count(*) AS updates, sum(octet_length(update_data))::bigint AS bytes, max(at) AS last_at
       FROM document_updates WHERE document_id = $1 GROUP BY participant_id ORDER BY bytes DESC`,
      [documentId],
    );
    return rows.map((r) => ({ participantId: r.participant_id, updates: r.updates, bytes: r.bytes, lastAt: r.last_at }));
  }
}

/** Update rows numbered from `first` and their client bindings, inside the caller's transaction. */
export async function insertUpdates(client: pg.PoolClient, documentId: string, first: number, changes: readonly StoredChange[], at: string): Promise<void> {
  for (let start = 0; start < changes.length; start += ROWS_PER_INSERT) {
    const chunk = changes.slice(start, start + ROWS_PER_INSERT);
    await client.query(
      `INSERT INTO document_updates (document_id, seq, update_data, participant_id, role, delegation, at) VALUES ${valuesList(chunk.length, 7)}`,
      chunk.flatMap(({ update, author }, i) => [documentId, first + start + i, update, author.participantId, author.role, author.delegation, at]),
    );
  }
  const bindings = changes.flatMap(({ newClients, author }) => newClients.map((client) => [documentId, client, author.participantId]));
  for (let start = 0; start < bindings.length; start += ROWS_PER_INSERT) {
    const chunk = bindings.slice(start, start + ROWS_PER_INSERT);
    await client.query(`INSERT INTO document_clients (document_id, client_id, participant_id) VALUES ${valuesList(chunk.length, 3)}`, chunk.flat());
  }
}

async function selectUpdates(db: Queryable, documentId: string, afterSeq: number): Promise<StoredUpdate[]> {
  const { rows } = await db.query<UpdateRow>(
    'SELECT seq, update_data, participant_id, role, delegation, at FROM document_updates WHERE document_id = $1 AND seq > $2 ORDER BY seq',
    [documentId, afterSeq],
  );
  return rows.map(toUpdate);
}
