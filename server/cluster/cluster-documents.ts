import { CLOSE } from '../../shared/protocol.ts';
import type { Documents, DocumentHandle } from '../documents/document-handle.ts';
import type { PostgresLeases } from '../store/postgres-leases.ts';
import type { Store } from '../store/store.ts';
import type { SyncLimits } from '../sync/limits.ts';
import { ParticipantBudgets } from '../sync/participant-budgets.ts';
import type { Peer } from '../sync/peer.ts';
import type { Bus, Unsubscribe } from './bus.ts';
import type { ClusterMessage } from './bus-message.ts';
import { ClientLink } from './client-link.ts';
import { DEFAULT_CLUSTER_TIMING, type ClusterContext, type ClusterTiming } from './cluster-context.ts';
import { DocumentSeat } from './document-seat.ts';
import { ClusterRpc } from './remote-document.ts';
import { SharedAdmission } from './shared-admission.ts';

export interface ClusterOptions {
  node: string;
  bus: Bus;
  store: Store;
  leases: PostgresLeases;
  limits: SyncLimits;
  timing?: Partial<ClusterTiming>;
  /** A participant revoked or changed on another process: close its sockets here. */
  onRevoked(participantId: string): void;
}

/**
 * The documents when several processes share PostgreSQL and Redis (issue 15): for each document
 * one process leads (its lease), the others relay; any process serves any client and any route.
 * Takes the place of the room registry (sockets) and of LocalDocuments (routes) in that mode.
 */
export class ClusterDocuments implements Documents {
  private readonly seats = new Map<string, Promise<DocumentSeat>>();
  private readonly ctx: ClusterContext;
  private linkCount = 0;
  private readonly sweep: NodeJS.Timeout;
  private stopListening: Unsubscribe | null = null;
  /** Each participant's sockets on every process, for the connection caps. */
  private readonly admission: SharedAdmission;

  private constructor(private readonly options: ClusterOptions) {
    const timing = { ...DEFAULT_CLUSTER_TIMING, ...options.timing };
    this.ctx = {
      node: options.node, bus: options.bus, store: options.store, leases: options.leases, limits: options.limits,
      budgets: new ParticipantBudgets(options.limits), timing, rpc: new ClusterRpc(options.bus),
    };
    this.admission = new SharedAdmission(options.bus, options.limits);
    // A document led here whose last follower left stays loaded until this notices.
    this.sweep = setInterval(() => void this.closeUnused(), timing.renewMs);
  }

  static async start(options: ClusterOptions): Promise<ClusterDocuments> {
    const documents = new ClusterDocuments(options);
    documents.stopListening = await options.bus.subscribeCluster((message) => documents.hearCluster(message));
    // What was said while Redis was out of reach is lost: every open document resynchronises.
    options.bus.onReconnect(() => void documents.resyncAll());
    return documents;
  }

  /** Tells every other process at once that a participant lost access (they close its sockets). */
  async revoked(participantId: string): Promise<void> {
    await this.ctx.bus.publishToCluster('revoked', new TextEncoder().encode(participantId));
  }

  private hearCluster(message: ClusterMessage): void {
    if (message.kind === 'authority' && message.documentId) {
      const said = /^(lead|resync):([1-9][0-9]{0,15})$/.exec(new TextDecoder().decode(message.payload));
      if (!said) return;
      const [, what, token] = said;
      void this.seats.get(message.documentId)?.then(
        (seat) => (what === 'resync' ? seat.resyncFrom(message.from, Number(token)) : seat.authorityChanged()),
        () => undefined,
      );
    } else if (message.kind === 'revoked' || message.kind === 'role-changed') {
      const participantId = new TextDecoder().decode(message.payload);
      if (/^[A-Za-z0-9._:-]{1,200}$/.test(participantId)) this.options.onRevoked(participantId);
    }
  }

  private seat(documentId: string): Promise<DocumentSeat> {
    let seat = this.seats.get(documentId);
    if (!seat) {
      seat = DocumentSeat.open(documentId, this.ctx);
      this.seats.set(documentId, seat);
      seat.catch(() => {
        if (this.seats.get(documentId) === seat) this.seats.delete(documentId);
      });
    }
    return seat;
  }

  /** Why the participant may not open another socket to the document, counting its sockets on every process; null if it may. */
  admissionRefusal(participantId: string, documentId: string): Promise<string | null> {
    return this.admission.refusal(participantId, documentId);
  }

  /** Serves a socket's peer from the document's authority, wherever it is; the link is the socket's until `disconnect`. */
  connect(peer: Peer): ClientLink {
    const link = new ClientLink(`${this.ctx.node}/${++this.linkCount}`, peer.documentId, peer);
    this.admission.opened(peer.participant.id, peer.documentId);
    peer.relay((message) => link.fromClient(message));
    this.seat(peer.documentId).then(
      (seat) => seat.addLink(link),
      (error: unknown) => {
        console.error(`[cluster] could not open document ${peer.documentId}`, error);
        peer.close(1011, 'the document could not be loaded');
      },
    );
    return link;
  }

  disconnect(link: ClientLink): void {
    link.close();
    this.admission.closed(link.participant.id, link.documentId);
    void this.seats.get(link.documentId)?.then((seat) => {
      seat.removeLink(link);
      return this.closeIfUnused(seat);
    }, () => undefined);
  }

  async use<T>(documentId: string, work: (handle: DocumentHandle) => Promise<T>): Promise<T> {
    const seat = await this.seat(documentId);
    seat.holds++;
    try {
      return await work(await seat.handle());
    } finally {
      seat.holds--;
      void this.closeIfUnused(seat);
    }
  }

  private async resyncAll(): Promise<void> {
    const settled = await Promise.allSettled(this.seats.values());
    for (const s of settled) if (s.status === 'fulfilled') s.value.resync();
  }

  /** Who leads a document as this process knows it (tests, logs); null if it is not open here. */
  async authorityOf(documentId: string): Promise<{ node: string; token: number } | null> {
    const seat = this.seats.get(documentId);
    return seat ? (await seat).authority : null;
  }

  private async closeIfUnused(seat: DocumentSeat): Promise<void> {
    if (!seat.unused) return;
    const current = this.seats.get(seat.documentId);
    if (!current || (await current) !== seat || !seat.unused) return;
    this.seats.delete(seat.documentId);
    await seat.close();
  }

  private async closeUnused(): Promise<void> {
    const settled = await Promise.allSettled(this.seats.values());
    for (const s of settled) if (s.status === 'fulfilled') await this.closeIfUnused(s.value);
  }

  /** Closes every client with `code`, writes what is pending, lets every lease go. */
  async closeAll(code: number = CLOSE.serverShutdown, reason = 'server restarting'): Promise<void> {
    clearInterval(this.sweep);
    this.admission.stop();
    await this.stopListening?.().catch(() => undefined);
    const settled = await Promise.allSettled(this.seats.values());
    this.seats.clear();
    for (const s of settled) {
      if (s.status !== 'fulfilled') continue;
      for (const link of s.value.links) link.socket.close(code, reason);
      await s.value.close();
    }
    this.ctx.rpc.close();
  }
}
