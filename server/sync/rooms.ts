import type { Store } from '../store/store.ts';
import { DEFAULT_LIMITS, type SyncLimits } from './limits.ts';
import { ParticipantBudgets } from './participant-budgets.ts';
import { Room } from './room.ts';

/**
 * The open rooms. A document is loaded once however many peers ask at once, served only
 * after it loaded, and unloaded when its last peer left and nothing is pending. A failed
 * load is forgotten (the next peer tries again) and never writes anything.
 */
export class RoomRegistry {
  private readonly loading = new Map<string, Promise<Room>>();
  /** Shared by every room, and outliving them: a participant's budgets do not refill by leaving. */
  private readonly budgets: ParticipantBudgets;

  constructor(
    private readonly store: Store,
    private readonly limits: SyncLimits = DEFAULT_LIMITS,
  ) {
    this.budgets = new ParticipantBudgets(limits);
  }

  open(documentId: string): Promise<Room> {
    let room = this.loading.get(documentId);
    if (!room) {
      room = Room.load(documentId, this.store, this.limits, this.budgets);
      this.loading.set(documentId, room);
      room.catch(() => {
        if (this.loading.get(documentId) === room) this.loading.delete(documentId);
      });
    }
    return room;
  }

  /**
   * The Chair changed which organizations propose on a document: a room loaded (or loading) in
   * this process judges by the stored list from its next update on. (A room another process holds
   * reads the list again within seconds: RoomOrganizations.refresh.)
   */
  async organizationsChanged(documentId: string): Promise<void> {
    const room = await this.loading.get(documentId)?.catch(() => null);
    if (room) room.organizations.set(await this.store.proposingOrganizations(documentId));
  }

  /** Opens a room for work that has no socket; `release` it when done. */
  async hold(documentId: string): Promise<Room> {
    const room = await this.open(documentId);
    room.holds++;
    return room;
  }

  /** Ends a hold, or notes a peer left; unloads the room if nobody is left once its pending updates are done. */
  async release(room: Room, held = false): Promise<void> {
    if (held) room.holds--;
    const inUse = () => room.peers.size > 0 || room.holds > 0;
    if (inUse()) return;
    await room.idle();
    const current = this.loading.get(room.documentId);
    if (inUse() || !current || (await current) !== room) return;
    this.loading.delete(room.documentId);
    room.destroy();
  }

  /** Rooms loaded at this moment (for shutdown, revocation and tests). */
  async loaded(): Promise<Room[]> {
    const settled = await Promise.allSettled(this.loading.values());
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  isLoaded(documentId: string): boolean {
    return this.loading.has(documentId);
  }

  /** Closes every peer with `code`, waits for pending updates, unloads everything. */
  async closeAll(code: number, reason: string): Promise<void> {
    for (const room of await this.loaded()) {
      for (const peer of [...room.peers]) peer.close(code, reason);
      await room.idle();
      room.destroy();
    }
    this.loading.clear();
  }
}
