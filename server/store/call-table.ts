import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CallRecord, ContributionRecord, NewCall } from '../../shared/calls.ts';
import type { SubmittedWorkingCopy } from '../../shared/working-copy.ts';
import { submittedCopyPart, type ContributionCopyColumns } from './working-copy-rows.ts';

interface CallRow { id: string; document_id: string; title: string; deadline: string; opened_by: string; opened_at: string; published_at: string | null }
interface ContributionRow extends ContributionCopyColumns { id: string; call_id: string; party: string; submitted_by: string; submitted_at: string; body: string; late: number; withdrawn_at: string | null }

const toContribution = (r: ContributionRow): ContributionRecord => ({
  id: r.id, callId: r.call_id, party: r.party, submittedBy: r.submitted_by, submittedAt: r.submitted_at, body: r.body, late: r.late === 1, withdrawnAt: r.withdrawn_at,
  ...submittedCopyPart(r),
});

/** Calls for contributions and the contributions, on SQLite's main connection (`writing`, the store's write transaction). */
export class CallTable {
  constructor(
    private readonly db: Database.Database,
    private readonly writing: <T>(work: () => T) => T,
  ) {}

  create(documentId: string, input: NewCall, openedBy: string, at: string): CallRecord {
    const id = randomUUID();
    const deadline = new Date(input.deadline).toISOString();
    const invitees = [...new Set(input.invitees)].sort();
    return this.writing(() => {
      this.db.prepare('INSERT INTO calls (id, document_id, title, deadline, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, documentId, input.title, deadline, openedBy, at);
      const invite = this.db.prepare('INSERT INTO call_invitees (call_id, party) VALUES (?, ?)');
      for (const party of invitees) invite.run(id, party);
      return { id, documentId, title: input.title, deadline, invitees, lateParties: [], openedBy, openedAt: at, publishedAt: null };
    });
  }

  get(id: string): CallRecord | null {
    const row = this.db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
    return row ? this.toCall(row) : null;
  }

  list(documentId: string): CallRecord[] {
    return (this.db.prepare('SELECT * FROM calls WHERE document_id = ? ORDER BY opened_at, id').all(documentId) as CallRow[]).map((r) => this.toCall(r));
  }

  private toCall(row: CallRow): CallRecord {
    const parties = (table: string) => (this.db.prepare(`SELECT party FROM ${table} WHERE call_id = ? ORDER BY party`).all(row.id) as { party: string }[]).map((r) => r.party);
    return {
      id: row.id, documentId: row.document_id, title: row.title, deadline: row.deadline, invitees: parties('call_invitees'), lateParties: parties('call_late_parties'),
      openedBy: row.opened_by, openedAt: row.opened_at, publishedAt: row.published_at,
    };
  }

  publish(id: string, at: string): CallRecord | null {
    this.writing(() => this.db.prepare('UPDATE calls SET published_at = coalesce(published_at, ?) WHERE id = ?').run(at, id));
    return this.get(id);
  }

  allowLate(id: string, party: string, allowedBy: string, at: string): boolean {
    return this.writing(() => {
      if (!this.db.prepare('SELECT 1 FROM call_invitees WHERE call_id = ? AND party = ?').get(id, party)) return false;
      this.db.prepare('INSERT INTO call_late_parties (call_id, party, allowed_by, allowed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(id, party, allowedBy, at);
      return true;
    });
  }

  submit(callId: string, party: string, submittedBy: string, body: string, late: boolean, at: string, copy?: SubmittedWorkingCopy): ContributionRecord {
    const row: ContributionRow = {
      id: randomUUID(), call_id: callId, party, submitted_by: submittedBy, submitted_at: at, body, late: late ? 1 : 0, withdrawn_at: null,
      working_copy_id: copy?.documentId ?? null, working_copy_paragraphs: copy ? JSON.stringify(copy.paragraphs) : null,
    };
    return this.writing(() => {
      // A new contribution replaces the party's standing one: one transaction, so a party never has two.
      this.db.prepare('UPDATE contributions SET withdrawn_at = ? WHERE call_id = ? AND party = ? AND withdrawn_at IS NULL').run(at, callId, party);
      this.db
        .prepare(
          `INSERT INTO contributions (id, call_id, party, submitted_by, submitted_at, body, late, withdrawn_at, working_copy_id, working_copy_paragraphs)
           VALUES (@id, @call_id, @party, @submitted_by, @submitted_at, @body, @late, @withdrawn_at, @working_copy_id, @working_copy_paragraphs)`,
        )
        .run(row);
      return toContribution(row);
    });
  }

  withdraw(callId: string, party: string, at: string): boolean {
    return this.writing(() => this.db.prepare('UPDATE contributions SET withdrawn_at = ? WHERE call_id = ? AND party = ? AND withdrawn_at IS NULL').run(at, callId, party).changes > 0);
  }

  contributions(callId: string): ContributionRecord[] {
    return (this.db.prepare('SELECT * FROM contributions WHERE call_id = ? ORDER BY submitted_at, id').all(callId) as ContributionRow[]).map(toContribution);
  }
}
