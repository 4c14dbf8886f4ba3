/**
 * What one connection and one participant may ask of the server. Past a limit the offending
 * connection is closed (or the request refused); the document, the store and other rooms are
 * untouched.
 */
export interface SyncLimits {
  /** Largest message read from a socket; a larger one is refused. */
  maxMessageBytes: number;
  /** Most Yjs structs (runs of inserted content) one update may add. */
  maxStructsPerUpdate: number;
  /** Messages per second a connection may send, sustained, and in a burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** The same across all connections of one participant. */
  participantMessagesPerSecond: number;
  participantMessageBurst: number;
  /**
   * A client whose queued bytes stay above this for `slowConsumerGraceMs` is dropped. The grace
   * lets a large first sync of a long document drain before anything counts as stalled.
   */
  maxBufferedBytes: number;
  slowConsumerGraceMs: number;
  maxConnectionsPerParticipant: number;
  maxDocumentsPerParticipant: number;
  /** How often open sockets are checked against revoked sessions and changed roles. */
  sessionCheckMs: number;
  /** After this many stored updates a room writes a snapshot, so loading stays fast. */
  compactEvery: number;
  /**
   * Every open socket is pinged this often (a WebSocket ping frame: browsers answer it
   * themselves, even from a throttled background tab), and dropped once nothing — no pong, no
   * message — has come from it for `heartbeatTimeoutMs`. A link that died silently never
   * delivers a close: without this its socket would keep its room loaded, hold its delegation's
   * presence and count against its participant's connections for as long as TCP cares to wait.
   */
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
}

export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxStructsPerUpdate: 20_000,
  messagesPerSecond: 60,
  messageBurst: 240,
  participantMessagesPerSecond: 150,
  participantMessageBurst: 600,
  maxBufferedBytes: 16 * 1024 * 1024,
  slowConsumerGraceMs: 10_000,
  maxConnectionsPerParticipant: 16,
  maxDocumentsPerParticipant: 12,
  sessionCheckMs: 2_000,
  compactEvery: 500,
  heartbeatIntervalMs: 5_000,
  heartbeatTimeoutMs: 15_000,
};

/** A token bucket: `rate` tokens a second, at most `burst` saved up. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Whether a token is available, without taking it. */
  peek(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    return this.tokens >= 1;
  }

  take(): boolean {
    if (!this.peek()) return false;
    this.tokens -= 1;
    return true;
  }
}
