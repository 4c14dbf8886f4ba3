import { DEFAULT_LIMITS, TokenBucket, type SyncLimits } from './limits.ts';

export type BudgetLimits = Pick<SyncLimits, 'historyBytesPerMinute' | 'historyBurstBytes' | 'judgingMsPerSecond' | 'judgingBurstMs'>;

/**
 * What each participant may still cost the server, across all its connections and documents:
 * history added (bytes a minute) and time spent judging its changes (milliseconds a second).
 * Kept for the server's life, not a room's or a connection's, so that leaving and coming back
 * refills nothing. One bucket pair per participant who ever sent a change: a few hundred.
 */
export class ParticipantBudgets {
  private readonly history = new Map<string, TokenBucket>();
  private readonly judging = new Map<string, TokenBucket>();
  /** Each participant's latest judgement, in whatever room: the next waits for it. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(private readonly limits: BudgetLimits = DEFAULT_LIMITS) {}

  historyOf(participantId: string): TokenBucket {
    let bucket = this.history.get(participantId);
    if (!bucket) this.history.set(participantId, (bucket = new TokenBucket(this.limits.historyBytesPerMinute / 60, this.limits.historyBurstBytes)));
    return bucket;
  }

  judgingOf(participantId: string): TokenBucket {
    let bucket = this.judging.get(participantId);
    if (!bucket) this.judging.set(participantId, (bucket = new TokenBucket(this.limits.judgingMsPerSecond, this.limits.judgingBurstMs)));
    return bucket;
  }

  /**
   * Runs `judge` after the participant's judgements already under way, so that each reads the
   * budgets as the last one left them: with every room judging on a thread of its own, twelve
   * rooms could otherwise each find the budget unspent and judge the participant's dearest changes
   * at once.
   */
  inTurn<T>(participantId: string, judge: () => Promise<T>): Promise<T> {
    const before = this.turns.get(participantId) ?? Promise.resolve();
    const mine = before.then(judge, judge);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(participantId, settled);
    void settled.then(() => {
      if (this.turns.get(participantId) === settled) this.turns.delete(participantId);
    });
    return mine;
  }

  /** Why a change of `bytes` from this participant may not be judged now, or null. */
  refusal(participantId: string, bytes: number): string | null {
    const judging = this.judgingOf(participantId);
    if (judging.available() <= 0) {
      return `your changes are taking the server too long to check; wait ${Math.ceil(judging.msUntil(1) / 1000)} s and try again`;
    }
    const history = this.historyOf(participantId);
    if (!history.peek(Math.min(bytes, this.limits.historyBurstBytes))) {
      const perMinute = (this.limits.historyBytesPerMinute / (1024 * 1024)).toFixed(1);
      return `you have added more to the documents\u2019 history in the last minute than one participant may (${perMinute} MB a minute); wait a minute and try again`;
    }
    return null;
  }
}
