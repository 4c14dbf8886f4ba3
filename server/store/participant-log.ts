import type Database from 'better-sqlite3';
import type { ParticipantAction, ParticipantLogRecord } from '../../shared/api.ts';
import type { Participant } from '../../shared/participants.ts';
import type { UpdateAuthor } from './store.ts';

/** Created with the store's other tables; a database made before it gains it at open. */
export const PARTICIPANT_LOG_SCHEMA = `
CREATE TABLE IF NOT EXISTS participant_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
  action TEXT NOT NULL, participant_id TEXT NOT NULL, invitation_id TEXT,
  name TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT,
  previous_name TEXT, previous_role TEXT, previous_delegation TEXT
);
`;

interface LogRow {
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
    const rows = this.db.prepare('SELECT * FROM participant_log ORDER BY id').all() as LogRow[];
    return rows.map((r) => ({
      id: r.id, at: r.at, actorId: r.actor_id, actorRole: r.actor_role, action: r.action, participantId: r.participant_id, invitationId: r.invitation_id,
      name: r.name, role: r.role, delegation: r.delegation,
      previous: r.previous_role === null ? null : { name: r.previous_name ?? r.name, role: r.previous_role, delegation: r.previous_delegation },
    }));
  }
}
