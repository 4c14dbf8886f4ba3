import { LeaseLost } from '../store/fence.ts';
import type { Fence, Store, StoredChange } from '../store/store.ts';

/**
 * A room's writes to its document's stored history: the changes it commits and the snapshots
 * that compact them, each under the lease the room holds (issue 15), if any. A write refused
 * because another process took the lease over is told (`onLeaseLost`) before its error is thrown.
 */
export class RoomHistory {
  constructor(
    private readonly documentId: string,
    private readonly store: Store,
    /** Updates stored between snapshots. */
    private readonly compactEvery: number,
    /** The sequence number of the last stored update, and how many are stored since the snapshot. */
    private lastSeq: number,
    private sinceSnapshot: number,
    private readonly onLeaseLost: (error: LeaseLost) => void,
    readonly fence?: Fence,
  ) {}

  /** Stores changes in one transaction; throws the store's error (having stored nothing). */
  async append(changes: StoredChange[]): Promise<void> {
    try {
      this.lastSeq = await this.store.appendUpdates(this.documentId, changes, this.fence);
      this.sinceSnapshot += changes.length;
    } catch (error) {
      this.noteLeaseLost(error);
      throw error;
    }
  }

  /** Whether enough updates came since the last snapshot to write another. */
  get compactionDue(): boolean {
    return this.sinceSnapshot >= this.compactEvery;
  }

  /** Writes `state`, the live document's, as a snapshot covering every stored update. */
  async compact(state: Uint8Array): Promise<void> {
    try {
      await this.store.compact(this.documentId, state, this.lastSeq, this.fence);
      this.sinceSnapshot = 0;
    } catch (error) {
      this.noteLeaseLost(error);
      throw error;
    }
  }

  /**
   * A compaction failed: it loses nothing (every update row stays), and is tried again as many
   * updates later, rather than on every batch.
   */
  postponeCompaction(): void {
    this.sinceSnapshot = 0;
  }

  private noteLeaseLost(error: unknown): void {
    if (error instanceof LeaseLost) this.onLeaseLost(error);
  }
}
