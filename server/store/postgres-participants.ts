import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { InvitationRecord, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { NewParticipant, Participant, ParticipantChange, Role } from '../../shared/participants.ts';
import { inTransaction } from './postgres-connection.ts';
import { toLogRecord, type LogRow, type ParticipantLogLine } from './participant-log.ts';
import type { UpdateAuthor } from './store.ts';

interface ParticipantRow { id: string; name: string; role: Role; delegation: string | null; created_at: string; revoked_at: string | null }
interface InvitationRow { id: string; participant_id: string; created_at: string; revoked_at: string | null; last_used_at: string | null }

const now = () => new Date().toISOString();
const toParticipant = (r: ParticipantRow): Participant => ({ id: r.id, name: r.name, role: r.role, delegation: r.delegation });
const toInvitation = (r: InvitationRow): InvitationRecord => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at });

// SQLite's order: bytewise text, absent delegations (officers) first.
const PARTICIPANT_ORDER = 'ORDER BY role COLLATE "C", delegation COLLATE "C" NULLS FIRST, name COLLATE "C"';
const INVITATION_COLUMNS = 'id, participant_id, created_at, revoked_at, last_used_at';

/**
 * Participants, their sign-in links and the participants' log, on PostgreSQL: the same rules as
 * `participant-table.ts`, every change written with its log line in one transaction.
 */
export class PostgresParticipants {
  constructor(private readonly pool: pg.Pool) {}

  /** Writes a line of the participants' log, inside the caller's transaction. */
  private async logged(client: pg.PoolClient, actor: UpdateAuthor, line: ParticipantLogLine): Promise<void> {
    const { participant: p, previous } = line;
    await client.query(
      `INSERT INTO participant_log (at, actor_id, actor_role, action, participant_id, invitation_id, name, role, delegation, previous_name, previous_role, previous_delegation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [now(), actor.participantId, actor.role, line.action, p.id, line.invitationId ?? null, p.name, p.role, p.delegation, previous?.name ?? null, previous?.role ?? null, previous?.delegation ?? null],
    );
  }

  create(input: NewParticipant, actor: UpdateAuthor): Promise<Participant> {
    const row: ParticipantRow = {
      id: randomUUID(), name: input.name, role: input.role, delegation: input.delegation ?? null, created_at: now(), revoked_at: null,
    };
    return inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO participants (id, name, role, delegation, created_at) VALUES ($1, $2, $3, $4, $5)', [row.id, row.name, row.role, row.delegation, row.created_at]);
      await this.logged(client, actor, { action: 'created', participant: toParticipant(row) });
      return toParticipant(row);
    });
  }

  async listLog(): Promise<ParticipantLogRecord[]> {
    const { rows } = await this.pool.query<LogRow>('SELECT * FROM participant_log ORDER BY id');
    return rows.map(toLogRecord);
  }

  async get(id: string): Promise<ParticipantRecord | null> {
    const { rows: [row] } = await this.pool.query<ParticipantRow>('SELECT * FROM participants WHERE id = $1', [id]);
    return row ? (await this.withInvitations([row]))[0]! : null;
  }

  async list(): Promise<ParticipantRecord[]> {
    const { rows } = await this.pool.query<ParticipantRow>(`SELECT * FROM participants ${PARTICIPANT_ORDER}`);
    return this.withInvitations(rows);
  }

  /** The participants as records with their links, read in one query rather than one each. */
  private async withInvitations(rows: ParticipantRow[]): Promise<ParticipantRecord[]> {
    const { rows: invitations } = await this.pool.query<InvitationRow>(
      `SELECT ${INVITATION_COLUMNS} FROM invitations WHERE participant_id = ANY($1) ORDER BY created_at`, [rows.map((r) => r.id)],
    );
    return rows.map((row) => ({
      ...toParticipant(row), createdAt: row.created_at, revokedAt: row.revoked_at,
      invitations: invitations.filter((i) => i.participant_id === row.id).map(toInvitation),
    }));
  }

  update(id: string, change: ParticipantChange, actor: UpdateAuthor): Promise<Participant | null> {
    return inTransaction(this.pool, async (client) => {
      const { rows: [row] } = await client.query<ParticipantRow>('SELECT * FROM participants WHERE id = $1 AND revoked_at IS NULL FOR UPDATE', [id]);
      if (!row) return null;
      const next = { ...row, ...change, delegation: change.delegation === undefined ? row.delegation : change.delegation };
      await client.query('UPDATE participants SET name = $1, role = $2, delegation = $3 WHERE id = $4', [next.name, next.role, next.delegation, id]);
      if (next.role !== row.role || next.delegation !== row.delegation) await client.query('DELETE FROM sessions WHERE participant_id = $1', [id]);
      await this.logged(client, actor, { action: 'changed', participant: toParticipant(next), previous: toParticipant(row) });
      return toParticipant(next);
    });
  }

  revoke(id: string, actor: UpdateAuthor): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const at = now();
      const { rows: [row] } = await client.query<ParticipantRow>('UPDATE participants SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL RETURNING *', [at, id]);
      await client.query('UPDATE invitations SET revoked_at = $1 WHERE participant_id = $2 AND revoked_at IS NULL', [at, id]);
      await client.query('DELETE FROM sessions WHERE participant_id = $1', [id]);
      if (row) await this.logged(client, actor, { action: 'revoked', participant: toParticipant(row) });
      return row !== undefined;
    });
  }

  createInvitation(participantId: string, tokenHash: string, actor: UpdateAuthor): Promise<InvitationRecord> {
    const row: InvitationRow = { id: randomUUID(), participant_id: participantId, created_at: now(), revoked_at: null, last_used_at: null };
    return inTransaction(this.pool, async (client) => {
      await client.query('INSERT INTO invitations (id, participant_id, token_hash, created_at) VALUES ($1, $2, $3, $4)', [row.id, participantId, tokenHash, row.created_at]);
      const { rows: [owner] } = await client.query<ParticipantRow>('SELECT * FROM participants WHERE id = $1', [participantId]);
      if (owner) await this.logged(client, actor, { action: 'link-issued', participant: toParticipant(owner), invitationId: row.id });
      return toInvitation(row);
    });
  }

  /** The live link's participant, marking the link used: one statement, so a revocation is never raced. */
  async redeemInvitation(tokenHash: string): Promise<Participant | null> {
    const { rows: [row] } = await this.pool.query<ParticipantRow>(
      `UPDATE invitations i SET last_used_at = $2 FROM participants p
       WHERE p.id = i.participant_id AND i.token_hash = $1 AND i.revoked_at IS NULL AND p.revoked_at IS NULL
       RETURNING p.*`,
      [tokenHash, now()],
    );
    return row ? toParticipant(row) : null;
  }

  revokeInvitation(id: string, actor: UpdateAuthor): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const changed = ((await client.query('UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [now(), id])).rowCount ?? 0) > 0;
      const { rows: [owner] } = await client.query<ParticipantRow>('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = $1', [id]);
      if (changed && owner) await this.logged(client, actor, { action: 'link-revoked', participant: toParticipant(owner), invitationId: id });
      return changed;
    });
  }

  async invitationParticipant(id: string): Promise<ParticipantRecord | null> {
    const { rows: [owner] } = await this.pool.query<ParticipantRow>('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = $1', [id]);
    return owner ? (await this.withInvitations([owner]))[0]! : null;
  }
}
