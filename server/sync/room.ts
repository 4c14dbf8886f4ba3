import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Participant } from '../../shared/participants.ts';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol.ts';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import type { AuditEntry, Store, UpdateAuthor } from '../store/store.ts';
import { rewriteAwarenessIdentity } from './awareness-identity.ts';
import { copyDocument, restoreDocument } from './document-state.ts';
import { judgeUpdate } from './judge.ts';
import { DEFAULT_LIMITS, type SyncLimits } from './limits.ts';

/** A participant's connection as a room sees it. */
export interface RoomPeer {
  readonly participant: Participant;
  /** Awareness client ids this connection controls; removed when it leaves. */
  readonly awarenessClients: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export type SubmitResult =
  | { outcome: 'committed' }
  | { outcome: 'refused'; reason: string; malformed: boolean }
  /** The update builds on changes the server does not have: the client must send its whole state. */
  | { outcome: 'resync' };


/**
 * One open document: the live Y.Doc everyone is served, a shadow copy updates are judged
 * against, presence, and the peers connected to it. Updates are handled one at a time, in
 * order: judged, committed, applied, broadcast, confirmed.
 */
export class Room {
  readonly peers = new Set<RoomPeer>();
  /** Requests working on the room without a socket (decisions); it stays loaded while any runs. */
  holds = 0;
  /** The whole document as a sync message, until it changes. */
  private wholeDocument: Uint8Array | null = null;
  /** Changes applied this event-loop turn, sent together at its end. */
  private outgoing: { update: Uint8Array; origin: unknown }[] = [];
  readonly awareness: awarenessProtocol.Awareness;
  private shadow: Y.Doc;
  private destroyed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private updatesSinceSnapshot: number;
  private lastSeq: number;

  private constructor(
    readonly documentId: string,
    readonly doc: Y.Doc,
    private readonly store: Store,
    private readonly limits: Pick<SyncLimits, 'maxStructsPerUpdate' | 'compactEvery'>,
    private readonly clients: Map<number, string>,
    lastSeq: number,
    updatesSinceSnapshot: number,
  ) {
    this.shadow = copyDocument(doc);
    this.lastSeq = lastSeq;
    this.updatesSinceSnapshot = updatesSinceSnapshot;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on('update', (update: Uint8Array, origin: unknown) => this.broadcastUpdate(update, origin));
    this.awareness.on('update', this.broadcastAwareness);
  }

  /** Loads a document from the store; throws (and writes nothing) if it cannot be read. */
  static async load(documentId: string, store: Store, limits: Pick<SyncLimits, 'maxStructsPerUpdate' | 'compactEvery'> = DEFAULT_LIMITS): Promise<Room> {
    const state = await store.loadDocumentState(documentId);
    const doc = restoreDocument(state);
    const lastSeq = state.updates.at(-1)?.seq ?? 0;
    return new Room(documentId, doc, store, limits, state.clients, lastSeq, state.updates.length);
  }

  join(peer: RoomPeer): void {
    this.peers.add(peer);
    peer.send(this.stateRequest());
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(this.awarenessMessage(states));
  }

  leave(peer: RoomPeer): void {
    this.peers.delete(peer);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], null);
  }

  /**
   * The answer to a peer's sync step 1: what it lacks of the live document. A newcomer (empty
   * state vector) gets the whole document, encoded once and reused until the next change:
   * with the history kept, encoding it is the dearest part of a join.
   */
  missingFor(stateVector: Uint8Array): Uint8Array {
    const everything = stateVector.length <= 1;
    if (everything && this.wholeDocument) return this.wholeDocument;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(encoder, this.doc, stateVector);
    const message = encoding.toUint8Array(encoder);
    if (everything) this.wholeDocument = message;
    return message;
  }

  /** Judges, commits and applies an update from a peer; resolves with the verdict. */
  submit(peer: RoomPeer, update: Uint8Array): Promise<SubmitResult> {
    return this.enqueue(() => this.accept(peer, update));
  }

  private async accept(peer: RoomPeer, update: Uint8Array): Promise<SubmitResult> {
    const judgement = judgeUpdate(this.doc, this.shadow, update, peer.participant, this.clients, this.limits.maxStructsPerUpdate);
    if (!judgement.accepted) {
      this.resetShadow();
      return judgement.missingDependencies ? { outcome: 'resync' } : { outcome: 'refused', reason: judgement.reason, malformed: judgement.malformed };
    }
    if (judgement.change === null) return { outcome: 'committed' };
    const author: UpdateAuthor = { participantId: peer.participant.id, role: peer.participant.role, delegation: peer.participant.delegation };
    try {
      this.lastSeq = await this.store.appendUpdate(this.documentId, judgement.change, author, judgement.newClients);
    } catch (error) {
      console.error(`[room ${this.documentId}] could not store an update`, error);
      this.resetShadow();
      return { outcome: 'refused', reason: 'the server could not save this change; it was not applied', malformed: false };
    }
    for (const client of judgement.newClients) this.clients.set(client, peer.participant.id);
    Y.applyUpdate(this.doc, judgement.change, peer);
    if (++this.updatesSinceSnapshot >= this.limits.compactEvery) await this.compact();
    return { outcome: 'committed' };
  }

  /** Sync step 1 from the live document: asks a client for everything the server lacks. */
  stateRequest(): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    return encoding.toUint8Array(encoder);
  }

  /**
   * A change the server makes on behalf of a participant (the Chair's decisions): `produce`
   * turns the current text into the next one and says what to record. Committed with its
   * audit entries before anyone sees it; throws (changing nothing) if `produce` throws or the
   * store fails.
   */
  changeText<T>(author: UpdateAuthor, produce: (text: PMNode) => { text: PMNode; audit: AuditEntry[]; result: T }): Promise<T> {
    return this.enqueue(async () => {
      const current = yXmlFragmentToProseMirrorRootNode(this.doc.getXmlFragment(TEXT_FIELD), documentSchema());
      const { text, audit, result } = produce(current);
      const updates: Uint8Array[] = [];
      const capture = (u: Uint8Array) => updates.push(u);
      this.shadow.on('update', capture);
      try {
        updateYFragment(this.shadow, this.shadow.getXmlFragment(TEXT_FIELD), text, { mapping: new Map(), isOMark: new Map() });
      } finally {
        this.shadow.off('update', capture);
      }
      if (updates.length === 0) return result;
      const change = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      const newClients = this.clients.has(this.shadow.clientID) ? [] : [this.shadow.clientID];
      try {
        this.lastSeq = await this.store.appendUpdate(this.documentId, change, author, newClients, audit);
      } catch (error) {
        this.resetShadow();
        throw error;
      }
      for (const client of newClients) this.clients.set(client, author.participantId);
      Y.applyUpdate(this.doc, change, 'server');
      if (++this.updatesSinceSnapshot >= this.limits.compactEvery) await this.compact();
      return result;
    });
  }

  /** Writes a snapshot of the live document covering every stored update. */
  async compact(): Promise<void> {
    await this.store.compact(this.documentId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    this.updatesSinceSnapshot = 0;
  }

  /** Applies a peer's presence, with its identity written from its session, and relays it; false if malformed. */
  applyAwareness(peer: RoomPeer, update: Uint8Array): boolean {
    const rewritten = rewriteAwarenessIdentity(update, peer.participant, (client) => this.ownsAwareness(peer, client));
    if (!rewritten) return false;
    for (const client of rewritten.clients) peer.awarenessClients.add(client);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, rewritten.update, peer);
    return true;
  }

  private ownsAwareness(peer: RoomPeer, client: number): boolean {
    for (const other of this.peers) if (other !== peer && other.awarenessClients.has(client)) return false;
    return true;
  }

  allAwareness(): Uint8Array | null {
    const states = [...this.awareness.getStates().keys()];
    return states.length > 0 ? this.awarenessMessage(states) : null;
  }

  /** Resolves once every update submitted so far has been handled. */
  idle(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
    this.shadow.destroy();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private resetShadow(): void {
    this.shadow.destroy();
    this.shadow = copyDocument(this.doc);
  }

  /**
   * Every change is already committed when it reaches the live document. Those of one event-loop
   * turn go out together: one message, encoded once, one write per peer, however many typists.
   */
  private broadcastUpdate(update: Uint8Array, origin: unknown): void {
    this.wholeDocument = null;
    if (this.outgoing.push({ update, origin }) === 1) setImmediate(() => this.flushBroadcast());
  }

  private flushBroadcast(): void {
    const changes = this.outgoing;
    this.outgoing = [];
    if (changes.length === 0 || this.destroyed) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, changes.length === 1 ? changes[0]!.update : Y.mergeUpdates(changes.map((c) => c.update)));
    const message = encoding.toUint8Array(encoder);
    // A lone change skips its sender, who has it; a merged one goes to all (Yjs ignores what it has).
    const skip = changes.length === 1 ? changes[0]!.origin : null;
    for (const peer of this.peers) if (peer !== skip) peer.send(message);
  }

  private readonly broadcastAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
  ): void => {
    const message = this.awarenessMessage([...added, ...updated, ...removed]);
    for (const peer of this.peers) peer.send(message);
  };

  private awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }
}
