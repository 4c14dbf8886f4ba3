import { DocumentUnavailable, type DocumentHandle } from '../documents/document-handle.ts';
import { LocalDocument } from '../documents/local-document.ts';
import { Room } from '../sync/room.ts';
import type { DocumentMessage } from './bus-message.ts';
import type { ClusterContext } from './cluster-context.ts';
import type { ClientLink } from './client-link.ts';
import { relay, relayEndpoint, roomEndpoint, type RelayRoute } from './endpoints.ts';
import { FollowerLinks } from './follower-links.ts';
import { leaseAwareStore } from './lease-aware-store.ts';
import { decodeDelivery, decodeRelay } from './link-frames.ts';
import { answerRequest, refuseRequest, RemoteDocument } from './remote-document.ts';

type Mode =
  | { kind: 'vacant' }
  | { kind: 'authority'; token: number; room: Room; followers: FollowerLinks }
  | ({ kind: 'follower' } & RelayRoute);

/**
 * One document as one process of several sees it (issue 15): this process is its authority
 * (holds the lease, judges, commits with the lease's token, answers everyone), or a follower
 * (relays its clients to the authority and delivers what comes back), or, between the two,
 * vacant (the authority is gone and its lease not yet run out: clients wait, their changes kept).
 *
 * Every change of mode re-homes the process's client links; a link keeps its unanswered changes
 * and sends them to whichever authority comes next.
 */
export class DocumentSeat {
  readonly links = new Set<ClientLink>();
  holds = 0;
  private mode: Mode = { kind: 'vacant' };
  private settling: Promise<void> | null = null;
  private again = false;
  /** Frames for an authority heard while this process was becoming one. */
  private early: DocumentMessage[] = [];
  private timer: NodeJS.Timeout;
  private closed = false;
  private changed = new Set<() => void>();
  private renewedAt = performance.now();

  private constructor(
    readonly documentId: string,
    private readonly ctx: ClusterContext,
    private readonly unsubscribe: () => Promise<void>,
  ) {
    this.timer = setInterval(() => void this.tick(), Math.min(ctx.timing.checkMs, ctx.timing.renewMs));
  }

  /** Listens to the document's channel, then finds or becomes its authority. */
  static async open(documentId: string, ctx: ClusterContext): Promise<DocumentSeat> {
    let seat: DocumentSeat | null = null;
    const early: DocumentMessage[] = [];
    const unsubscribe = await ctx.bus.subscribeDocument(documentId, (message) => (seat ? seat.hear(message) : early.push(message)));
    seat = new DocumentSeat(documentId, ctx, unsubscribe);
    for (const message of early) seat.hear(message);
    try {
      await seat.settle();
    } catch (error) {
      await seat.close();
      throw error;
    }
    return seat;
  }

  /** Who leads the document as this process knows it. */
  get authority(): { node: string; token: number } | null {
    if (this.mode.kind === 'authority') return { node: this.ctx.node, token: this.mode.token };
    if (this.mode.kind === 'follower') return { node: this.mode.node, token: this.mode.token };
    return null;
  }

  /** Whether nothing keeps the seat open: no client, no request, no other process's client here. */
  get unused(): boolean {
    return this.links.size === 0 && this.holds === 0 && (this.mode.kind !== 'authority' || this.mode.followers.size === 0);
  }

  addLink(link: ClientLink): void {
    this.links.add(link);
    this.bindLink(link);
  }

  removeLink(link: ClientLink): void {
    link.close();
    this.links.delete(link);
  }

  /** A handle for a route: the room here, or the authority elsewhere; waits (a few seconds) while there is none. */
  async handle(): Promise<DocumentHandle> {
    const deadline = performance.now() + this.ctx.timing.leaseMs * 2 + 2_000;
    for (;;) {
      const mode = this.mode;
      if (mode.kind === 'authority') return new LocalDocument(mode.room, this.ctx.store);
      if (mode.kind === 'follower') return new RemoteDocument(this.documentId, mode.node, this.ctx.rpc);
      if (performance.now() > deadline) throw new DocumentUnavailable('no process leads this document at the moment; try again in a few seconds');
      await new Promise<void>((resolve) => {
        this.changed.add(resolve);
        setTimeout(resolve, this.ctx.timing.checkMs);
      });
    }
  }

  /** Another process says it now leads the document: look at once rather than at the next tick. */
  authorityChanged(): void {
    if (this.mode.kind !== 'authority') void this.settle();
  }

  /**
   * Messages to or from this process may have been lost (its connection to Redis came back, or
   * the authority's did): a follower serves every link anew from the same authority — joined
   * again, its unanswered changes sent again, the whole document sent to the client; an
   * authority asks its followers to do so.
   */
  resync(): void {
    const mode = this.mode;
    if (mode.kind === 'follower') this.become({ kind: 'follower', node: mode.node, token: mode.token, links: new Map() });
    else if (mode.kind === 'authority') {
      this.ctx.bus.publishToCluster('authority', new TextEncoder().encode(`resync:${mode.token}`), this.documentId).catch(() => undefined);
    }
  }

  /** The authority `node` (token `token`) asks its followers to resynchronise. */
  resyncFrom(node: string, token: number): void {
    const mode = this.mode;
    if (mode.kind === 'follower' && mode.node === node && mode.token === token) this.resync();
  }

  /**
   * Finds out who leads the document and takes the lease if nobody does; one look at a time (a
   * call during one asks for another after it).
   */
  settle(): Promise<void> {
    if (this.settling) {
      this.again = true;
      return this.settling;
    }
    this.settling = (async () => {
      try {
        do {
          this.again = false;
          await this.look();
        } while (this.again && !this.closed);
      } finally {
        this.settling = null;
        const early = this.early;
        this.early = [];
        for (const message of early) this.hear(message);
        for (const wake of this.changed) wake();
        this.changed.clear();
      }
    })();
    return this.settling;
  }

  private async look(): Promise<void> {
    if (this.closed || this.mode.kind === 'authority') return;
    const { leases, node, timing } = this.ctx;
    let lease = await leases.current(this.documentId);
    if (!lease || !lease.live) {
      const token = await leases.acquire(this.documentId, node, timing.leaseMs);
      if (token !== null) return this.lead(token);
      lease = await leases.current(this.documentId);
    }
    // A lease under this node's own name that this process does not hold is an earlier process's
    // of the same name: it runs out on its own.
    if (!lease || !lease.live || lease.node === node) return this.become({ kind: 'vacant' });
    if (this.mode.kind === 'follower' && this.mode.node === lease.node && this.mode.token === lease.token) return;
    this.become({ kind: 'follower', node: lease.node, token: lease.token, links: new Map() });
  }

  /** Takes the document over: loads it from the store as the lease's holder, and serves every link from here. */
  private async lead(token: number): Promise<void> {
    const { ctx } = this;
    let room: Room;
    try {
      room = await Room.load(this.documentId, leaseAwareStore(ctx.store, ctx.leases), ctx.limits, ctx.budgets, { node: ctx.node, token });
    } catch (error) {
      // A document that cannot be loaded is not led by anyone here: let another try.
      await ctx.leases.release(this.documentId, ctx.node, token).catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      room.destroy();
      await ctx.leases.release(this.documentId, ctx.node, token).catch(() => undefined);
      return;
    }
    const followers = new FollowerLinks(ctx.bus, room, token, ctx.limits, ctx.timing.followerTimeoutMs);
    room.onLeaseLost = () => this.depose('a write was refused by the fencing token');
    this.renewedAt = performance.now();
    this.become({ kind: 'authority', token, room, followers });
    console.log(`[cluster] ${ctx.node} leads document ${this.documentId} (token ${token})`);
    ctx.bus.publishToCluster('authority', new TextEncoder().encode(`lead:${token}`), this.documentId).catch(() => undefined);
  }

  /**
   * This process lost the lease (another took it over while this one was paused or cut off):
   * at once, nothing more goes out from its room, which is dropped; the links look for the new
   * authority and send it what is still unanswered.
   */
  private depose(why: string): void {
    const mode = this.mode;
    // Said even when the seat is already closing (its last client gone while the process was
    // paused): the room it waits on may still find the lease taken when it writes.
    console.warn(`[cluster] ${this.ctx.node} no longer leads document ${this.documentId}: ${why}`);
    if (mode.kind !== 'authority') return;
    mode.followers.silence();
    this.become({ kind: 'vacant' });
    mode.room.depose();
    void this.settle().catch((error: unknown) => console.error(`[cluster] could not find document ${this.documentId}'s new authority`, error));
  }

  private become(mode: Mode): void {
    this.mode = mode;
    for (const link of this.links) link.unbind();
    for (const link of this.links) this.bindLink(link);
    for (const wake of this.changed) wake();
    this.changed.clear();
  }

  private bindLink(link: ClientLink): void {
    const mode = this.mode;
    if (mode.kind === 'authority') {
      link.bind((wiring) => roomEndpoint(mode.room, link, wiring, this.ctx.limits));
    } else if (mode.kind === 'follower') {
      link.bind((wiring) => relayEndpoint(this.ctx.bus, this.documentId, mode, link, wiring));
    }
  }

  /** What other processes say about the document. */
  hear(message: DocumentMessage): void {
    try {
      if (message.kind === 'reply') return this.ctx.rpc.hear(message.payload);
      if (message.kind === 'relay' || message.kind === 'request') {
        if (this.settling) {
          this.early.push(message);
          return;
        }
        const mode = this.mode;
        if (mode.kind !== 'authority') {
          if (message.kind === 'request') refuseRequest(this.ctx.bus, this.documentId, message.payload);
          return;
        }
        if (message.kind === 'relay') {
          const relay = decodeRelay(message.payload);
          if (relay.to === this.ctx.node && relay.token === mode.token) mode.followers.hear(message.from, relay.ops);
        } else {
          this.holds++;
          answerRequest(this.ctx.bus, this.documentId, new LocalDocument(mode.room, this.ctx.store), message.payload)
            .catch((error: unknown) => console.warn(`[cluster] could not answer a request on document ${this.documentId}: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => this.holds--);
        }
        return;
      }
      if (message.kind === 'deliver') {
        const mode = this.mode;
        if (mode.kind !== 'follower' || message.from !== mode.node) return;
        const delivery = decodeDelivery(message.payload);
        if (delivery.to !== this.ctx.node || delivery.token !== mode.token) return;
        for (const entry of delivery.entries) {
          if ('message' in entry) for (const link of entry.links) mode.links.get(link)?.deliver(entry.message);
          else mode.links.get(entry.link)?.close(entry.close, entry.reason);
        }
      }
    } catch (error) {
      console.warn(`[cluster] dropped a malformed ${message.kind} from ${message.from} on document ${this.documentId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The authority renews its lease and forgets silent followers; a follower looks at the lease and says it is there. */
  private async tick(): Promise<void> {
    if (this.closed || this.settling) return;
    const mode = this.mode;
    const { leases, node, timing } = this.ctx;
    try {
      if (mode.kind === 'authority') {
        mode.followers.sweep();
        if (performance.now() - this.renewedAt < timing.renewMs) return;
        this.renewedAt = performance.now();
        if (!(await leases.renew(this.documentId, node, mode.token, timing.leaseMs))) this.depose('its lease was taken over');
      } else {
        if (mode.kind === 'follower') relay(this.ctx.bus, this.documentId, mode, [{ op: 'alive', links: [...mode.links.keys()] }]);
        await this.settle();
      }
    } catch (error) {
      // The database is unreachable for now: the fencing token still guards every write.
      console.warn(`[cluster] lease check for document ${this.documentId} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Lets the document go: its pending changes written, its lease released for the next process. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const link of this.links) link.close();
    this.links.clear();
    await this.settling?.catch(() => undefined);
    const mode = this.mode;
    this.mode = { kind: 'vacant' };
    if (mode.kind === 'authority') {
      await mode.room.idle();
      mode.followers.silence();
      mode.room.destroy();
      await this.ctx.leases.release(this.documentId, this.ctx.node, mode.token).catch(() => undefined);
    } else if (mode.kind === 'follower') {
      mode.links.clear();
    }
    await this.unsubscribe().catch(() => undefined);
  }
}
