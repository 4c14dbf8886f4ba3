import { DEFAULT_LIMITS, TokenBucket, type SyncLimits } from './limits.ts';

export type BudgetLimits = Pick<SyncLimits, 'historyBytesPerMinute' | 'historyBurstBytes' | 'judgingMsPerSecond' | 'judgingBurstMs' | 'maxHeldBytesPerParticipant'>;

/** A participant's change let through to be judged: `ready` (null for at once) says when. */
export interface Admission {
  ready: Promise<void> | null;
  /**
   * To be called once the change has been judged, or is dropped (its room closed, its sender
   * gone) whether or not it was let through; more calls do nothing.
   */
  judged: () => void;
}

/** A change held in its line. */
interface Waiting {
  weight: number;
  release: () => void;
}

/** One participant's changes to one room on their way to being judged (see `admit`). */
interface Line {
  participantId: string;
  /** Changes let through and not yet judged. */
  inFlight: number;
  held: Waiting[];
  timer: NodeJS.Timeout | null;
}

/**
 * Changes held in one line are let through together up to this many bytes (one batch of the
 * room judges them one after the other): a delegate's held keystrokes go on at once, a client's
 * dearest changes one or two at a time.
 */
const RELEASE_BYTES = 64 * 1024;
/** Node fires a longer timer at once: a participant owing more time looks again after this. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** What a held change counts for beyond its bytes: the objects that hold it, so that many tiny ones are bounded too. */
const HELD_OVERHEAD_BYTES = 1024;

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
  /** By participant, then room. */
  private readonly lines = new Map<string, Map<string, Line>>();
  /** What each participant has held, over all its lines (see `maxHeldBytesPerParticipant`). */
  private readonly heldBytes = new Map<string, number>();
  /** Each participant's latest judgement, in whatever room: the next waits for it. */
  private readonly turns = new Map<string, Promise<unknown>>();

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
   * Lets a change of `bytes` from the participant to room `roomId` through to be judged. At once
   * if its time is not spent and none of its changes to the room is held or on its way; else it
   * is held until those before it in the room are judged and its time is repaid, so that each
   * change reads the budget the ones before left and the room's changes keep their order, while
   * nothing of the participant's waits for another room. A string says why it is refused
   * instead: more held than `maxHeldBytesPerParticipant` (a client that sends on without
   * waiting). The refusal is answered at once, ahead of the held changes' verdicts: the
   * connection that sent it is closed with it, so no verdict after it is awaited.
   */
  admit(participantId: string, roomId: string, bytes: number): Admission | string {
    const time = this.timeOf(participantId);
    const line = this.lineOf(participantId, roomId);
    const letThrough = () => {
      line.inFlight++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        line.inFlight--;
        this.pump(line, roomId);
      };
    };
    if (line.inFlight === 0 && line.held.length === 0 && time.available() > 0) return { ready: null, judged: letThrough() };
    const weight = bytes + HELD_OVERHEAD_BYTES;
    const heldBytes = this.heldBytes.get(participantId) ?? 0;
    if (heldBytes + weight > this.limits.maxHeldBytesPerParticipant) {
      this.pump(line, roomId);
      return `your changes are taking the server too long to check; wait ${Math.max(1, Math.ceil(time.msUntil(1) / 1000))} s and try again`;
    }
    this.heldBytes.set(participantId, heldBytes + weight);
    let resolveReady!: () => void;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    let judged: (() => void) | null = null;
    let dropped = false;
    const waiting: Waiting = {
      weight,
      release: () => {
        judged = letThrough();
        resolveReady();
      },
    };
    line.held.push(waiting);
    this.pump(line, roomId);
    return {
      ready,
      judged: () => {
        if (judged) return judged();
        if (dropped) return;
        // Dropped while still held: out of the line, its bytes no longer held.
        dropped = true;
        const at = line.held.indexOf(waiting);
        if (at >= 0) {
          line.held.splice(at, 1);
          this.unhold(participantId, weight);
        }
        this.pump(line, roomId);
      },
    };
  }

  /**
   * Lets the line's held changes through, together up to `RELEASE_BYTES`, once those before them
   * are judged and the participant's time is repaid; else looks again when it will be.
   */
  private pump(line: Line, roomId: string): void {
    if (line.timer !== null) return;
    if (line.inFlight > 0) return;
    if (line.held.length === 0) return this.forget(line, roomId);
    const time = this.timeOf(line.participantId);
    if (time.available() <= 0) {
      line.timer = setTimeout(() => {
        line.timer = null;
        this.pump(line, roomId);
      }, Math.min(MAX_TIMER_MS, Math.max(1, time.msUntil(1))));
      // A held change keeps no process alive: its connection does.
      line.timer.unref();
      return;
    }
    let bytes = 0;
    const group: Waiting[] = [];
    while (line.held.length > 0 && (group.length === 0 || bytes + line.held[0]!.weight <= RELEASE_BYTES)) {
      const next = line.held.shift()!;
      bytes += next.weight;
      group.push(next);
    }
    for (const waiting of group) {
      this.unhold(line.participantId, waiting.weight);
      waiting.release();
    }
  }

  private lineOf(participantId: string, roomId: string): Line {
    let rooms = this.lines.get(participantId);
    if (!rooms) this.lines.set(participantId, (rooms = new Map()));
    let line = rooms.get(roomId);
    if (!line) rooms.set(roomId, (line = { participantId, inFlight: 0, held: [], timer: null }));
    return line;
  }

  /** An empty line is forgotten, so that lines are only as many as changes on their way. */
  private forget(line: Line, roomId: string): void {
    if (line.inFlight > 0 || line.held.length > 0 || line.timer !== null) return;
    const rooms = this.lines.get(line.participantId);
    if (rooms?.get(roomId) !== line) return;
    rooms.delete(roomId);
    if (rooms.size === 0) this.lines.delete(line.participantId);
  }

  private unhold(participantId: string, weight: number): void {
    const left = (this.heldBytes.get(participantId) ?? 0) - weight;
    if (left > 0) this.heldBytes.set(participantId, left);
    else this.heldBytes.delete(participantId);
  }

  /**
   * Runs `judge` after the participant's judgements already under way in other rooms, so that
   * each reads the time budget as the last one left it: with every room judging on a thread of
   * its own, twelve rooms could otherwise each find it unspent and judge the participant's
   * dearest changes at once.
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
