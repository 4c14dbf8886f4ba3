import type pg from 'pg';
import type { AuditRecord } from '../../shared/api.ts';
import { toAuditRecords, type AuditRow, type RecordedDecision } from './audit-table.ts';
import type { AuditEntry, UpdateAuthor } from './store.ts';

/**
 * Writes one decision's rows inside the caller's transaction: they share the id of the first as
 * their `decision`, and the first carries the snapshot taken before it. The first id is drawn
 * before writing, so no row ever lacks its decision and no other transaction's rows are touched.
 */
export async function insertDecisionRows(
  client: pg.PoolClient, documentId: string, seq: number | null, author: UpdateAuthor, at: string, audit: readonly AuditEntry[],
): Promise<void> {
  if (audit.length === 0) return;
  const { rows: [drawn] } = await client.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::integer AS id");
  const decision = drawn!.id;
  for (const [i, e] of audit.entries()) {
    await client.query(
      `INSERT INTO audit_log (id, document_id, seq, decision, participant_id, role, at, action, amendment_id, delegation, inserted, deleted, pid, because, status, detail, undoes, before_state)
       VALUES (coalesce($1, nextval(pg_get_serial_sequence('audit_log', 'id'))), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        i === 0 ? decision : null, documentId, seq, decision, author.participantId, author.role, at, e.action, e.amendmentId, e.delegation,
        e.inserted, e.deleted, e.pid, e.because, e.status, e.detail ?? null, e.undoes ?? null, i === 0 ? (e.before ?? null) : null,
      ],
    );
  }
}

const AUDIT_COLUMNS = `id, decision, seq, participant_id, role, at, action, amendment_id, delegation, inserted, deleted, pid, because, status, detail, undoes,
  before_state IS NOT NULL AS has_before`;

/** Reads the audit log: who decided what, and which decisions were undone by which. */
export class PostgresAudit {
  constructor(private readonly pool: pg.Pool) {}

  async list(documentId: string): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE document_id = $1 ORDER BY id`, [documentId]);
    return toAuditRecords(rows);
  }

  async decision(documentId: string, decision: number): Promise<RecordedDecision | null> {
    const entries = (await this.list(documentId)).filter((r) => r.decision === decision);
    const head = entries[0];
    if (!head) return null;
    const { rows: [row] } = await this.pool.query<{ before_state: Buffer | null; update_data: Buffer | null }>(
      `SELECT a.before_state, u.update_data FROM audit_log a
       LEFT JOIN document_updates u ON u.document_id = a.document_id AND u.seq = a.seq WHERE a.id = $1`,
      [head.id],
    );
    return {
      entries,
      update: row?.update_data ? new Uint8Array(row.update_data) : null,
      before: row?.before_state ? new Uint8Array(row.before_state) : null,
    };
  }

  /** The updates that carried decisions, by seq: a comparison finds which fall between two states. */
  async decisionUpdates(documentId: string): Promise<Map<number, Uint8Array>> {
    const { rows } = await this.pool.query<{ seq: number; update_data: Buffer }>(
      `SELECT seq, update_data FROM document_updates
       WHERE document_id = $1 AND seq IN (SELECT seq FROM audit_log WHERE document_id = $1 AND seq IS NOT NULL)`,
      [documentId],
    );
    return new Map(rows.map((r) => [r.seq, new Uint8Array(r.update_data)]));
  }
}
