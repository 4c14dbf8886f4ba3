import { readFileSync } from 'node:fs';
import { clientAddress, closeClient, docWith, newTrouble, openClient, type LoadClient } from './clients.ts';
import { watchHarness, type HarnessLoad } from './harness-watch.ts';
import { watchArrivals } from './latency.ts';
import { readerCommandSchema, type ReaderCommand, type ReaderMessage } from './reader-ipc.ts';
import { warmUp } from './warm-up.ts';

/**
 * A reader process: some of a typing workload's receiving clients, so that no one harness
 * process applies every update of 200 clients (it would be the bottleneck, and the latency
 * measured its own). Started by readers.ts; it opens its clients as the main process used to,
 * then records when each keystroke arrives (Yjs id and `sharedClockMs`) and sends the arrivals
 * to the harness in batches, which turns them into delays: the send times stay in the harness.
 */
// If the harness dies, its readers go with it.
process.on('disconnect', () => process.exit(0));
process.setMaxListeners(0); // each y-websocket provider listens for process exit

/**
 * Arrivals not yet sent, as (client, clock, at) triples in a buffer that grows when needed and
 * is reused after each batch: a reader's memory stays flat however long the run.
 */
class ArrivalBuffer {
  private data: Float64Array<ArrayBuffer> = new Float64Array(3 * 4096);
  private length = 0;

  push(client: number, clock: number, at: number): void {
    if (this.length + 3 > this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = client;
    this.data[this.length++] = clock;
    this.data[this.length++] = at;
  }

  /** The arrivals so far, copied (the message carries only them, not the whole buffer); empties the buffer. */
  take(): Float64Array<ArrayBuffer> | null {
    if (this.length === 0) return null;
    const batch = this.data.slice(0, this.length);
    this.length = 0;
    return batch;
  }
}

/**
 * How often arrivals go to the harness. Often enough that its wait for the last deliveries ends
 * soon after they arrive (the measured window, over which CPU shares are taken, ends there);
 * rare enough that a batch costs nothing next to applying the updates it records (~1,000
 * triples in workload 3).
 */
const FLUSH_MS = 50;

const send = (message: ReaderMessage) => process.send?.(message);
const trouble = newTrouble();
const arrivals = new ArrivalBuffer();
const clients: LoadClient[] = [];
let recording = false;
let measured: { stop(): HarnessLoad } | null = null;
let flusher: NodeJS.Timeout | null = null;

function flush(): void {
  const triples = arrivals.take();
  if (triples) send({ type: 'arrivals', triples });
}

async function open(command: Extract<ReaderCommand, { type: 'open' }>): Promise<void> {
  const fixture = new Uint8Array(readFileSync(command.fixtureFile));
  // About what each reader applies in its first second; 0.1–0.2 s, before any client joins.
  warmUp(fixture, 3000);
  // A few at a time, as the main process did: joining all at once is workload 4's subject.
  for (let i = 0; i < command.clients; i += command.batch) {
    const batch: LoadClient[] = [];
    for (let j = i; j < Math.min(command.clients, i + command.batch); j++) {
      const client = openClient(clientAddress(command.server, command.firstIndex + j), docWith(fixture), { cookie: command.cookies[j], trouble });
      watchArrivals(client.doc, client.provider, (clientId, clock, at) => {
        if (recording) arrivals.push(clientId, clock, at);
      });
      batch.push(client);
    }
    await Promise.all(batch.map((c) => c.synced));
    clients.push(...batch);
  }
}

process.on('message', (raw) => {
  const command = readerCommandSchema.parse(raw);
  switch (command.type) {
    case 'open':
      open(command).then(
        () => send({ type: 'ready' }),
        (error: unknown) => {
          // Exit only once the message is out: process.send is asynchronous.
          const message: ReaderMessage = { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
          process.send?.(message, () => process.exit(1));
        },
      );
      return;
    case 'measure':
      measured = watchHarness();
      recording = true;
      flusher = setInterval(flush, FLUSH_MS);
      send({ type: 'measuring' });
      return;
    case 'finish': {
      recording = false;
      if (flusher) clearInterval(flusher);
      flush();
      const load = measured?.stop() ?? { cpuMs: 0, wallMs: 0, gcMs: 0, gcMaxMs: 0, loopDelayP99: 0 };
      const closes = Object.fromEntries([...trouble.closes].map(([code, n]) => [String(code), n]));
      send({ type: 'finished', trouble: { refused: trouble.refused, resyncs: trouble.resyncs, closes }, load });
      return;
    }
    case 'close':
      for (const client of clients) closeClient(client);
      process.exit(0);
  }
});
send({ type: 'started' });
