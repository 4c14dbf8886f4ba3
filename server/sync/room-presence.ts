import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { MESSAGE_AWARENESS } from '../../shared/protocol.ts';
import { rewriteAwarenessIdentity, type AwarenessEntry } from './awareness-identity.ts';
import { DEFAULT_LIMITS, TokenBucket, type SyncLimits } from './limits.ts';
import type { RoomPeer } from './room.ts';

type PresenceLimits = Pick<SyncLimits, 'maxPresenceStateChars' | 'presencePerSecond' | 'presenceBurst'>;

/** A connection's pace of presence changes: past its rate only the latest waits, to be relayed when allowed. */
interface Pace {
  bucket: TokenBucket;
  held: Uint8Array | null;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Who is in a room and where their carets are: the room's awareness, written by its peers and
 * relayed to all of them. A connection speaks for one presence, the first it announces, and
 * every other entry it sends is dropped: y-websocket clients echo back to the server every
 * awareness change they receive, and were the echo of a departed participant's removal taken
 * as a claim, that participant's presence, announced again on its return, would be refused as
 * someone else's. Each state is checked (a caret of bounded size, nothing else) and each
 * connection's changes are paced: every one is sent to every peer.
 */
export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly pacing = new Map<RoomPeer, Pace>();

  constructor(
    doc: Y.Doc,
    private readonly peers: ReadonlySet<RoomPeer>,
    /** Which participant writes the text under each Yjs client id. */
    private readonly writers: ReadonlyMap<number, string>,
    private readonly limits: PresenceLimits = DEFAULT_LIMITS,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.relay);
  }

  /** Every presence in the room as one message, or null if there is none. */
  everyone(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length > 0 ? this.message(clients) : null;
  }

  /** Applies a peer's presence, with its identity written from its session, and relays it; false if malformed. */
  apply(peer: RoomPeer, update: Uint8Array): boolean {
    let claimed: number | null = null;
    const rewritten = rewriteAwarenessIdentity(update, peer.participant, (entry) => {
      if (peer.awarenessClients.has(entry.client)) return true;
      if (peer.awarenessClients.size > 0 || claimed !== null || !this.mayClaim(peer, entry)) return false;
      claimed = entry.client;
      return true;
    }, this.limits.maxPresenceStateChars);
    if (!rewritten) return false;
    if (claimed !== null) {
      // Another connection of the same participant holding this id is the same copy of the
      // document on a link that died unnoticed: the new one takes the id over, or its presence
      // would be refused until the old socket is found dead — and then erased with it.
      for (const other of this.peers) other.awarenessClients.delete(claimed);
      peer.awarenessClients.add(claimed);
    }
    // An echo of others' presence: nothing to relay, nothing to count.
    if (rewritten.clients.length === 0) return true;
    let pace = this.pacing.get(peer);
    if (!pace) this.pacing.set(peer, (pace = { bucket: new TokenBucket(this.limits.presencePerSecond, this.limits.presenceBurst), held: null, timer: null }));
    if (pace.held === null && pace.bucket.take()) awarenessProtocol.applyAwarenessUpdate(this.awareness, rewritten.update, peer);
    else this.hold(peer, pace, rewritten.update);
    return true;
  }

  /** Too fast: the latest state waits (a caret's last place matters, not its path) until the pace allows. */
  private hold(peer: RoomPeer, pace: Pace, update: Uint8Array): void {
    pace.held = update;
    pace.timer ??= setTimeout(() => {
      pace.timer = null;
      const held = pace.held;
      if (held === null || !this.peers.has(peer)) return;
      if (!pace.bucket.take()) return this.hold(peer, pace, held);
      pace.held = null;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, held, peer);
    }, Math.ceil(pace.bucket.msUntil()));
  }

  /** The peer has gone: so has its presence, for everyone. */
  leave(peer: RoomPeer): void {
    const pace = this.pacing.get(peer);
    if (pace?.timer) clearTimeout(pace.timer);
    this.pacing.delete(peer);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessClients], null);
  }

  destroy(): void {
    for (const pace of this.pacing.values()) if (pace.timer) clearTimeout(pace.timer);
    this.pacing.clear();
    this.awareness.destroy();
  }

  /**
   * Whether a connection may take this presence for its own: a state (not a removal), newer
   * than the one the room knows (an echo is not), held by no other participant's connection and
   * not the client id another participant writes the text with.
   */
  private mayClaim(peer: RoomPeer, entry: AwarenessEntry): boolean {
    const participantId = peer.participant.id;
    if (!entry.present || entry.clock <= (this.awareness.meta.get(entry.client)?.clock ?? 0)) return false;
    const writer = this.writers.get(entry.client);
    if (writer !== undefined && writer !== participantId) return false;
    for (const other of this.peers) {
      if (other !== peer && other.awarenessClients.has(entry.client) && other.participant.id !== participantId) return false;
    }
    return true;
  }

  private readonly relay = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    const message = this.message([...added, ...updated, ...removed]);
    for (const peer of this.peers) peer.send(message);
  };

  private message(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }
}
