import * as Y from 'yjs';
import type { SyncLimits } from './limits.ts';
import type { ParticipantBudgets } from './participant-budgets.ts';
import type { RoomPeer } from './room.ts';
import { paragraphRefusal, shapeOf, shapeRefusal, type UpdateShape } from './update-bounds.ts';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

/**
 * What a room lets one participant cost it (issue 13, finding 10): the document's size and each
 * participant's share of it, the client ids each connection writes under, and the participant's
 * budgets (shared by all rooms). Consulted before an update is judged, after, and as it commits.
 */
export class RoomBounds {
  /** The Yjs client ids each connection has written under (see `maxClientsPerConnection`). */
  private readonly writing = new WeakMap<RoomPeer, Set<number>>();

  constructor(
    private readonly limits: SyncLimits,
    private readonly budgets: ParticipantBudgets,
    /**
     * The document's encoded size, estimated: the stored snapshot and update rows, plus each
     * change since; made exact at each compaction.
     */
    private documentBytes: number,
    /** Stored history bytes per participant (see `maxParticipantHistoryBytes`). */
    private readonly history: Map<string, number>,
  ) {}

  get sizeBytes(): number {
    return this.documentBytes;
  }

  /**
   * The update's shape, or why it may not even be judged: what its encoding says it adds, the
   * sender's budgets and the document's size, all known before anything is applied.
   */
  beforeJudging(peer: RoomPeer, update: Uint8Array): { shape: UpdateShape } | { reason: string; malformed: boolean } {
    const shape = shapeOf(update);
    if (!shape) return { reason: 'the update could not be decoded', malformed: true };
    const participantId = peer.participant.id;
    const refusal = (reason: string) => ({ reason, malformed: false });
    if (this.documentBytes + update.length > this.limits.maxDocumentBytes) {
      return refusal(`this document has reached the largest size the server keeps (${mb(this.limits.maxDocumentBytes)} of text and history) and takes no more changes; the Secretariat can see who added what under the document\u2019s usage`);
    }
    if ((this.history.get(participantId) ?? 0) + update.length > this.limits.maxParticipantHistoryBytes) {
      return refusal(`you have added as much history to this document as one participant may (${mb(this.limits.maxParticipantHistoryBytes)}); the Secretariat can see the document\u2019s usage`);
    }
    const reason = shapeRefusal(shape, this.writing.get(peer) ?? new Set(), this.limits) ?? this.budgets.refusal(participantId, update.length);
    return reason ? refusal(reason) : { shape };
  }

  /** Why an accepted update must be refused after all, or null: the paragraphs it wrote to are too full, or it took too long to judge. */
  afterJudging(peer: RoomPeer, shape: UpdateShape, shadow: Y.Doc, spentMs: number): string | null {
    this.budgets.judgingOf(peer.participant.id).charge(spentMs);
    // Bounded by the limits above, so this means a change built to be dear: not kept.
    if (spentMs > this.limits.maxJudgingMsPerUpdate) return 'this change took the server too long to check; make it in smaller parts';
    return paragraphRefusal(shadow, shape, this.limits);
  }

  /** The update is accepted: its client ids are the connection's, its bytes spent from the sender's budget. */
  accepted(peer: RoomPeer, shape: UpdateShape, change: Uint8Array): void {
    let writing = this.writing.get(peer);
    if (!writing) this.writing.set(peer, (writing = new Set()));
    for (const client of shape.clients) writing.add(client);
    this.budgets.historyOf(peer.participant.id).charge(change.length);
  }

  committed(participantId: string, bytes: number): void {
    this.documentBytes += bytes;
    this.history.set(participantId, (this.history.get(participantId) ?? 0) + bytes);
  }

  compacted(encodedBytes: number): void {
    this.documentBytes = encodedBytes;
  }

  /** Only for judging's own failures (the judge charges its time even then). */
  charge(peer: RoomPeer, spentMs: number): void {
    this.budgets.judgingOf(peer.participant.id).charge(spentMs);
  }
}
