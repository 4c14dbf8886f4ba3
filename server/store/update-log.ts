import Database from 'better-sqlite3';
import { insertDecisionRows } from './audit-table.ts';
import type { StoredChange, UpdateAuthor } from './store.ts';

/**
 * Opens the database file as every connection to it must be: WAL, so the update log can be
 * written by one connection while another reads; every commit flushed to disk (an
 * acknowledged update must survive power loss), foreign keys enforced.
 */
export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  // First: switching to WAL needs a lock the other connection may hold for a moment.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  // better-sqlite3 lowers synchronous under WAL; an acknowledged update must survive power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const synchronous = db.pragma('synchronous', { simple: true });
  if (synchronous !== 2) {
    db.close();
    throw new Error(`SQLite refused synchronous = FULL (got ${String(synchronous)}); refusing to start`);
  }
  return db;
}

const now = () => new Date().toISOString();

/**
 * The writes of a document's history: its accepted updates, the client ids they bind, the
 * audit entries that explain them, and its snapshots. On its own connection, so that the
 * store can run it on the writer thread (see `update-log-writer.ts`).
 */
export class UpdateLog {
  /** Prepared once: compiling a statement costs more than running most of these. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement;
  }

  /** Appends the changes in one transaction (one disk flush): all are stored or none. Returns the last seq. */
  append(documentId: string, changes: readonly StoredChange[]): number {
    if (changes.length === 0) throw new Error('appendUpdates needs at least one change');
    // Holding the write lock from its start, like every writing transaction of the store.
    return this.db.transaction(() => {
      const at = now();
      let seq = 0;
      for (const { update, author, newClients, audit = [] } of changes) {
        seq = this.insertUpdate(documentId, update, author, newClients, at);
        if (audit.length > 0) insertDecisionRows(this.db, documentId, seq, author, at, audit);
      }
      this.sql('UPDATE documents SET updated_at = ? WHERE id = ?').run(at, documentId);
      return seq;
    }).immediate();
  }

  /**
   * One update row and its client bindings, inside the caller's transaction, numbered next in
   * its document (1, 2, 3…). The caller holds the write lock, so nobody else takes that number.
   */
  insertUpdate(documentId: string, update: Uint8Array, author: UpdateAuthor, newClients: readonly number[], at = now()): number {
    const { seq } = this.sql(
      `INSERT INTO document_updates (document_id, seq, update_data, participant_id, role, delegation, at)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM document_updates WHERE document_id = ?), ?, ?, ?, ?, ?) RETURNING seq`,
    ).get(documentId, documentId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), author.participantId, author.role, author.delegation, at) as { seq: number };
    const bind = this.sql('INSERT INTO document_clients VALUES (?, ?, ?)');
    for (const client of newClients) bind.run(documentId, client, author.participantId);
    return seq;
  }

  /** Replaces the snapshot by `state`, unless a later one is already stored. */
  snapshot(documentId: string, state: Uint8Array, uptoSeq: number): void {
    // The update rows stay: they are the audit trail. Loading starts from the snapshot and
    // replays only later rows, so a compaction that never ran, or ran twice, changes nothing.
    this.sql(
      `INSERT INTO document_snapshots VALUES (?, ?, ?, ?)
       ON CONFLICT(document_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq, at = excluded.at
       WHERE excluded.upto_seq >= document_snapshots.upto_seq`,
    ).run(documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoSeq, now());
  }
}
