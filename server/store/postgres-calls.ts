import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CallRecord, ContributionRecord, NewCall } from '../../shared/calls.ts';
import type { SubmittedWorkingCopy } from '../../shared/working-copy.ts';
import { inTransaction } from './postgres-connection.ts';
import { submittedCopyPart, type ContributionCopyColumns } from './working-copy-rows.ts';

interface CallRow { id: string; document_id: string; title: string; deadline: string; opened_by: string; opened_at: string; published_at: string | null; invitees: string[]; late_parties: string[] }
interface ContributionRow extends ContributionCopyColumns { id: string; call_id: string; party: string; submitted_by: string; submitted_at: string; body: string; late: boolean; withdrawn_at: string | null }

const toContribution = (r: ContributionRow): ContributionRecord => ({
  id: r.id, callId: r.call_id, party: r.party, submittedBy: r.submitted_by, submittedAt: r.submitted_at, body: r.body, late: r.late, withdrawnAt: r.withdrawn_at,
  ...submittedCopyPart(r),
});
const toCall = (r: CallRow): CallRecord => ({
  id: r.id, documentId: r.document_id, title: r.title, deadline: r.deadline, invitees: r.invitees, lateParties: r.late_parties,
  openedBy: r.opened_by, openedAt: r.opened_at, publishedAt: r.published_at,
});

// A call with its parties in one query, in SQLite's order (bytewise).
const CALL_SELECT = `SELECT c.*,
  coalesce((SELECT array_agg(party ORDER BY party COLLATE "C") FROM call_invitees WHERE call_id = c.id), '{}') AS invitees,
  coalesce((SELECT array_agg(party ORDER BY party COLLATE "C") FROM call_late_parties WHERE call_id = c.id), '{}') AS late_parties
  FROM calls c`;

/** Calls for contributions on PostgreSQL: the same rules as `call-table.ts`. */
export class PostgresCalls {
  constructor(private readonly pool: pg.Pool) {}

  create(documentId: string, input: NewCall, openedBy: string, at: string): Promise<CallRecord> {
    const id = randomUUID();
    const deadline = new Date(input.deadline).toISOString();
    const invitees = [...new Set(input.invitees)].sort();
    return inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO calls (id, document_id, title, deadline, opened_by, opened_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, documentId, input.title, deadline, openedBy, at]);
      await client.query('INSERT INTO call_invitees (call_id, party) SELECT $1, unnest($2::text[])', [id, invitees]);
      return { id, documentId, title: input.title, deadline, invitees, lateParties: [], openedBy, openedAt: new Date(at).toISOString(), publishedAt: null };
    });
  }

  async get(id: string): Promise<CallRecord | null> {
    const { rows: [row] } = await this.pool.query<CallRow>(`${CALL_SELECT} WHERE c.id = $1`, [id]);
    return row ? toCall(row) : null;
  }

  async list(documentId: string): Promise<CallRecord[]> {
    const { rows } = await this.pool.query<CallRow>(`${CALL_SELECT} WHERE c.document_id = $1 ORDER BY c.opened_at, c.id COLLATE "C"`, [documentId]);
    return rows.map(toCall);
  }

  async publish(id: string, at: string): Promise<CallRecord | null> {
    await this.pool.query('UPDATE calls SET published_at = coalesce(published_at, $1) WHERE id = $2', [at, id]);
    return this.get(id);
  }

  async allowLate(id: string, party: string, allowedBy: string, at: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `INSERT INTO call_late_parties (call_id, party, allowed_by, allowed_at)
       SELECT call_id, party, $3, $4 FROM call_invitees WHERE call_id = $1 AND party = $2
       ON CONFLICT (call_id, party) DO UPDATE SET allowed_by = call_late_parties.allowed_by RETURNING 1`,
      [id, party, allowedBy, at],
    );
    return rows.length > 0;
  }

  submit(callId: string, party: string, submittedBy: string, body: string, late: boolean, at: string, copy?: SubmittedWorkingCopy): Promise<ContributionRecord> {
    const row: ContributionRow = {
      id: randomUUID(), call_id: callId, party, submitted_by: submittedBy, submitted_at: new Date(at).toISOString(), body, late, withdrawn_at: null,
      working_copy_id: copy?.documentId ?? null, working_copy_paragraphs: copy?.paragraphs ?? null,
    };
    return inTransaction(this.pool, async (client) => {
      // Serialises one party's submissions to one call, so a party never has two standing.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`contribution ${callId} ${party}`]);
      await client.query('UPDATE contributions SET withdrawn_at = $1 WHERE call_id = $2 AND party = $3 AND withdrawn_at IS NULL', [at, callId, party]);
      await client.query(
        'INSERT INTO contributions (id, call_id, party, submitted_by, submitted_at, body, late, working_copy_id, working_copy_paragraphs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [row.id, callId, party, submittedBy, at, body, late, row.working_copy_id, copy ? JSON.stringify(copy.paragraphs) : null],
      );
      return toContribution(row);
    });
  }

  async withdraw(callId: string, party: string, at: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE contributions SET withdrawn_at = $1 WHERE call_id = $2 AND party = $3 AND withdrawn_at IS NULL', [at, callId, party]);
    return (rowCount ?? 0) > 0;
  }

  async contributions(callId: string): Promise<ContributionRecord[]> {
    const { rows } = await this.pool.query<ContributionRow>('SELECT * FROM contributions WHERE call_id = $1 ORDER BY submitted_at, id COLLATE "C"', [callId]);
    return rows.map(toContribution);
  }
}
