import { DEFAULT_LIMITS, TokenBucket, type SyncLimits } from './limits.ts';

export type BudgetLimits = Pick<SyncLimits, 'historyBytesPerMinute' | 'historyBurstBytes' | 'judgingMsPerSecond' | 'judgingBurstMs' | 'maxHeldBytesPerParticipant'>;

/** A participant's change let through to be judged: `ready` (null for at once) says when; `judged` lets its next one go. */
export interface Admission {
  ready: Promise<void> | null;
  /** To be called once the change has been judged or dropped; more calls do nothing. */
  judged: () => void;
}

/** A participant's changes on their way to being judged (see `admit`). */
interface Line {
  /** Resolves once the last change admitted so far has been judged. */
  last: Promise<void>;
  /** Bytes of its changes held, not yet let through. */
  heldBytes: number;
}

/**
 * What each participant may still cost the server, across all its connections and documents:
 * history added (bytes a minute) and the server's time spent on its changes (judging them on a
 * room's thread, decoding and applying them on the main one; milliseconds a second). Kept for
 * the server's life, not a room's or a connection's, so that leaving and coming back refills
 * nothing. One bucket pair per participant who ever sent a change: a few hundred.
 *
 * Past its history budget a change is refused. Past its time budget it is *held* until the
 * time is repaid (`admit`): refusing would cost the participant its typing, and it is the hold
 * that keeps one participant's dearest changes from taking a core from everyone else (issue 13,
 * workload 7 of the benchmark), whatever those changes are.
 */
export class ParticipantBudgets {
  private readonly history = new Map<string, TokenBucket>();
  private readonly time = new Map<string, TokenBucket>();
  private readonly lines = new Map<string, Line>();

  constructor(private readonly limits: BudgetLimits = DEFAULT_LIMITS) {}

  historyOf(participantId: string): TokenBucket {
    let bucket = this.history.get(participantId);
    if (!bucket) this.history.set(participantId, (bucket = new TokenBucket(this.limits.historyBytesPerMinute / 60, this.limits.historyBurstBytes)));
    return bucket;
  }

  timeOf(participantId: string): TokenBucket {
    let bucket = this.time.get(participantId);
    if (!bucket) this.time.set(participantId, (bucket = new TokenBucket(this.limits.judgingMsPerSecond, this.limits.judgingBurstMs)));
    return bucket;
  }

  /**
   * Lets a change of `bytes` from the participant through to be judged: at once if none of its
   * changes is on its way and its time is not spent; else once the one before it (in whatever
   * room) has been judged and its time repaid, so that each change reads the budget the one
   * before left, changes go on in the order they came, and at most one of a participant's
   * changes is being judged anywhere. A string says why it is refused instead: more held than
   * `maxHeldBytesPerParticipant`, from a client that sends on without waiting.
   */
  admit(participantId: string, bytes: number): Admission | string {
    const time = this.timeOf(participantId);
    const line = this.lines.get(participantId);
    if (line && line.heldBytes + bytes > this.limits.maxHeldBytesPerParticipant) {
      return `your changes are taking the server too long to check; wait ${Math.max(1, Math.ceil(time.msUntil(1) / 1000))} s and try again`;
    }
    let judged!: () => void;
    const done = new Promise<void>((resolve) => (judged = resolve));
    const entry: Line = line ?? { last: Promise.resolve(), heldBytes: 0 };
    let ready: Promise<void> | null = null;
    if (line || time.available() <= 0) {
      entry.heldBytes += bytes;
      ready = entry.last.then(() => repaid(time)).then(() => {
        entry.heldBytes -= bytes;
      });
    }
    const last = (ready ?? Promise.resolve()).then(() => done);
    entry.last = last;
    this.lines.set(participantId, entry);
    void last.then(() => {
      if (entry.last === last && this.lines.get(participantId) === entry) this.lines.delete(participantId);
    });
    return { ready, judged };
  }

  /** Why a change of `bytes` from this participant may not be judged (its history budget is spent), or null. */
  refusal(participantId: string, bytes: number): string | null {
    const history = this.historyOf(participantId);
    if (!history.peek(Math.min(bytes, this.limits.historyBurstBytes))) {
      const perMinute = (this.limits.historyBytesPerMinute / (1024 * 1024)).toFixed(1);
      return `you have added more to the documents\u2019 history in the last minute than one participant may (${perMinute} MB a minute); wait a minute and try again`;
    }
    return null;
  }
}

/**
 * Resolves once the bucket holds time again; read anew after each wait, as a change judged
 * meanwhile (a decision's, say) may have been charged.
 */
async function repaid(bucket: TokenBucket): Promise<void> {
  while (bucket.available() <= 0) await new Promise((resolve) => setTimeout(resolve, Math.max(1, bucket.msUntil(1))));
}
