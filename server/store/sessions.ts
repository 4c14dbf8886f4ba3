import type Database from 'better-sqlite3';
import type { Participant, Role } from '../../shared/participants.ts';

/** How long a session lasts: ended by the server, whatever the browser keeps. */
export interface SessionLifetime {
  /** Unused for this long (no request, no open socket), it ends. */
  idleMs: number;
  /** However much used, it ends this long after sign-in; the link signs in again. */
  maxMs: number;
}

const HOUR = 60 * 60 * 1000;
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMs: 24 * HOUR, maxMs: 7 * 24 * HOUR };

interface ParticipantRow { id: string; name: string; role: Role; delegation: string | null; last_seen_at: string }

/** The oldest sign-in and the oldest last use a live session may have at time `t`, as stored (ISO). */
export function sessionLimits(t: number, lifetime: SessionLifetime): [createdAfter: string, seenAfter: string] {
  return [new Date(t - lifetime.maxMs).toISOString(), new Date(t - lifetime.idleMs).toISOString()];
}

/**
 * Whether a use at `t` is recorded: at most once a minute (a write per request would cost a
 * disk flush each), more often only for idle limits so short that a minute would matter.
 */
export function useIsRecorded(t: number, lastSeenAt: string, lifetime: SessionLifetime): boolean {
  return t - Date.parse(lastSeenAt) > Math.min(60_000, lifetime.idleMs / 10);
}

/**
 * Sessions, each a hash of the cookie's random value, checked on every use against both limits.
 * A use is recorded at most once a minute (a write per request would cost a disk flush each);
 * the check of open sockets counts as use, so a participant with the document open stays in.
 */
export class Sessions {
  private readonly select: Database.Statement;
  private readonly touch: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly lifetime: SessionLifetime,
    private readonly now: () => number = Date.now,
  ) {
    // Prepared once: every request reads its session.
    this.select = db.prepare(
      `SELECT p.id, p.name, p.role, p.delegation, s.last_seen_at FROM sessions s JOIN participants p ON p.id = s.participant_id
       WHERE s.session_hash = ? AND p.revoked_at IS NULL AND s.created_at > ? AND s.last_seen_at > ?`,
    );
    this.touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE session_hash = ?');
  }

  create(participantId: string, sessionHash: string): void {
    const t = this.now();
    const at = new Date(t).toISOString();
    this.db.transaction(() => {
      // Ended sessions are kept no longer than it takes to sign in again.
      this.db.prepare('DELETE FROM sessions WHERE created_at <= ? OR last_seen_at <= ?').run(...this.limits(t));
      this.db.prepare('INSERT INTO sessions (session_hash, participant_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(sessionHash, participantId, at, at);
    }).immediate();
  }

  /** The participant of a live session, or null if it ended, expired or its participant was revoked. */
  find(sessionHash: string): Participant | null {
    const t = this.now();
    const [createdAfter, seenAfter] = this.limits(t);
    const row = this.select.get(sessionHash, createdAfter, seenAfter) as ParticipantRow | undefined;
    if (!row) return null;
    if (useIsRecorded(t, row.last_seen_at, this.lifetime)) this.touch.run(new Date(t).toISOString(), sessionHash);
    return { id: row.id, name: row.name, role: row.role, delegation: row.delegation };
  }

  delete(sessionHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE session_hash = ?').run(sessionHash);
  }

  private limits(t: number): [string, string] {
    return sessionLimits(t, this.lifetime);
  }
}
