import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerAddress } from './clients.ts';
import type { HarnessLoad } from './harness-watch.ts';
import { stopChild } from './servers.ts';
import { readerMessageSchema, type ReaderCommand, type ReaderMessage } from './reader-ipc.ts';

/**
 * The receiving clients of a typing workload, spread over reader processes (reader-process.ts).
 *
 * How many: enough that each receives at most ~10,000 keystrokes a second (receivers × keystrokes
 * typed per second), at most one per core and at most 4. Measured on 2 cores, workload 2 (180
 * receivers × 100 keystrokes/s): one process for all 200 clients was 80–100% busy and measured
 * its own queueing; one reader with 18,000/s was ~80% busy, close enough to saturation that a
 * burst queues (every keystroke reaches all receivers at the same moment); two with 9,000/s
 * were ~45% busy each. More processes are not better: each has its own startup, JIT and
 * garbage collector (4 readers took ~1.2 cores in all against ~1.05 for 2), and every keystroke
 * wakes all of them at once, so with more of them than cores they queue for the CPU with the
 * server (4 readers on 2 cores: p99 up to 106 ms where 2 gave 34–40 ms). Workload 3 does not fit
 * on 2 cores whatever the split (against y-websocket, which sends every keystroke on its own,
 * the readers fall seconds behind): the busiest process's CPU and event-loop delay, reported
 * with the results, show it.
 */
const UPDATES_PER_PROCESS = 10_000;
const MAX_PROCESSES = Math.min(4, availableParallelism());
/** Clients joining at once over all reader processes, as the main process used to open them. */
const JOIN_BATCH = 25;
const START_TIMEOUT_MS = 60_000;
/** Opening 50 clients, each applying the document, on a machine shared with the server. */
const OPEN_TIMEOUT_MS = 180_000;
const ANSWER_TIMEOUT_MS = 30_000;

const entry = join(dirname(fileURLToPath(import.meta.url)), 'reader-process.ts');

/** What a reader process reports at the end of the measured window. */
export interface ReaderReport {
  pid: number;
  clients: number;
  load: HarnessLoad;
  trouble: Extract<ReaderMessage, { type: 'finished' }>['trouble'];
}

export interface ReaderPool {
  /** Clients held by each reader process. */
  readonly sizes: number[];
  /** Starts the measured window in every reader; arrivals then reach `onArrivals` in batches. */
  measure(onArrivals: (triples: Float64Array) => void): Promise<void>;
  /** Throws if a reader process has died or failed (a run without it would count it as lost deliveries). */
  check(): void;
  /** Ends the window; resolves once every arrival recorded in it has been passed on. */
  finish(): Promise<ReaderReport[]>;
  /** Closes the clients and ends the processes (killed if they do not exit); safe to call twice. */
  close(): Promise<void>;
}

/** Reader processes for `readers` receivers that each get `updatesPerSecond` keystrokes a second. */
export function readerProcessCount(readers: number, updatesPerSecond: number): number {
  if (readers <= 0) return 0;
  return Math.max(1, Math.min(MAX_PROCESSES, readers, Math.ceil((readers * updatesPerSecond) / UPDATES_PER_PROCESS)));
}

/**
 * Starts reader processes holding `clients` clients between them, connected and synced on
 * return. `cookies` (Accord) holds one per client, in order; empty for the peers. `firstIndex`:
 * the run's number of the first of them (clients go round-robin over a server's processes by it).
 * `updatesPerSecond`: the keystrokes each client will receive a second (typists × rate).
 */
export async function startReaders(
  server: ServerAddress, options: { fixtureFile: string; clients: number; cookies: string[]; updatesPerSecond: number; firstIndex?: number },
): Promise<ReaderPool> {
  const count = readerProcessCount(options.clients, options.updatesPerSecond);
  const sizes = Array.from({ length: count }, (_, i) => Math.floor(options.clients / count) + (i < options.clients % count ? 1 : 0));
  const readers = sizes.map((_, i) => new Reader(i));
  const close = () => Promise.all(readers.map((r) => r.close())).then(() => undefined);
  try {
    await Promise.all(readers.map((r) => r.next('started', START_TIMEOUT_MS)));
    const batch = Math.max(1, Math.floor(JOIN_BATCH / Math.max(1, count)));
    let first = 0;
    await Promise.all(
      readers.map((reader, i) => {
        const start = first;
        first += sizes[i]!;
        const cookies = options.cookies.slice(start, first);
        const address = { kind: server.kind, syncUrl: server.syncUrl, syncUrls: server.syncUrls, documentId: server.documentId };
        const firstIndex = (options.firstIndex ?? 0) + start;
        return reader.ask({ type: 'open', server: address, firstIndex, fixtureFile: options.fixtureFile, clients: sizes[i]!, cookies, batch }, 'ready', OPEN_TIMEOUT_MS);
      }),
    );
  } catch (error) {
    await close();
    throw error;
  }
  return {
    sizes,
    async measure(onArrivals) {
      for (const reader of readers) reader.onArrivals = onArrivals;
      await Promise.all(readers.map((r) => r.ask({ type: 'measure' }, 'measuring', ANSWER_TIMEOUT_MS)));
    },
    check() {
      for (const reader of readers) if (reader.failure) throw reader.failure;
    },
    async finish() {
      const answers = await Promise.all(readers.map((r) => r.ask({ type: 'finish' }, 'finished', ANSWER_TIMEOUT_MS)));
      return answers.map((a, i) => ({ pid: readers[i]!.pid, clients: sizes[i]!, load: a.load, trouble: a.trouble }));
    },
    close,
  };
}

/** One reader process: its messages checked on arrival, answers awaited one at a time. */
class Reader {
  private readonly child: ChildProcess;
  private readonly log: string[] = [];
  private waiter: { type: ReaderMessage['type']; resolve(message: ReaderMessage): void; reject(error: Error): void } | null = null;
  private closing = false;
  /** Listening for commands: before that, one sent could be lost, so a closing reader is killed instead. */
  private started = false;
  failure: Error | null = null;
  onArrivals: ((triples: Float64Array) => void) | null = null;

  constructor(private readonly index: number) {
    // 'advanced': arrivals travel as typed arrays, not as JSON.
    this.child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.log.push(line);
      if (this.log.length > 200) this.log.splice(0, this.log.length - 200);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('message', (raw) => this.receive(raw));
    this.child.on('error', (error) => this.fail(new Error(`reader process ${index}: ${error.message}`)));
    this.child.on('exit', (code, signal) => {
      if (!this.closing) this.fail(new Error(`reader process ${index} exited (${signal ?? code}):\n${this.log.slice(-20).join('\n')}`));
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Sends a command and waits for the answer of the given type. */
  ask<T extends ReaderMessage['type']>(command: ReaderCommand, answer: T, timeoutMs: number): Promise<Extract<ReaderMessage, { type: T }>> {
    const reply = this.next(answer, timeoutMs);
    if (!this.failure) this.child.send(command, (error) => error && this.fail(new Error(`reader process ${this.index}: could not send "${command.type}": ${error.message}`)));
    return reply;
  }

  next<T extends ReaderMessage['type']>(type: T, timeoutMs: number): Promise<Extract<ReaderMessage, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new Error(`reader process ${this.index}: already waiting for "${this.waiter.type}"`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no "${type}" from reader process ${this.index} in ${timeoutMs} ms:\n${this.log.slice(-20).join('\n')}`)), timeoutMs);
      this.waiter = {
        type,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as Extract<ReaderMessage, { type: T }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private receive(raw: unknown): void {
    const parsed = readerMessageSchema.safeParse(raw);
    if (!parsed.success) return this.fail(new Error(`reader process ${this.index} sent an unexpected message: ${parsed.error.message}`));
    const message = parsed.data;
    if (message.type === 'started') this.started = true;
    if (message.type === 'arrivals') return this.onArrivals?.(message.triples);
    if (message.type === 'error') return this.fail(new Error(`reader process ${this.index} could not open its clients: ${message.message}`));
    if (this.waiter?.type !== message.type) return this.fail(new Error(`reader process ${this.index} sent "${message.type}" unasked`));
    const waiter = this.waiter;
    this.waiter = null;
    waiter.resolve(message);
  }

  /** The first failure sticks, fails whoever waits, and ends the process: a broken reader cannot be trusted. */
  private fail(error: Error): void {
    if (this.closing) return;
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(this.failure);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  close(): Promise<void> {
    this.closing = true;
    // Whoever still waits gives up now (its timer would otherwise keep the harness alive).
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(new Error(`reader process ${this.index} closed`));
    const child = this.child;
    return stopChild(child, () => {
      if (this.started && child.connected) child.send({ type: 'close' } satisfies ReaderCommand, () => undefined);
      else child.kill('SIGKILL');
    });
  }
}
