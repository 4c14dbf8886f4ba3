import type Database from 'better-sqlite3';
import type { ParticipantAction, ParticipantLogRecord } from '../../shared/api.ts';
import type { Participant } from '../../shared/participants.ts';
import type { UpdateAuthor } from './store.ts';

/** A line of the participants' log as either store reads it. */
export interface LogRow {
  id: number; at: string; actor_id: string; actor_role: string; action: ParticipantAction; participant_id: string; invitation_id: string | null;
  name: string; role: string; delegation: string | null; previous_name: string | null; previous_role: string | null; previous_delegation: string | null;
}

/** One line to write: what was done, to whom (as it now is), and what it was before a change. */
export interface ParticipantLogLine {
  action: ParticipantAction;
  participant: Participant;
  invitationId?: string | null;
  previous?: Participant | null;
}

/**
 * The participants' log: like a document's audit log for decisions, the record of who made whom
 * a chair, a delegation or nobody. Written inside the caller's transaction, with the change.
 */
export class ParticipantLog {
  constructor(private readonly db: Database.Database) {}

  record(actor: UpdateAuthor, line: ParticipantLogLine, at: string): void {
    const { participant: p, previous } = line;
    this.db
      .prepare(
        `INSERT INTO participant_log (at, actor_id, actor_role, action, participant_id, invitation_id, name, role, delegation, previous_name, previous_role, previous_delegation)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(at, actor.participantId, actor.role, line.action, p.id, line.invitationId ?? null, p.name, p.role, p.delegation, previous?.name ?? null, previous?.role ?? null, previous?.delegation ?? null);
  }

  list(): ParticipantLogRecord[] {
    return (this.db.prepare('SELECT * FROM participant_log ORDER BY id').all() as LogRow[]).map(toLogRecord);
  }
}

export const toLogRecord = (r: LogRow): ParticipantLogRecord => ({
  id: r.id, at: r.at, actorId: r.actor_id, actorRole: r.actor_role, action: r.action, participantId: r.participant_id, invitationId: r.invitation_id,
  name: r.name, role: r.role, delegation: r.delegation,
  previous: r.previous_role === null ? null : { name: r.previous_name ?? r.name, role: r.previous_role, delegation: r.previous_delegation },
});
