import { roleOnDocument, type Participant } from '../../shared/participants.ts';
import type { Store } from '../store/store.ts';

/**
 * How old the list may be when an organization's update is judged: a change the Chair made
 * through another process reaches the room this soon.
 */
const STALE_MS = 2_000;

/**
 * The organizations the Chair lets propose amendments on a room's document (issue 16); the
 * others are judged as readers. Read when the room loads; this process's registry sets it when
 * the Chair changes it here, and a room reads it again when older than STALE_MS.
 */
export class RoomOrganizations {
  private proposing: ReadonlySet<string>;
  private readAt = performance.now();

  private constructor(
    private readonly documentId: string,
    private readonly store: Store,
    proposing: Iterable<string>,
  ) {
    this.proposing = new Set(proposing);
  }

  static async load(documentId: string, store: Store): Promise<RoomOrganizations> {
    return new RoomOrganizations(documentId, store, await store.proposingOrganizations(documentId));
  }

  /** The Chair changed the list (through this process). */
  set(proposing: Iterable<string>): void {
    this.proposing = new Set(proposing);
    this.readAt = performance.now();
  }

  /** The participant as the rules judge it on this document: an organization proposes only where allowed. */
  acting(participant: Participant): Participant {
    if (participant.role !== 'organization') return participant;
    return { ...participant, role: roleOnDocument(participant.role, this.proposing.has(participant.delegation ?? '')) };
  }

  /** Reads the list again if it is stale; if the store does not answer, the last list read stands. */
  async refresh(): Promise<void> {
    if (performance.now() - this.readAt < STALE_MS) return;
    this.readAt = performance.now();
    try {
      this.proposing = new Set(await this.store.proposingOrganizations(this.documentId));
    } catch (error) {
      console.error(`[room ${this.documentId}] could not read which organizations propose; the last list stands`, error);
    }
  }
}
