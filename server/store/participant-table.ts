import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { InvitationRecord, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { NewParticipant, Participant, ParticipantChange, Role } from '../../shared/participants.ts';
import { ParticipantLog, type ParticipantLogLine } from './participant-log.ts';
import { SYSTEM_AUTHOR, type UpdateAuthor } from './store.ts';

interface ParticipantRow { id: string; name: string; role: Role; delegation: string | null; created_at: string; revoked_at: string | null }
interface InvitationRow { id: string; participant_id: string; created_at: string; revoked_at: string | null; last_used_at: string | null }

const now = () => new Date().toISOString();
const toParticipant = (r: ParticipantRow): Participant => ({ id: r.id, name: r.name, role: r.role, delegation: r.delegation });
const toInvitation = (r: InvitationRow): InvitationRecord => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at });

/**
 * Participants and their sign-in links, on the store's main connection. Every change is written
 * with its line in the participants' log, in one transaction (`writing`, the store's own).
 */
export class ParticipantTable {
  private readonly log: ParticipantLog;
  /** Prepared once: compiling a statement costs more than running most of these. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly writing: <T>(work: () => T) => T,
  ) {
    this.log = new ParticipantLog(db);
  }

  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement;
  }

  /** Writes a line of the participants' log, inside the caller's transaction. */
  private logged(actor: UpdateAuthor, line: ParticipantLogLine): void {
    this.log.record(actor, line, now());
  }

  create(input: NewParticipant, actor = SYSTEM_AUTHOR): Participant {
    const row: ParticipantRow = {
      id: randomUUID(), name: input.name, role: input.role, delegation: input.delegation ?? null, created_at: now(), revoked_at: null,
    };
    return this.writing(() => {
      this.sql('INSERT INTO participants VALUES (@id, @name, @role, @delegation, @created_at, @revoked_at)').run(row);
      this.logged(actor, { action: 'created', participant: toParticipant(row) });
      return toParticipant(row);
    });
  }

  listLog(): ParticipantLogRecord[] {
    return this.log.list();
  }

  get(id: string): ParticipantRecord | null {
    const row = this.sql('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  list(): ParticipantRecord[] {
    const rows = this.sql('SELECT * FROM participants ORDER BY role, delegation, name').all() as ParticipantRow[];
    return rows.map((r) => this.toRecord(r));
  }

  private toRecord(row: ParticipantRow): ParticipantRecord {
    const invitations = this.sql('SELECT * FROM invitations WHERE participant_id = ? ORDER BY created_at').all(row.id) as InvitationRow[];
    return { ...toParticipant(row), createdAt: row.created_at, revokedAt: row.revoked_at, invitations: invitations.map(toInvitation) };
  }

  update(id: string, change: ParticipantChange, actor = SYSTEM_AUTHOR): Participant | null {
    return this.writing(() => {
      const row = this.sql('SELECT * FROM participants WHERE id = ? AND revoked_at IS NULL').get(id) as ParticipantRow | undefined;
      if (!row) return null;
      const next = { ...row, ...change, delegation: change.delegation === undefined ? row.delegation : change.delegation };
      this.sql('UPDATE participants SET name = ?, role = ?, delegation = ? WHERE id = ?').run(next.name, next.role, next.delegation, id);
      if (next.role !== row.role || next.delegation !== row.delegation) this.sql('DELETE FROM sessions WHERE participant_id = ?').run(id);
      this.logged(actor, { action: 'changed', participant: toParticipant(next), previous: toParticipant(row) });
      return toParticipant(next);
    });
  }

  revoke(id: string, actor = SYSTEM_AUTHOR): boolean {
    return this.writing(() => {
      const at = now();
      const changed = this.sql('UPDATE participants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes;
      this.sql('UPDATE invitations SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL').run(at, id);
      this.sql('DELETE FROM sessions WHERE participant_id = ?').run(id);
      const row = this.sql('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
      if (changed > 0 && row) this.logged(actor, { action: 'revoked', participant: toParticipant(row) });
      return changed > 0;
    });
  }

  createInvitation(participantId: string, tokenHash: string, actor = SYSTEM_AUTHOR): InvitationRecord {
    const row: InvitationRow = { id: randomUUID(), participant_id: participantId, created_at: now(), revoked_at: null, last_used_at: null };
    return this.writing(() => {
      this.sql('INSERT INTO invitations (id, participant_id, token_hash, created_at) VALUES (?, ?, ?, ?)').run(row.id, participantId, tokenHash, row.created_at);
      const owner = this.sql('SELECT * FROM participants WHERE id = ?').get(participantId) as ParticipantRow | undefined;
      if (owner) this.logged(actor, { action: 'link-issued', participant: toParticipant(owner), invitationId: row.id });
      return toInvitation(row);
    });
  }

  redeemInvitation(tokenHash: string): Participant | null {
    const row = this.sql(
      `SELECT p.*, i.id AS invitation_id FROM invitations i JOIN participants p ON p.id = i.participant_id
       WHERE i.token_hash = ? AND i.revoked_at IS NULL AND p.revoked_at IS NULL`,
    ).get(tokenHash) as (ParticipantRow & { invitation_id: string }) | undefined;
    if (!row) return null;
    this.sql('UPDATE invitations SET last_used_at = ? WHERE id = ?').run(now(), row.invitation_id);
    return toParticipant(row);
  }

  revokeInvitation(id: string, actor = SYSTEM_AUTHOR): boolean {
    return this.writing(() => {
      const changed = this.sql('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0;
      const owner = this.sql('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = ?').get(id) as ParticipantRow | undefined;
      if (changed && owner) this.logged(actor, { action: 'link-revoked', participant: toParticipant(owner), invitationId: id });
      return changed;
    });
  }

  invitationParticipant(id: string): ParticipantRecord | null {
    const owner = this.sql('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = ?').get(id) as ParticipantRow | undefined;
    return owner ? this.toRecord(owner) : null;
  }
}
