import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '../../shared/protocol.ts';

/** Who hears a room's committed changes. */
export interface Listener {
  send(message: Uint8Array): void;
}

/**
 * A room's committed changes on their way out. Every change is already committed when it
 * reaches the live document; those of one event-loop turn go out together: one message, encoded
 * once, one write per peer, however many typists.
 */
export class RoomBroadcast {
  private outgoing: { update: Uint8Array; origin: unknown }[] = [];

  constructor(
    private readonly peers: ReadonlySet<Listener>,
    private readonly closed: () => boolean,
  ) {}

  /** Queues a change; `origin` is the peer that sent it, if any. */
  push(update: Uint8Array, origin: unknown): void {
    if (this.outgoing.push({ update, origin }) === 1) setImmediate(() => this.flush());
  }

  /** Sends what is queued now (a batch's changes before their verdicts). */
  flush(): void {
    const changes = this.outgoing;
    this.outgoing = [];
    if (changes.length === 0 || this.closed()) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, changes.length === 1 ? changes[0]!.update : Y.mergeUpdates(changes.map((c) => c.update)));
    const message = encoding.toUint8Array(encoder);
    // A lone change skips its sender, who has it; a merged one goes to all (Yjs ignores what it has).
    const skip = changes.length === 1 ? changes[0]!.origin : null;
    for (const peer of this.peers) if (peer !== skip) peer.send(message);
  }
}
