import type { SyncLimits } from './limits.ts';
import type { Admission, ParticipantBudgets } from './participant-budgets.ts';
import type { RoomPeer } from './room.ts';
import { shapeOf, shapeRefusal, type UpdateShape } from './update-bounds.ts';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;

/**
 * What a room lets one participant cost it (issue 13, finding 10): the document's size and each
 * participant's share of it, the client ids each connection writes under, and the participant's
 * budgets (shared by all rooms). Consulted as an update comes (is it held?), before it is judged, after (the time it took), and as it commits. The paragraphs' own bounds are read on the judging thread (judging-thread.ts).
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
    const reason = this.sizeRefusal(participantId, update.length) ?? shapeRefusal(shape, this.writing.get(peer) ?? new Set(), this.limits) ?? this.budgets.refusal(participantId, update.length);
    return reason ? { reason, malformed: false } : { shape };
  }

  /**
   * Why a change the server writes for a participant (its amendments from a Word file) may not be
   * made, or null: the document's and the participant's bounds hold for it as for a change typed.
   * If it may, its bytes are spent from the participant's budget.
   */
  serverChange(participantId: string, bytes: number): string | null {
    const reason = this.sizeRefusal(participantId, bytes) ?? this.budgets.refusal(participantId, bytes);
    if (!reason) this.budgets.historyOf(participantId).charge(bytes);
    return reason;
  }

  /** Why `bytes` more from this participant would make the document, or its share of it, too large. */
  private sizeRefusal(participantId: string, bytes: number): string | null {
    if (this.documentBytes + bytes > this.limits.maxDocumentBytes) {
      return `this document has reached the largest size the server keeps (${mb(this.limits.maxDocumentBytes)} of text and history) and takes no more changes; the Secretariat can see who added what under the document\u2019s usage`;
    }
    if ((this.history.get(participantId) ?? 0) + bytes > this.limits.maxParticipantHistoryBytes) {
      return `you have added as much history to this document as one participant may (${mb(this.limits.maxParticipantHistoryBytes)}); the Secretariat can see the document\u2019s usage`;
    }
    return null;
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

  /** When the participant's change to this room may be judged (see ParticipantBudgets.admit), or why it is refused. */
  admit(participantId: string, roomId: string, bytes: number): Admission | string {
    return this.budgets.admit(participantId, roomId, bytes);
  }

  /** Runs `judge` once the participant's judgement under way in another room, if any, is done (see ParticipantBudgets.inTurn). */
  inTurn<T>(participantId: string, judge: () => Promise<T>): Promise<T> {
    return this.budgets.inTurn(participantId, judge);
  }

  /** Time the server spent on one of the participant's updates (judging it, decoding it, applying it), accepted or not. */
  charge(peer: RoomPeer, spentMs: number): void {
    this.budgets.timeOf(peer.participant.id).charge(spentMs);
  }
}
