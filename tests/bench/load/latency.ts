import * as Y from 'yjs';

/** Delays are counted in buckets this wide (ms), up to `MAX_MS`; slower ones share the last. */
const BUCKET_MS = 0.05;
const MAX_MS = 60_000;

/**
 * The clock send and arrival times are read on, in ms. Receivers run in other processes than
 * the typists (see reader-process.ts), so it must be one clock for all of them: `hrtime` is
 * Linux's CLOCK_MONOTONIC, the same counter in every process on the machine. `performance.now()`
 * counts from each process's own start, and `performance.timeOrigin` is sampled from the wall
 * clock once per process, so two processes' sums can disagree by that sampling error or by a
 * clock step between their starts.
 */
export function sharedClockMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Calls `arrived` for every Yjs id (client, clock) a remote update on `doc` inserts, with the
 * time it was applied (`sharedClockMs`). Used in process by the typists and in the reader
 * processes, so both read updates the same way.
 */
export function watchArrivals(doc: Y.Doc, remoteOrigin: unknown, arrived: (client: number, clock: number, at: number) => void): void {
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== remoteOrigin) return;
    const now = sharedClockMs();
    const { from, to } = Y.parseUpdateMeta(update);
    for (const [client, start] of from) {
      const end = to.get(client) ?? start;
      for (let clock = start; clock < end; clock++) arrived(client, clock, now);
    }
  });
}

/**
 * Send times of the measured keystrokes and the delays receivers observe.
 *
 * An update is identified by the Yjs id of what it inserts (client id, clock), which every
 * receiver reads from the update it gets (`Y.parseUpdateMeta`). The send time is looked up by
 * that id rather than written into the document: embedding a timestamp would make each
 * keystroke type 13 characters, and a side map entry is something a delegation may not write in
 * Accord — either would make the three servers carry something other than one typed character.
 * Receivers in this process are watched directly (`watch`); those in reader processes send
 * their arrivals in batches (`arrivedBatch`), timed on the same clock (`sharedClockMs`).
 * Arrivals of ids that are not measured keystrokes (e.g. a typist opening its amendment) are
 * ignored.
 *
 * Delays go into a histogram (0.05 ms buckets), so a 30-minute soak costs no more memory than
 * a short run.
 */
export class LatencyRecorder {
  /** Send time by client id, then clock: no string key to build for each of the many arrivals. */
  private readonly sent = new Map<number, Map<number, number>>();
  private readonly histogram = new Uint32Array(Math.ceil(MAX_MS / BUCKET_MS) + 1);
  private worst = 0;
  expected = 0;
  received = 0;
  /** How late each keystroke was sent against its schedule: large values mean the harness lagged. */
  readonly sendLag: number[] = [];

  /**
   * A keystroke just typed (its update already sent) at `at` (`sharedClockMs`), `lagMs` behind
   * its schedule, to be seen by `receivers` others.
   */
  sentKeystroke(id: { client: number; clock: number }, at: number, lagMs: number, receivers: number): void {
    let clocks = this.sent.get(id.client);
    if (!clocks) this.sent.set(id.client, (clocks = new Map()));
    clocks.set(id.clock, at);
    if (this.sendLag.length < 1_000_000) this.sendLag.push(lagMs);
    this.expected += receivers;
  }

  /** Watches a receiver's document in this process: every remote update carrying a measured keystroke is a sample. */
  watch(doc: Y.Doc, remoteOrigin: unknown): void {
    watchArrivals(doc, remoteOrigin, (client, clock, at) => this.arrived(client, clock, at));
  }

  /** Arrivals seen in a reader process: (client, clock, at) triples, `at` on `sharedClockMs`. */
  arrivedBatch(triples: Float64Array): void {
    for (let i = 0; i + 2 < triples.length; i += 3) this.arrived(triples[i]!, triples[i + 1]!, triples[i + 2]!);
  }

  private arrived(client: number, clock: number, at: number): void {
    const sentAt = this.sent.get(client)?.get(clock);
    if (sentAt !== undefined) this.record(at - sentAt);
  }

  private record(delay: number): void {
    this.histogram[Math.max(0, Math.min(this.histogram.length - 1, Math.floor(delay / BUCKET_MS)))]!++;
    this.worst = Math.max(this.worst, delay);
    this.received++;
  }

  /** The delay below which a share `q` of the deliveries arrived (bucket upper edge), ms. */
  percentile(q: number): number {
    if (this.received === 0) return Number.NaN;
    const rank = Math.ceil(q * this.received);
    let seen = 0;
    for (let i = 0; i < this.histogram.length; i++) {
      seen += this.histogram[i]!;
      if (seen >= rank) return Math.min((i + 1) * BUCKET_MS, this.worst);
    }
    return this.worst;
  }

  max(): number {
    return this.worst;
  }
}
