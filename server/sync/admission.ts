import type { Participant } from '../../shared/participants.ts';
import { TokenBucket, type SyncLimits } from './limits.ts';

/** What admission needs to know of an open connection. */
export interface AdmittedPeer {
  readonly participant: Participant;
  readonly documentId: string;
  /** The hash of the session the socket was opened with: checked again while it stays open. */
  readonly sessionHash: string;
  close(code: number, reason: string): void;
}

/**
 * Who is connected to what: caps connections and documents per participant, holds each
 * participant's message budget across its connections, and finds the sockets to close when
 * a participant loses access.
 */
export class Admission {
  private readonly peers = new Map<string, Set<AdmittedPeer>>();
  private readonly budgets = new Map<string, TokenBucket>();

  constructor(readonly limits: SyncLimits) {}

  /** Why a participant may not open another connection to this document, or null if it may. */
  refusal(participantId: string, documentId: string): string | null {
    const open = this.peers.get(participantId);
    if (!open) return null;
    if (open.size >= this.limits.maxConnectionsPerParticipant) return 'too many open connections for one participant';
    const documents = new Set([...open].map((p) => p.documentId));
    if (!documents.has(documentId) && documents.size >= this.limits.maxDocumentsPerParticipant) return 'too many documents open for one participant';
    return null;
  }

  add(peer: AdmittedPeer): void {
    const id = peer.participant.id;
    let open = this.peers.get(id);
    if (!open) this.peers.set(id, (open = new Set()));
    open.add(peer);
  }

  remove(peer: AdmittedPeer): void {
    const id = peer.participant.id;
    const open = this.peers.get(id);
    open?.delete(peer);
    if (open && open.size === 0) {
      this.peers.delete(id);
      this.budgets.delete(id);
    }
  }

  budget(participantId: string): TokenBucket {
    let bucket = this.budgets.get(participantId);
    if (!bucket) this.budgets.set(participantId, (bucket = new TokenBucket(this.limits.participantMessagesPerSecond, this.limits.participantMessageBurst)));
    return bucket;
  }

  of(participantId: string): AdmittedPeer[] {
    return [...(this.peers.get(participantId) ?? [])];
  }

  all(): AdmittedPeer[] {
    return [...this.peers.values()].flatMap((set) => [...set]);
  }
}
