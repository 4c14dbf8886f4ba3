import type Database from 'better-sqlite3';
import type { AuditRecord } from '../../shared/api.ts';
import type { AuditEntry, UpdateAuthor } from './store.ts';

/**
 * Writes one decision's rows inside the caller's transaction: they share the id of the first as
 * their `decision`, and the first carries the snapshot taken before it.
 */
export function insertDecisionRows(
  db: Database.Database, documentId: string, seq: number | null, author: UpdateAuthor, at: string, audit: readonly AuditEntry[],
): void {
  const record = db.prepare(
    `INSERT INTO audit_log (document_id, seq, participant_id, role, at, action, amendment_id, delegation, inserted, deleted, pid, because, status, detail, undoes, before_state)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let first: number | null = null;
  for (const e of audit) {
    const before: Buffer | null = first === null && e.before ? Buffer.from(e.before.buffer, e.before.byteOffset, e.before.byteLength) : null;
    const id: number = Number(
      record.run(documentId, seq, author.participantId, author.role, at, e.action, e.amendmentId, e.delegation, e.inserted, e.deleted, e.pid, e.because, e.status, e.detail ?? null, e.undoes ?? null, before).lastInsertRowid,
    );
    first ??= id;
  }
  if (first !== null) db.prepare('UPDATE audit_log SET decision = ? WHERE document_id = ? AND id >= ?').run(first, documentId, first);
}

/** An audit row as either store reads it (`has_before`: whether it keeps the snapshot before its decision). */
export interface AuditRow {
  id: number; decision: number; seq: number | null; participant_id: string; role: string; at: string; action: AuditEntry['action'];
  amendment_id: string | null; delegation: string | null; inserted: string; deleted: string; pid: string | null; because: string | null;
  status: string | null; detail: string | null; undoes: number | null; has_before: boolean;
}

/**
 * A document's audit rows (in order) as records: which undo undid each decision, and which
 * the Chair may still undo (one that changed the text, kept what undoing it needs, is no undo
 * itself and was not undone).
 */
export function toAuditRecords(rows: readonly AuditRow[]): AuditRecord[] {
  const undoneBy = new Map<number, number>();
  for (const r of rows) if (r.undoes !== null && !undoneBy.has(r.undoes)) undoneBy.set(r.undoes, r.decision);
  const undoableDecisions = new Set(rows.filter((r) => r.has_before && r.seq !== null && r.action !== 'undone').map((r) => r.decision));
  return rows.map((r) => ({
    id: r.id, decision: r.decision, seq: r.seq, participantId: r.participant_id, role: r.role, at: r.at, action: r.action, amendmentId: r.amendment_id,
    delegation: r.delegation, inserted: r.inserted, deleted: r.deleted, pid: r.pid, because: r.because, status: r.status, detail: r.detail,
    undoes: r.undoes, undoneBy: undoneBy.get(r.decision) ?? null, undoable: undoableDecisions.has(r.decision) && !undoneBy.has(r.decision),
  }));
}

/** A decision as recorded: its rows, the update that carried it (none if it changed nothing), the text's snapshot before it. */
export interface RecordedDecision {
  entries: AuditRecord[];
  update: Uint8Array | null;
  before: Uint8Array | null;
}

/** Reads the audit log: who decided what, and which decisions were undone by which. */
export class AuditTable {
  constructor(private readonly db: Database.Database) {}

  list(documentId: string): AuditRecord[] {
    const rows = this.db
      .prepare('SELECT *, before_state IS NOT NULL AS has_before FROM audit_log WHERE document_id = ? ORDER BY id')
      .all(documentId) as (Omit<AuditRow, 'has_before'> & { has_before: number })[];
    return toAuditRecords(rows.map((r) => ({ ...r, has_before: r.has_before === 1 })));
  }

  decision(documentId: string, decision: number): RecordedDecision | null {
    const entries = this.list(documentId).filter((r) => r.decision === decision);
    const head = entries[0];
    if (!head) return null;
    const before = this.db.prepare('SELECT before_state FROM audit_log WHERE id = ?').get(head.id) as { before_state: Buffer | null };
    const update = head.seq === null
      ? undefined
      : (this.db.prepare('SELECT update_data FROM document_updates WHERE document_id = ? AND seq = ?').get(documentId, head.seq) as { update_data: Buffer } | undefined);
    return {
      entries,
      update: update ? new Uint8Array(update.update_data) : null,
      before: before.before_state ? new Uint8Array(before.before_state) : null,
    };
  }

  /** The updates that carried decisions, by seq: a comparison finds which fall between two states. */
  decisionUpdates(documentId: string): Map<number, Uint8Array> {
    const rows = this.db
      .prepare('SELECT seq, update_data FROM document_updates WHERE document_id = ? AND seq IN (SELECT seq FROM audit_log WHERE document_id = ? AND seq IS NOT NULL)')
      .all(documentId, documentId) as { seq: number; update_data: Buffer }[];
    return new Map(rows.map((r) => [r.seq, new Uint8Array(r.update_data)]));
  }
}
