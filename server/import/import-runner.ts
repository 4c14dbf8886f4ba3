import { Worker } from 'node:worker_threads';
import type { WordReading } from '../word/word-reading.ts';
import { ImportError } from './import-error.ts';

/** What the import thread is asked to do: convert a zero draft (the default), or read a Word file's changes. */
export type ImportJob = 'import' | 'read-word';

/** How the import thread answers (see import-thread.ts). */
export type ImportReply =
  | { kind: 'done'; update: Uint8Array; clients: number[] }
  | { kind: 'read'; reading: WordReading }
  | { kind: 'refused'; message: string }
  | { kind: 'failed'; message: string };

export interface ImportLimits {
  /** An import still converting after this long is stopped. */
  timeMs: number;
  /** The import thread's heap: past it the thread is stopped, the server goes on. */
  heapMb: number;
  /** Imports converting at once; the rest wait their turn, up to `queued`. */
  concurrent: number;
  queued: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { timeMs: 60_000, heapMb: 1_024, concurrent: 1, queued: 4 };

/** Too many imports already running or waiting: try again shortly. */
export class ImportBusy extends Error {}

// Node 20 does not hand `--import tsx` on to workers: the thread loads its TypeScript through tsx's API.
const entry = new URL('./import-thread.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;

/**
 * Converts Word files on threads of their own, one thread per import. A conversion is seconds
 * of synchronous XML and editor work: on the main thread it stalled every room. On its own
 * thread it is also bounded in time and memory, and whatever it allocated is gone when the
 * thread ends (an import once left gigabytes behind).
 */
export class DocxImporter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS) {}

  /** The new document's first state (a Yjs update and the client id it was written under). */
  async convert(bytes: Uint8Array): Promise<{ update: Uint8Array; clients: number[] }> {
    const reply = await this.inTurn(bytes, 'import');
    if (reply.kind !== 'done') throw new Error('the import thread answered another job');
    return { update: reply.update, clients: reply.clients };
  }

  /** A Word file's paragraphs, tracked changes and comments (the Word round trip), read on a thread of its own. */
  async readWord(bytes: Uint8Array): Promise<WordReading> {
    const reply = await this.inTurn(bytes, 'read-word');
    if (reply.kind !== 'read') throw new Error('the import thread answered another job');
    return reply.reading;
  }

  private async inTurn(bytes: Uint8Array, job: ImportJob): Promise<ImportReply & { kind: 'done' | 'read' }> {
    await this.turn();
    try {
      return await this.onThread(bytes, job);
    } finally {
      this.running -= 1;
      this.waiting.shift()?.();
    }
  }

  private async turn(): Promise<void> {
    if (this.running < this.limits.concurrent) {
      this.running += 1;
      return;
    }
    if (this.waiting.length >= this.limits.queued) throw new ImportBusy('the server is busy importing other files; try again in a minute');
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
  }

  private onThread(bytes: Uint8Array, job: ImportJob): Promise<ImportReply & { kind: 'done' | 'read' }> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(bootstrap, {
        eval: true,
        workerData: { bytes, job },
        resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb, maxYoungGenerationSizeMb: 64 },
      });
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(() => settle(() => reject(new ImportError('the file took too long to convert; it is not a document Accord can import'))), this.limits.timeMs);
      worker.once('message', (reply: ImportReply) =>
        settle(() => {
          if (reply.kind === 'done' || reply.kind === 'read') resolve(reply);
          else if (reply.kind === 'refused') reject(new ImportError(reply.message));
          else reject(new Error(`import failed: ${reply.message}`));
        }),
      );
      worker.once('error', (error: Error & { code?: string }) =>
        settle(() => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportError('the file needs more memory to convert than an import may use') : error)),
      );
      worker.once('exit', (code) => settle(() => reject(new Error(`the import thread stopped (exit code ${code})`))));
    });
  }
}
