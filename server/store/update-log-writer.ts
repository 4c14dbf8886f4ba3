import { Worker } from 'node:worker_threads';
import type { StoredChange } from './store.ts';
import type { UpdateLog } from './update-log.ts';

/** What the writer thread is asked to do, and how it answers (see `update-log-thread.ts`). */
export type WriterRequest =
  | { id: number; op: 'append'; documentId: string; changes: readonly StoredChange[] }
  | { id: number; op: 'snapshot'; documentId: string; state: Uint8Array; uptoSeq: number }
  | { id: number; op: 'close' };
export type WriterReply = { id: number; ok: true; seq: number } | { id: number; ok: false; message: string; code: string | null };

/** Writes a document's history; every promise resolves once its write is on disk. */
export interface UpdateLogWriter {
  append(documentId: string, changes: readonly StoredChange[]): Promise<number>;
  snapshot(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void>;
  close(): Promise<void>;
}

/** On the calling thread: for an in-memory database, which another connection cannot share. */
export function inlineWriter(log: UpdateLog): UpdateLogWriter {
  return {
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
 * judging and broadcasting meanwhile, and whatever arrives during one flush is committed by
 * the next, together. Requests are answered in the order they were made.
 */
export class ThreadedWriter implements UpdateLogWriter {
  private worker: Worker | null;
  private readonly pending = new Map<number, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private closed: Promise<void> | null = null;

  constructor(private readonly file: string) {
    this.worker = this.start();
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
    this.closed ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ id: 0, op: 'close' } satisfies WriterRequest);
      await exited;
    })();
    return this.closed;
  }

  private request(message: DistributiveOmit<WriterRequest, 'id'>): Promise<number> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Held open while a write is pending: the process must not exit before it is on disk.
      worker.ref();
      try {
        worker.postMessage({ ...message, id });
      } catch (error) {
        // Not sent (a value that cannot be copied to the thread): nothing is pending for it.
        this.pending.delete(id);
        if (this.pending.size === 0) worker.unref();
        throw error;
      }
    });
  }

  private start(): Worker {
    const worker = new Worker(bootstrap, { eval: true, workerData: { file: this.file } });
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply.seq);
      else waiting.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    worker.on('error', (error) => this.stopped(worker, error));
    worker.on('exit', (code) => this.stopped(worker, new Error(`the database writer stopped (exit code ${code})`)));
    return worker;
  }

  /** The thread is gone: whatever it had not answered is not known to be stored. The next write starts a new one. */
  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    if (this.pending.size > 0) console.error('[store] the database writer stopped with writes pending', error);
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
