import * as Y from 'yjs';

/** Delays are counted in buckets this wide (ms), up to `MAX_MS`; slower ones share the last. */
const BUCKET_MS = 0.05;
const MAX_MS = 60_000;

/**
 * Send times of the measured keystrokes and the delays receivers observe.
 *
 * An update is identified by the Yjs id of what it inserts (client id, clock), which every
 * receiver reads from the update it gets (`parseUpdateMeta`). Typists and receivers share one
 * process and one monotonic clock, so the send time is looked up by that id rather than written
 * into the document: embedding a timestamp would make each keystroke type 13 characters, and
 * a side map entry is something a delegation may not write in Accord — either would make the
 * three servers carry something other than one typed character.
 *
 * Delays go into a histogram (0.05 ms buckets), so a 30-minute soak costs no more memory than
 * a short run.
 */
export class LatencyRecorder {
  private readonly sent = new Map<string, number>();
  private readonly histogram = new Uint32Array(Math.ceil(MAX_MS / BUCKET_MS) + 1);
  private worst = 0;
  expected = 0;
  received = 0;
  /** How late each keystroke was sent against its schedule: large values mean the harness lagged. */
  readonly sendLag: number[] = [];

  /** A keystroke just typed (its update already sent), to be seen by `receivers` others. */
  sentKeystroke(id: { client: number; clock: number }, at: number, scheduledAt: number, receivers: number): void {
    this.sent.set(`${id.client}:${id.clock}`, at);
    if (this.sendLag.length < 1_000_000) this.sendLag.push(at - scheduledAt);
    this.expected += receivers;
  }

  /** Watches a receiver's document: every remote update carrying a measured keystroke is a sample. */
  watch(doc: Y.Doc, remoteOrigin: unknown): void {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== remoteOrigin) return;
      const now = performance.now();
      const { from, to } = Y.parseUpdateMeta(update);
      for (const [client, start] of from) {
        const end = to.get(client) ?? start;
        for (let clock = start; clock < end; clock++) {
          const at = this.sent.get(`${client}:${clock}`);
          if (at !== undefined) this.record(now - at);
        }
      }
    });
  }

  private record(delay: number): void {
    this.histogram[Math.min(this.histogram.length - 1, Math.floor(delay / BUCKET_MS))]!++;
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
