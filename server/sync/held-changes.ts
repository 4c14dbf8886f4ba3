import { encodeNotice } from '../../shared/protocol.ts';
import type { RoomPeer } from './room.ts';
import { UNANSWERED, type SubmitResult } from './submit-result.ts';

/** A change as the room holds it: its sender, and the way to answer it. */
export interface HeldChange {
  peer: RoomPeer;
  settle: (result: SubmitResult) => void;
}

/** A change held this long is worth telling its sender about: its editor says it is saving slowly. */
const PACED_NOTICE_MS = 1_000;
const PACED = encodeNotice('paced');

/**
 * A room's changes held outside its batches until their senders' time is repaid
 * (ParticipantBudgets.admit), each with when it is out of the hold.
 */
export class HeldChanges<C extends HeldChange> {
  private readonly held = new Map<C, Promise<void>>();

  /**
   * Holds `change` until `ready`, then hands it to `stage`; unless it is answered first
   * (`answered`: its room closed, its sender left). Its sender is told if it waits long.
   */
  hold(change: C, ready: Promise<void>, answered: Promise<void>, stage: (change: C) => void): void {
    const staged = ready.then(() => {
      if (this.held.delete(change)) stage(change);
    });
    const out = Promise.race([answered, staged]);
    this.held.set(change, out);
    const tell = setTimeout(() => {
      if (this.held.has(change)) change.peer.send(PACED);
    }, PACED_NOTICE_MS);
    tell.unref();
    void out.then(() => clearTimeout(tell));
  }

  /**
   * The peer is gone: its held changes go unanswered. A client that reconnects sends what it has
   * not had confirmed again, and one that reloaded after a refusal must not see them come back.
   */
  leave(peer: RoomPeer): void {
    for (const change of [...this.held.keys()]) {
      if (change.peer !== peer) continue;
      this.held.delete(change);
      change.settle(UNANSWERED);
    }
  }

  /** The room closed: every held change goes unanswered. */
  dropAll(): void {
    const changes = [...this.held.keys()];
    this.held.clear();
    for (const change of changes) change.settle(UNANSWERED);
  }

  /** Resolves once no change is held any more. */
  async settled(): Promise<void> {
    while (this.held.size > 0) await Promise.all(this.held.values());
  }
}
