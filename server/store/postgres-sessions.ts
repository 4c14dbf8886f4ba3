import type pg from 'pg';
import type { Participant, Role } from '../../shared/participants.ts';
import { inTransaction } from './postgres-connection.ts';
import { sessionLimits, useIsRecorded, type SessionLifetime } from './sessions.ts';

interface ParticipantRow { id: string; name: string; role: Role; delegation: string | null; last_seen_at: string }

/** Sessions on PostgreSQL, with the same lifetime rules as `sessions.ts`. */
export class PostgresSessions {
  constructor(
    private readonly pool: pg.Pool,
    private readonly lifetime: SessionLifetime,
    private readonly now: () => number = Date.now,
  ) {}

  async create(participantId: string, sessionHash: string): Promise<void> {
    const t = this.now();
    const at = new Date(t).toISOString();
    await inTransaction(this.pool, async (client) => {
      // Ended sessions are kept no longer than it takes to sign in again.
      await client.query('DELETE FROM sessions WHERE created_at <= $1 OR last_seen_at <= $2', sessionLimits(t, this.lifetime));
      await client.query('INSERT INTO sessions (session_hash, participant_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)', [sessionHash, participantId, at]);
    });
  }

  /** The participant of a live session, or null if it ended, expired or its participant was revoked. */
  async find(sessionHash: string): Promise<Participant | null> {
    const t = this.now();
    const [createdAfter, seenAfter] = sessionLimits(t, this.lifetime);
    const { rows: [row] } = await this.pool.query<ParticipantRow>(
      `SELECT p.id, p.name, p.role, p.delegation, s.last_seen_at FROM sessions s JOIN participants p ON p.id = s.participant_id
       WHERE s.session_hash = $1 AND p.revoked_at IS NULL AND s.created_at > $2 AND s.last_seen_at > $3`,
      [sessionHash, createdAfter, seenAfter],
    );
    if (!row) return null;
    if (useIsRecorded(t, row.last_seen_at, this.lifetime)) {
      await this.pool.query('UPDATE sessions SET last_seen_at = $1 WHERE session_hash = $2', [new Date(t).toISOString(), sessionHash]);
    }
    return { id: row.id, name: row.name, role: row.role, delegation: row.delegation };
  }

  async delete(sessionHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE session_hash = $1', [sessionHash]);
  }
}
