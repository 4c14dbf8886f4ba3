import { Worker } from 'node:worker_threads';
import type { Participant } from '../../shared/participants.ts';
import type { Judgement } from './judge.ts';
import type { UpdateBoundsLimits } from './update-bounds.ts';

/** What the room asks of its judging thread (see judging-thread.ts), in order. */
export type JudgingRequest =
  /** The live document as it is when the thread starts. */
  | { kind: 'start'; state: Uint8Array; limits: UpdateBoundsLimits & { maxJudgingMsPerUpdate: number } }
  /** A change applied to the live document (committed, whoever made it). */
  | { kind: 'live'; update: Uint8Array }
  /** Judge an update against the batch so far; if accepted it joins the batch. */
  | { kind: 'judge'; id: number; update: Uint8Array; participant: Participant; owners: [number, string][]; now: number }
  /** The batch was not stored: forget it, start again from the live document. */
  | { kind: 'drop' }
  /** The log was compacted: time to flatten the copies' typed text too. */
  | { kind: 'compacted' }
  /** The room closed: the thread lets its copies go and waits for another room. */
  | { kind: 'clear' };

export interface JudgingReply {
  id: number;
  judgement: Judgement;
  spentMs: number;
}

/** A verdict with the time the thread spent reaching it (charged to the sender's judging budget). */
export interface TimedJudgement {
  judgement: Judgement;
  spentMs: number;
}

// Node 20 does not hand `--import tsx` on to workers: the thread loads its TypeScript through tsx's API (as the import thread does).
const entry = new URL('./judging-thread.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;

/**
 * Threads waiting for a room. Loading a thread's code takes most of a second, which a room's
 * first participant would otherwise wait through, and rooms open and close all day (a document
 * unloads when its last reader leaves): a closed room's thread is cleared and kept for the next
 * one, up to IDLE_THREADS, and one is always started ahead. Idle threads must not keep the
 * process alive: the rooms' sockets do that.
 */
const IDLE_THREADS = 2;
/** Beyond twice the longest judgement allowed, this long again before a silent thread is stopped. */
const WATCHDOG_MARGIN_MS = 5_000;
const idle: Worker[] = [];
/** Request ids are unique across rooms: a thread passed on may still answer its last room's request, which nobody awaits. */
let nextRequest = 0;

function newThread(): Worker {
  const worker = new Worker(bootstrap, { eval: true });
  worker.unref();
  watchIdle(worker);
  return worker;
}

/** An idle thread that fails is dropped from the pool. */
function watchIdle(worker: Worker): void {
  const drop = () => {
    const at = idle.indexOf(worker);
    if (at >= 0) idle.splice(at, 1);
  };
  worker.on('error', drop);
  worker.once('exit', drop);
}

/**
 * Stops a thread nobody listens to any more. A thread that fails as it stops (out of memory,
 * an exception drained at exit) still emits 'error', which would end the process unheard.
 */
function stopThread(worker: Worker): void {
  worker.removeAllListeners();
  worker.on('error', () => undefined);
  void worker.terminate();
}

function takeThread(): Worker {
  const worker = idle.pop() ?? newThread();
  worker.removeAllListeners();
  if (idle.length === 0) idle.push(newThread());
  return worker;
}

function releaseThread(worker: Worker): void {
  worker.removeAllListeners();
  if (idle.length >= IDLE_THREADS) {
    stopThread(worker);
    return;
  }
  const clear: JudgingRequest = { kind: 'clear' };
  worker.postMessage(clear);
  watchIdle(worker);
  idle.push(worker);
}

/**
 * A room's judging on a thread of its own (issue 13, finding 10): judging one large change
 * takes tens of milliseconds of schema checks and run projections, and on the main thread every
 * other room's typists waited behind it. The thread holds the staged and shadow copies (see
 * Room) and a replica of the live document, kept in step by every change the live document takes;
 * the room asks for one verdict at a time, so the thread always judges against exactly the
 * batch the room has accepted so far.
 */
export class RoomJudge {
  private worker: Worker | null = null;
  private closed = false;
  private readonly waiting = new Map<number, { resolve: (verdict: TimedJudgement) => void; reject: (error: Error) => void }>();

  constructor(
    /** The live document's whole state, to start a thread from. */
    private readonly encodeLive: () => Uint8Array,
    private readonly limits: UpdateBoundsLimits & { maxJudgingMsPerUpdate: number },
  ) {}

  /** Takes a thread if the room has none (when a participant joins, before the first change). */
  start(): void {
    if (this.worker || this.closed) return;
    const worker = takeThread();
    this.worker = worker;
    worker.on('message', (reply: JudgingReply) => {
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      waiter.resolve({ judgement: reply.judgement, spentMs: reply.spentMs });
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the judging thread stopped (exit code ${code})`)));
    this.post({ kind: 'start', state: this.encodeLive(), limits: this.limits });
  }

  /** Keeps the thread's replica in step with a change the live document just took. */
  liveChanged(update: Uint8Array): void {
    if (this.worker) this.post({ kind: 'live', update });
  }

  /**
   * Judges an update against the batch so far. `owners` names the participant behind each of
   * the update's client ids the room knows (the rest are new). Rejects if the thread failed;
   * the next request starts a new one from the live document.
   */
  judge(update: Uint8Array, participant: Participant, owners: [number, string][], now = Date.now()): Promise<TimedJudgement> {
    if (this.closed) return Promise.reject(new Error('the document was closed'));
    this.start();
    const worker = this.worker!;
    const id = nextRequest++;
    // A verdict awaited keeps the process alive (a shutdown waits for it), and is awaited only
    // so long: a thread that hangs is stopped, so that the room's queue moves on.
    worker.ref();
    const watchdog = setTimeout(() => {
      this.fail(worker, new Error('the judging thread did not answer in time'));
      stopThread(worker);
    }, this.limits.maxJudgingMsPerUpdate * 2 + WATCHDOG_MARGIN_MS);
    return new Promise<TimedJudgement>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // A view into a larger buffer (a relayed frame) would be copied whole: send its bytes alone.
      const bytes = update.byteLength === update.buffer.byteLength ? update : update.slice();
      this.post({ kind: 'judge', id, update: bytes, participant, owners, now });
    }).finally(() => {
      clearTimeout(watchdog);
      if (this.waiting.size === 0 && this.worker === worker) worker.unref();
    });
  }

  /** The batch was not stored: the thread starts again from its replica of the live document. */
  drop(): void {
    if (this.worker) this.post({ kind: 'drop' });
  }

  compacted(): void {
    if (this.worker) this.post({ kind: 'compacted' });
  }

  destroy(): void {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    // A thread still judging (a large change, perhaps) would make the next room wait: it goes.
    const busy = this.waiting.size > 0;
    for (const waiter of this.waiting.values()) waiter.reject(new Error('the document was closed'));
    this.waiting.clear();
    if (!worker) return;
    if (busy) stopThread(worker);
    else releaseThread(worker);
  }

  /** The thread failed or hung: what awaits it is refused, and the next request takes another thread. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  private post(request: JudgingRequest): void {
    this.worker!.postMessage(request);
  }
}
