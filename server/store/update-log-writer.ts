import { Worker } from 'node:worker_threads';
import type { StoredChange } from './store.ts';
import type { UpdateLog } from './update-log.ts';

/** What the writer thread is asked to do, and how it answers (see `update-log-thread.ts`). */
export type WriterRequest =
  | { id: number; op: 'append'; documentId: string; changes: readonly StoredChange[] }
  | { id: number; op: 'snapshot'; documentId: string; state: Uint8Array; uptoSeq: number }
  | { id: number; op: 'close' };
export type WriterReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; seq: number }
  | { kind: 'failed'; id: number; message: string; code: string | null };

/** Writes a document's history; every promise resolves once its write is on disk. */
export interface UpdateLogWriter {
  /** Resolves once writes can be made; rejects (with the reason) if they never can. */
  ready(): Promise<void>;
  append(documentId: string, changes: readonly StoredChange[]): Promise<number>;
  snapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  close(): Promise<void>;
}

/** On the calling thread: for an in-memory database, which another connection cannot share. */
export function inlineWriter(log: UpdateLog): UpdateLogWriter {
  return {
    ready: async () => undefined,
    append: async (documentId, changes) => log.append(documentId, changes),
    snapshot: async (documentId, state, uptoSeq) => log.snapshot(documentId, state, uptoSeq),
    close: async () => undefined,
  };
}

// Node 20 does not hand `--import tsx` on to workers: the thread loads its TypeScript through tsx's API.
const entry = new URL('./update-log-thread.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;

/**
 * The history written on a thread of its own, with its own connection. Committing with fsync
 * takes the disk's time (0.3–1 ms here, far more on a busy disk); done on the main thread it
 * stalls every socket of every room for that long. Here the main thread goes on reading,
 * judging and broadcasting meanwhile, and what a room receives during one flush goes into its
 * next batch. Requests are carried out one at a time, in the order they were made.
 *
 * The thread starts with the first write or `ready()`. If it cannot start, or stops, every
 * write from then on is refused with the reason: a write it was carrying out when it stopped
 * may or may not be on disk, so carrying on with a new thread could contradict what the rooms
 * hold (a later snapshot would hide such a row). The server has to be restarted.
 */
export class ThreadedWriter implements UpdateLogWriter {
  private worker: Worker | null = null;
  private started: Promise<void> | null = null;
  private isReady = false;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;
  private readonly pending = new Map<number, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor(private readonly file: string) {}

  ready(): Promise<void> {
    this.started ??= new Promise<void>((resolve, reject) => {
      const worker = new Worker(bootstrap, { eval: true, workerData: { file: this.file } });
      this.worker = worker;
      worker.on('message', (reply: WriterReply) => {
        if (reply.kind === 'ready') {
          this.isReady = true;
          resolve();
        } else this.settle(reply);
        this.holdOpenWhileBusy();
      });
      const stop = (error: Error) => {
        reject(error);
        this.stopped(error);
      };
      worker.on('error', stop);
      worker.on('exit', (code) => stop(new Error(`the database writer stopped (exit code ${code})`)));
    });
    return this.started;
  }

  append(documentId: string, changes: readonly StoredChange[]): Promise<number> {
    if (changes.length === 0) return Promise.reject(new Error('appendUpdates needs at least one change'));
    return this.request({ op: 'append', documentId, changes });
  }

  async snapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    await this.request({ op: 'snapshot', documentId, state, uptoSeq });
  }

  /** Finishes the writes already asked for, then stops the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker || this.failure) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Held open until the thread has finished: the process must not end with writes pending.
      worker.ref();
      worker.postMessage({ id: 0, op: 'close' } satisfies WriterRequest);
      await exited;
    })();
    return this.closing;
  }

  private request(message: DistributiveOmit<WriterRequest, 'id'>): Promise<number> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    if (this.failure) return Promise.reject(this.failure);
    // Failures of the start reach the caller through `stopped`, which rejects what is pending.
    this.ready().catch(() => undefined);
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...message, id });
      } catch (error) {
        // Not sent (a value that cannot be copied to the thread): nothing is pending for it.
        this.pending.delete(id);
        throw error;
      } finally {
        this.holdOpenWhileBusy();
      }
    });
  }

  private settle(reply: Exclude<WriterReply, { kind: 'ready' }>): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (!waiting) return;
    if (reply.kind === 'done') waiting.resolve(reply.seq);
    else waiting.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
  }

  /** The thread keeps the process alive while it starts, while a write is pending, and while it closes. */
  private holdOpenWhileBusy(): void {
    if (!this.worker) return;
    if (!this.isReady || this.pending.size > 0 || this.closing) this.worker.ref();
    else this.worker.unref();
  }

  /** The thread is gone: what it had not answered may or may not be stored, and no more writes are taken. */
  private stopped(error: Error): void {
    if (!this.worker) return;
    this.worker = null;
    if (this.closing && this.pending.size === 0) {
      this.failure = new Error('the store is closed');
      return;
    }
    this.failure = error;
    console.error('[store] the database writer stopped; changes are refused until the server is restarted', error);
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
