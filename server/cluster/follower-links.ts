import type { Bus } from './bus.ts';
import { encodeDelivery, type Delivery, type LinkId, type RelayOp } from './link-frames.ts';
import { TokenBucket, type SyncLimits } from '../sync/limits.ts';
import { Peer } from '../sync/peer.ts';
import type { Room } from '../sync/room.ts';

/** What the authority knows of a follower process: its links here, and when it last spoke. */
interface Follower {
  links: Map<LinkId, Peer>;
  lastHeard: number;
}

/**
 * At a document's authority, the clients of the other processes (issue 15): each is a peer of
 * the room like a local one — judged, answered, counted the same — whose socket is a line over
 * the bus to its own process. What goes to one process in one event-loop turn goes as one
 * message, and a broadcast (the same bytes to many of its clients) is carried once.
 */
export class FollowerLinks {
  private readonly followers = new Map<string, Follower>();
  private readonly outboxes = new Map<string, Delivery[]>();
  private readonly budgets = new Map<string, TokenBucket>();
  private silenced = false;

  constructor(
    private readonly bus: Bus,
    private readonly room: Room,
    private readonly token: number,
    private readonly limits: SyncLimits,
    /** A follower silent this long is taken for dead and its clients for gone. */
    private readonly followerTimeoutMs: number,
  ) {}

  /** Clients of other processes in the room now. */
  get size(): number {
    let n = 0;
    for (const follower of this.followers.values()) n += follower.links.size;
    return n;
  }

  hear(from: string, ops: readonly RelayOp[]): void {
    if (this.silenced) return;
    let follower = this.followers.get(from);
    if (!follower) this.followers.set(from, (follower = { links: new Map(), lastHeard: 0 }));
    follower.lastHeard = performance.now();
    for (const op of ops) {
      // A process speaks only for its own clients.
      if ('link' in op && !op.link.startsWith(`${from}/`)) continue;
      if (op.op === 'join') {
        follower.links.get(op.link)?.detach();
        const peer = this.peerFor(from, op.link, op.participant, op.firstSeq);
        follower.links.set(op.link, peer);
        peer.attach(this.room);
      } else if (op.op === 'message') {
        follower.links.get(op.link)?.receive(op.message);
      } else if (op.op === 'leave') {
        follower.links.get(op.link)?.detach();
        follower.links.delete(op.link);
      } else {
        // Links it no longer names have gone without a word (a lost message): they leave.
        const named = new Set(op.links);
        for (const [link, peer] of follower.links) {
          if (!named.has(link)) {
            peer.detach();
            follower.links.delete(link);
          }
        }
      }
    }
    if (follower.links.size === 0) this.followers.delete(from);
  }

  /** Forgets the clients of followers that stopped speaking (killed, cut off). */
  sweep(): void {
    const now = performance.now();
    for (const [node, follower] of this.followers) {
      if (now - follower.lastHeard < this.followerTimeoutMs) continue;
      for (const peer of follower.links.values()) peer.detach();
      this.followers.delete(node);
    }
  }

  /** This process no longer leads the document: nothing more goes out, and the clients leave the room. */
  silence(): void {
    this.silenced = true;
    this.outboxes.clear();
    for (const follower of this.followers.values()) for (const peer of follower.links.values()) peer.detach();
    this.followers.clear();
  }

  private peerFor(node: string, link: LinkId, participant: Peer['participant'], firstSeq: number): Peer {
    let budget = this.budgets.get(participant.id);
    if (!budget) this.budgets.set(participant.id, (budget = new TokenBucket(this.limits.participantMessagesPerSecond, this.limits.participantMessageBurst)));
    return new Peer(
      participant, this.room.documentId, '',
      {
        send: (message) => this.push(node, link, message),
        close: (code, reason) => this.post(node, { link, close: code, reason: reason.slice(0, 123) }),
        terminate: () => this.post(node, { link, close: 4508, reason: 'not reading' }),
        // The follower's own socket watches its buffer and its heartbeats.
        bufferedAmount: () => 0,
        ping: () => undefined,
      },
      this.limits, budget, firstSeq,
    );
  }

  /** One message for one link; the same bytes to the next link of the same process ride along. */
  private push(node: string, link: LinkId, message: Uint8Array): void {
    const outbox = this.outbox(node);
    if (!outbox) return;
    const last = outbox.at(-1);
    if (last && 'message' in last && last.message === message) last.links.push(link);
    else outbox.push({ links: [link], message });
  }

  private post(node: string, entry: Delivery): void {
    this.outbox(node)?.push(entry);
  }

  private outbox(node: string): Delivery[] | null {
    if (this.silenced) return null;
    let outbox = this.outboxes.get(node);
    if (!outbox) {
      this.outboxes.set(node, (outbox = []));
      setImmediate(() => this.flush(node));
    }
    return outbox;
  }

  private flush(node: string): void {
    const entries = this.outboxes.get(node);
    this.outboxes.delete(node);
    if (!entries || entries.length === 0 || this.silenced) return;
    this.bus.publishToDocument(this.room.documentId, 'deliver', encodeDelivery(node, this.token, entries)).catch((error: unknown) => {
      // Lost with the connection to Redis: the follower's clients resync when it notices.
      console.warn(`[cluster] could not deliver to ${node} for document ${this.room.documentId}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}
