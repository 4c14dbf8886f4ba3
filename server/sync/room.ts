import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { encodeNotice, type Notice } from '../../shared/protocol.ts';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { LeaseLost } from '../store/fence.ts';
import type { AuditEntry, Fence, Store, StoredChange, UpdateAuthor } from '../store/store.ts';
import { flattenText, restoreDocument } from './document-state.ts';
import { writeServerChange } from './server-change.ts';
import { DEFAULT_LIMITS, type SyncLimits } from './limits.ts';
import { ParticipantBudgets } from './participant-budgets.ts';
import { RoomPresence } from './room-presence.ts';
import { RoomBounds } from './room-bounds.ts';
import { RoomBroadcast } from './room-broadcast.ts';
import { RoomOrganizations } from './room-organizations.ts';
import { RoomJudge } from './room-judge.ts';
import { HeldChanges } from './held-changes.ts';
import { RoomHistory } from './room-history.ts';
import { SyncAnswers } from './sync-answers.ts';
import { CLOSED, COMMITTED, NOT_SAVED, UNANSWERED, type SubmitResult } from './submit-result.ts';

/** A participant's connection as a room sees it. */
export interface RoomPeer {
  readonly participant: Participant;
  /** Awareness client ids this connection controls; removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** An update that adds nothing to the text as the batch before it left it. */
const NOTHING_NEW = Symbol('nothing new');

/** Resolves after the current event-loop turn's I/O: the messages that came with it are in. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A change the server would write for a participant goes past the document's or the participant's bounds: nothing was made. */
export class ChangeRefused extends Error {}


/** An update waiting for the next batch, with the way to answer its sender. */
interface PendingUpdate {
  peer: RoomPeer;
  update: Uint8Array;
  /** Answers the sender (and lets the participant's next change go, if `judged` has not). */
  settle: (result: SubmitResult) => void;
  /** Lets the participant's next change go on to be judged (see ParticipantBudgets.admit). */
  judged: () => void;
}

/** An update judged acceptable, waiting for its batch to be committed. */
interface AcceptedUpdate {
  pending: PendingUpdate;
  change: Uint8Array;
  /** The server's own change that goes with it (see unseen-strikes.ts), stored and sent to everyone after it. */
  correction: Uint8Array | null;
  author: UpdateAuthor;
  newClients: number[];
}

/**
 * One open document and the peers connected to it. Three copies of the text:
 * - `doc`, the live document: only committed changes; what everyone is served;
 * - `staged`: the live document plus the changes accepted in the batch being judged;
 * - `shadow`: `staged` plus the update being judged, compared with `staged` by the rules.
 * The last two live on the room's judging thread (room-judge.ts), so that judging one room's
 * large change holds up no other room.
 *
 * Updates are handled in batches, one batch at a time, in order: all those that arrived in
 * one event-loop turn (and while the previous batch was committing) are judged one after
 * the other, committed together in one transaction (one disk flush), applied to the live
 * document, broadcast as one message and confirmed. Under load batches grow, so the cost of
 * a disk flush and of a broadcast is shared by more keystrokes; a lone keystroke waits for
 * nothing but the end of its turn.
 */
export class Room {
  readonly peers = new Set<RoomPeer>();
  /** Requests working on the room without a socket (decisions); it stays loaded while any runs. */
  holds = 0;
  /**
   * Called once, at once, when a write is refused because another process took the document's
   * lease over (issue 15): from then on this room must stop acting for the document.
   */
  onLeaseLost: ((error: LeaseLost) => void) | null = null;
  private deposed = false;
  /** The room's side of the sync protocol: what it answers a peer. */
  readonly sync: SyncAnswers;
  /** Changes applied this event-loop turn, sent together at its end. */
  private readonly broadcast = new RoomBroadcast(this.peers, () => this.destroyed);
  readonly presence: RoomPresence;
  /**
   * Started when the first participant joins: a room opened only to read (an export, a
   * revision) never starts one.
   */
  private readonly judging: RoomJudge;
  /** The client id the server writes each author's changes under (changeText). */
  private readonly authorClients = new Map<string, number>();
  private batch: PendingUpdate[] = [];
  /** Updates held until their senders' time is repaid. */
  private readonly held = new HeldChanges<PendingUpdate>();
  private destroyed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly history: RoomHistory;

  private constructor(
    readonly documentId: string,
    readonly doc: Y.Doc,
    store: Store,
    limits: SyncLimits,
    private readonly bounds: RoomBounds,
    /** Which organizations propose on the document; the registry sets it when the Chair changes it. */
    readonly organizations: RoomOrganizations,
    private readonly clients: Map<number, string>,
    lastSeq: number,
    updatesSinceSnapshot: number,
    /**
     * The lease this process holds on the document when several share the store (issue 15):
     * every write to its history carries it, and is refused (LeaseLost) once another took over.
     */
    readonly fence?: Fence,
  ) {
    this.history = new RoomHistory(documentId, store, limits.compactEvery, lastSeq, updatesSinceSnapshot, (error) => this.noteLeaseLost(error), fence);
    this.sync = new SyncAnswers(doc);
    this.presence = new RoomPresence(doc, this.peers, clients, limits);
    this.judging = new RoomJudge(() => Y.encodeStateAsUpdate(doc), limits);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.broadcast.push(update, origin);
      this.judging.liveChanged(update);
    });
  }

  /** Loads a document from the store; throws (and writes nothing) if it cannot be read. */
  static async load(documentId: string, store: Store, limits: SyncLimits = DEFAULT_LIMITS, budgets = new ParticipantBudgets(limits), fence?: Fence): Promise<Room> {
    const state = await store.loadDocumentState(documentId);
    const doc = restoreDocument(state);
    const lastSeq = state.updates.at(-1)?.seq ?? 0;
    const bytes = state.updates.reduce((sum, u) => sum + u.update.length, state.snapshot?.length ?? 0);
    const history = new Map((await store.historyUsage(documentId)).map((u) => [u.participantId, u.bytes]));
    // Whoever loads the room (this process's registry, a cluster's seat) judges organizations by the stored list.
    const organizations = await RoomOrganizations.load(documentId, store);
    return new Room(documentId, doc, store, limits, new RoomBounds(limits, budgets, bytes, history), organizations, state.clients, lastSeq, state.updates.length, fence);
  }

  /** The document's encoded size as the room counts it against `maxDocumentBytes`. */
  get sizeBytes(): number {
    return this.bounds.sizeBytes;
  }

  join(peer: RoomPeer): void {
    this.peers.add(peer);
    // Started now, so that the thread is ready by the time the participant first types.
    this.judging.start();
    peer.send(this.sync.stateRequest());
    const everyone = this.presence.everyone();
    if (everyone) peer.send(everyone);
  }

  leave(peer: RoomPeer): void {
    this.peers.delete(peer);
    this.presence.leave(peer);
    this.held.leave(peer);
  }

  /**
   * Judges, commits and applies an update from a peer, with its turn's batch; resolves with the
   * verdict. An update from a participant whose time is spent, or whose changes before it to this
   * room are held or not yet judged, is held outside the batch until it may go
   * (ParticipantBudgets.admit): the others in the room never wait for it. A held update goes
   * after whatever the server itself writes meanwhile (a decision, say), as the sender's later
   * typing would.
   */
  submit(peer: RoomPeer, update: Uint8Array): Promise<SubmitResult> {
    return new Promise((settle) => {
      const admission = this.bounds.admit(peer.participant.id, this.documentId, update.length);
      if (typeof admission === 'string') return settle({ outcome: 'refused', reason: admission, malformed: false });
      const { ready, judged } = admission;
      let answered = (): void => undefined;
      const pending: PendingUpdate = { peer, update, judged, settle: (result) => (judged(), answered(), settle(result)) };
      if (ready === null) return this.stage(pending);
      this.held.hold(pending, ready, new Promise((resolve) => (answered = resolve)), (p) => this.stage(p));
    });
  }

  /**
   * Adds an update to the next batch. The first of a batch takes its place in the queue at once
   * (so `idle()` waits for it), then lets the rest of the turn's messages join it before it is judged.
   */
  private stage(pending: PendingUpdate): void {
    if (this.destroyed) return pending.settle(this.deposed ? UNANSWERED : CLOSED);
    if (this.batch.push(pending) === 1) void this.enqueue(() => nextTurn().then(() => this.commitBatch()));
  }

  private async commitBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    const verdicts = new Map<PendingUpdate, SubmitResult>();
    const accepted: AcceptedUpdate[] = [];
    /** Updates that add nothing to what the batch before them holds: saved exactly when it is. */
    const riding: PendingUpdate[] = [];
    let stored = false;
    try {
      if (batch.some((p) => p.peer.participant.role === 'organization')) {
        await this.organizations.refresh();
        if (this.destroyed) return;
      }
      for (const pending of batch) {
        const verdict = await this.judge(pending);
        if (this.destroyed) return;
        if (verdict === NOTHING_NEW) {
          if (accepted.length > 0) riding.push(pending);
          else verdicts.set(pending, COMMITTED);
        } else if ('change' in verdict) accepted.push(verdict);
        else verdicts.set(pending, verdict);
      }
      if (accepted.length === 0) return;
      const changes = accepted.flatMap(({ change, correction, author, newClients }) => [
        { update: change, author, newClients },
        ...(correction ? [{ update: correction, author, newClients: [] }] : []),
      ]);
      stored = await this.commit(changes).then(
        () => true,
        (error: unknown) => {
          console.error(`[room ${this.documentId}] could not store ${accepted.length} update(s)`, error);
          return false;
        },
      );
      for (const { pending, change, correction } of accepted) {
        const started = performance.now();
        if (stored) Y.applyUpdate(this.doc, change, pending.peer);
        // The sender lacks the correction too: it goes to everyone.
        if (stored && correction) Y.applyUpdate(this.doc, correction, null);
        this.bounds.charge(pending.peer, performance.now() - started);
        verdicts.set(pending, stored ? COMMITTED : NOT_SAVED);
      }
      for (const pending of riding) verdicts.set(pending, stored ? COMMITTED : NOT_SAVED);
      // Out before the verdicts: the others see the change as soon as its sender hears it is saved.
      this.broadcast.flush();
    } catch (error) {
      // A fault of the server's, not a verdict on the updates: nothing unsaved may stay staged.
      // (A room closed while its thread judged ends the same way, and that is no fault.)
      if (!this.destroyed) console.error(`[room ${this.documentId}] could not handle a batch of ${batch.length} update(s)`, error);
      if (!stored) {
        for (const { newClients } of accepted) for (const client of newClients) this.clients.delete(client);
        this.judging.drop();
      }
    } finally {
      // In arrival order, so each peer hears its verdicts in the order it sent its changes.
      for (const pending of batch) pending.settle(this.deposed ? UNANSWERED : (verdicts.get(pending) ?? NOT_SAVED));
    }
    await this.compactIfDue();
  }

  /**
   * Judges one update against the batch so far (on the judging thread); an accepted one joins
   * `staged` there. Its sender's next change to the room goes on once this is judged (see
   * `submit`); its changes in other rooms are judged one at a time with it, so that each reads
   * the time budget the last one left.
   */
  private async judge(pending: PendingUpdate): Promise<AcceptedUpdate | SubmitResult | typeof NOTHING_NEW> {
    try {
      return await this.bounds.inTurn(pending.peer.participant.id, () => this.judgeOne(pending));
    } finally {
      pending.judged();
    }
  }

  private async judgeOne(pending: PendingUpdate): Promise<AcceptedUpdate | SubmitResult | typeof NOTHING_NEW> {
    const { peer, update } = pending;
    if (this.deposed) return UNANSWERED;
    if (this.destroyed) return CLOSED;
    const decoding = performance.now();
    const early = this.bounds.beforeJudging(peer, update);
    this.bounds.charge(peer, performance.now() - decoding);
    if ('reason' in early) return { outcome: 'refused', reason: early.reason, malformed: early.malformed };
    const { shape } = early;
    const acting = this.organizations.acting(peer.participant);
    const owners: [number, string][] = [];
    for (const client of shape.clients) {
      const owner = this.clients.get(client);
      if (owner !== undefined) owners.push([client, owner]);
    }
    // If the thread fails (out of memory, stopped) this throws: what it had staged is gone with
    // it, so the whole batch is refused as unsaved (see commitBatch), none of it by the sender's fault.
    const asked = performance.now();
    const { judgement, spentMs } = await this.judging.judge(update, acting, owners).catch((error: unknown) => {
      this.bounds.charge(peer, performance.now() - asked);
      throw error;
    });
    this.bounds.charge(peer, spentMs);
    if (!judgement.accepted) {
      return judgement.missingDependencies ? { outcome: 'resync' } : { outcome: 'refused', reason: judgement.reason, malformed: judgement.malformed };
    }
    if (judgement.change === null) return NOTHING_NEW;
    // Bound now, so a later update of the batch cannot claim the same client id; undone if the commit fails.
    for (const client of judgement.newClients) this.clients.set(client, peer.participant.id);
    this.bounds.accepted(peer, shape, judgement.change);
    const author: UpdateAuthor = { participantId: peer.participant.id, role: peer.participant.role, delegation: peer.participant.delegation };
    return { pending, change: judgement.change, correction: judgement.correction, author, newClients: judgement.newClients };
  }

  /**
   * Commits accepted changes. If the store fails, nothing of them is kept: their client ids
   * are unbound, the staged and shadow copies dropped (to be rebuilt from the live document,
   * which never had them), and the store's error thrown.
   */
  private async commit(changes: StoredChange[]): Promise<void> {
    try {
      await this.history.append(changes);
    } catch (error) {
      for (const { newClients } of changes) for (const client of newClients) this.clients.delete(client);
      this.judging.drop();
      throw error;
    }
    for (const { update, author } of changes) this.bounds.committed(author.participantId, update.length);
  }

  /** Whether the room lost its lease: it commits nothing more (the store would refuse it anyway). */
  get leaseLost(): boolean {
    return this.deposed;
  }

  /**
   * Another process took the document's lease over (found by the lease's renewal): the room
   * stops at once; whatever it had not yet answered gets no verdict from here (see 'unanswered').
   */
  depose(): void {
    this.deposed = true;
    this.destroy();
  }

  private noteLeaseLost(error: LeaseLost): void {
    if (this.deposed) return;
    this.deposed = true;
    this.onLeaseLost?.(error);
  }

  /**
   * A change the server makes on behalf of a participant (the Chair's decisions, a delegation's
   * amendments from a Word file): `produce` turns the current text into the next one and says
   * what to record; `alsoWrite`, if given, writes the document's other parts (rationales) in
   * the same update. Committed with its audit entries before anyone sees it; throws (changing
   * nothing) if `produce` throws, the store fails, or a participant's change goes past the
   * bounds a typed one would (ChangeRefused).
   */
  changeText<T>(author: UpdateAuthor, produce: (text: PMNode) => { text: PMNode; audit: AuditEntry[]; result: T; alsoWrite?: (doc: Y.Doc) => void }): Promise<T> {
    return this.enqueue(async () => {
      const { produced, change, clientId } = writeServerChange(this.doc, this.authorClients.get(author.participantId), produce);
      this.authorClients.set(author.participantId, clientId);
      const { audit, result } = produced;
      if (change === null) return result;
      // A participant's amendments made by the server (from a Word file) are bounded as if typed;
      // the officers' decisions are not, so that a full document can still be settled.
      if (author.role === 'delegation' || author.role === 'organization') {
        const refusal = this.bounds.serverChange(author.participantId, change.length);
        if (refusal) throw new ChangeRefused(refusal);
      }
      const newClients = this.clients.has(clientId) ? [] : [clientId];
      for (const client of newClients) this.clients.set(client, author.participantId);
      await this.commit([{ update: change, author, newClients, audit }]);
      Y.applyUpdate(this.doc, change, 'server');
      if (audit.length > 0) this.notify('audit');
      await this.compactIfDue();
      return result;
    });
  }

  /** Writes a snapshot of the live document covering every stored update. */
  async compact(): Promise<void> {
    const state = Y.encodeStateAsUpdate(this.doc);
    await this.history.compact(state);
    this.bounds.compacted(state.length);
  }

  /** Compacts once enough updates have come since the last snapshot; a failure is logged (see RoomHistory). */
  private async compactIfDue(): Promise<void> {
    if (!this.history.compactionDue) return;
    // As often as the log is compacted, so the typed text's memory does not grow between snapshots.
    flattenText(this.doc);
    this.judging.compacted();
    try {
      await this.compact();
    } catch (error) {
      console.error(`[room ${this.documentId}] could not compact; will try again later`, error);
      this.history.postponeCompaction();
    }
  }

  /** Tells everyone in the room that something outside the text changed, so they read it again. */
  notify(notice: Notice): void {
    const message = encodeNotice(notice);
    for (const peer of this.peers) peer.send(message);
  }

  /** Applies a peer's presence (see RoomPresence); false if malformed. */
  applyAwareness(peer: RoomPeer, update: Uint8Array): boolean {
    return this.presence.apply(peer, update);
  }

  allAwareness(): Uint8Array | null {
    return this.presence.everyone();
  }

  /**
   * Resolves once every update let into a batch so far has been handled. Those held for their
   * sender's time are not waited for: nothing of them was answered, and no participant may hold
   * up a revision, an export or the room's closing (`destroy` lets them go unanswered).
   */
  idle(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  /** Resolves once every update submitted so far, held ones included, has been handled. */
  async settled(): Promise<void> {
    await this.held.settled();
    await this.idle();
  }

  destroy(): void {
    this.destroyed = true;
    this.presence.destroy();
    this.doc.destroy();
    this.judging.destroy();
    for (const pending of this.batch) pending.settle(this.deposed ? UNANSWERED : CLOSED);
    this.held.dropAll();
    this.batch = [];
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
