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
  /**
   * Most Yjs client ids one connection may write under. A browser's copy of the document has
   * one (Yjs picks a new one only on a clash); every id the room has seen is kept and sent to
   * everyone forever, so an update merging thousands of fresh ids made every later step dearer.
   */
  maxClientsPerConnection: number;
  /**
   * Most formatting boundaries (marks begun or ended) one update may write. A client coming back
   * from minutes offline sends its whole backlog as one update: 2,000 refused one in CI. Judging
   * is linear in them (6,000 took 0.6 s on a 2-core machine; twice the paragraph bound below, as
   * an update may span paragraphs).
   */
  maxFormatsPerUpdate: number;
  /**
   * Most formatting boundaries one paragraph may hold, history included: Yjs walks them all on
   * every keystroke there (20,000 made each cost ~150 ms).
   */
  maxFormatsPerParagraph: number;
  /** Most items (runs of text, marks, deleted ones included) one paragraph's text may hold. */
  maxStructsPerParagraph: number;
  /**
   * History one participant may add to the documents, in encoded bytes: a minute's allowance,
   * and what may be spent at once (at least one message of `maxMessageBytes`). Kept for the
   * server's life, not the room's: leaving and coming back refills nothing.
   */
  historyBytesPerMinute: number;
  historyBurstBytes: number;
  /**
   * Largest encoded size (text and history) a document may reach through participants'
   * changes; past it their changes are refused. The Chair's decisions still go through.
   */
  maxDocumentBytes: number;
  /**
   * Most history one participant may add to one document, in stored bytes: so that no single
   * participant can fill a document up to `maxDocumentBytes` for everyone.
   */
  maxParticipantHistoryBytes: number;
  /**
   * Time the server may spend on one participant's changes (judging them on the room's thread,
   * decoding and applying them on the main one): milliseconds per second, and what may be spent
   * at once. Past it the participant's next changes are held, not refused, until the time is
   * repaid. One update judged for over `maxJudgingMsPerUpdate` is refused outright.
   */
  judgingMsPerSecond: number;
  judgingBurstMs: number;
  /**
   * Most bytes of one participant's changes held waiting for its time to be repaid; past it its
   * changes are refused (a client that sends on without waiting). At least one message's worth.
   */
  maxHeldBytesPerParticipant: number;
  maxJudgingMsPerUpdate: number;
  /** Largest presence state (caret and name) a client may send, in JSON characters. */
  maxPresenceStateChars: number;
  /** Presence changes a connection may send per second, sustained and in a burst; past it they are held back and only the latest is relayed. */
  presencePerSecond: number;
  presenceBurst: number;
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
  maxClientsPerConnection: 4,
  maxFormatsPerUpdate: 8_000,
  maxFormatsPerParagraph: 4_000,
  maxStructsPerParagraph: 20_000,
  historyBytesPerMinute: 2 * 1024 * 1024,
  historyBurstBytes: 4 * 1024 * 1024,
  maxDocumentBytes: 32 * 1024 * 1024,
  maxParticipantHistoryBytes: 16 * 1024 * 1024,
  // A tenth of a core for each participant, a quarter of a second of it at once. A delegate's
  // typing costs the server a few milliseconds a second; past this it is held, not refused, so
  // the margins can be narrow. Workload 7's attacker (the dearest changes it may send, as fast as
  // they are answered) cost the typists of another room ×25 their p99 with 100 s a second and
  // 100 s at once; held to this, ×0.99–×1.36 (medians of three sets, README → Performance, 2 cores).
  judgingMsPerSecond: 100,
  judgingBurstMs: 250,
  maxHeldBytesPerParticipant: 4 * 1024 * 1024,
  maxJudgingMsPerUpdate: 10_000,
  maxPresenceStateChars: 2_048,
  presencePerSecond: 20,
  presenceBurst: 40,
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

  /** Tokens available now (negative after a `charge` beyond them). */
  available(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    return this.tokens;
  }

  /** Whether `amount` tokens are available, without taking them. */
  peek(amount = 1): boolean {
    return this.available() >= amount;
  }

  take(amount = 1): boolean {
    if (!this.peek(amount)) return false;
    this.tokens -= amount;
    return true;
  }

  /** Takes what was spent whether or not it was there (a cost known only afterwards). */
  charge(amount: number): void {
    this.available();
    this.tokens -= amount;
  }

  /** Milliseconds until `amount` tokens are available again. */
  msUntil(amount = 1): number {
    return Math.max(0, ((amount - this.available()) / this.rate) * 1000);
  }
}
