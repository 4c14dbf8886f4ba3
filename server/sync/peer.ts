import * as decoding from 'lib0/decoding';
import type { Participant } from '../../shared/participants.ts';
import {
  carriesContent, CLOSE, encodeHeartbeat, encodeVerdict, isHeartbeat, MESSAGE_AWARENESS, MESSAGE_HEARTBEAT, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC,
  SYNC_STEP_1, SYNC_STEP_2, SYNC_UPDATE,
} from '../../shared/protocol.ts';
import type { AdmittedPeer } from './admission.ts';
import { TokenBucket, type SyncLimits } from './limits.ts';
import type { Room, RoomPeer } from './room.ts';

/** What a peer needs of its socket. */
export interface PeerSocket {
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once (a client that stopped reading never answers a close). */
  terminate(): void;
  bufferedAmount(): number;
  /** Sends a WebSocket ping frame; the answer is reported through `Peer.heard`. */
  ping(): void;
}

/**
 * One participant's connection to a room: reads its messages, hands updates to the room to
 * be judged, and answers each content message with the room's verdict, in order.
 */
export class Peer implements RoomPeer, AdmittedPeer {
  readonly awarenessClients = new Set<number>();
  private room: Room | null = null;
  private forward: ((message: Uint8Array) => void) | null = null;
  private waiting: Uint8Array[] = [];
  private contentSeq = 0;
  private closed = false;
  private readonly rate: TokenBucket;
  /** Since when the socket's send buffer has stayed over the limit, if it has. */
  private backlogSince: number | null = null;
  /** When the client last showed it is there: a pong or any message. */
  private lastHeard = performance.now();

  constructor(
    readonly participant: Participant,
    readonly documentId: string,
    readonly sessionHash: string,
    private readonly socket: PeerSocket,
    private readonly limits: SyncLimits,
    /** The participant's budget, shared by all its connections. */
    private readonly participantRate: TokenBucket,
    /**
     * Content messages the client already sent on this socket and had answered elsewhere: a
     * connection handed over to a new authority (issue 15) goes on numbering its verdicts where
     * the last one stopped, as the client counts them.
     */
    firstContentSeq = 0,
  ) {
    this.rate = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
    this.contentSeq = firstContentSeq;
  }

  /**
   * Serves the socket through `forward` instead of a room in this process (issue 15): the
   * socket's own limits (rate, heartbeat, slow reader) still apply here; everything else the
   * client sends goes to `forward`, which takes it to the document's authority, wherever it is,
   * and the authority's answers come back through `send` and `close`.
   */
  relay(forward: (message: Uint8Array) => void): void {
    if (this.closed) return;
    this.forward = forward;
    const waiting = this.waiting;
    this.waiting = [];
    for (const message of waiting) this.receive(message);
  }

  /** Starts serving the room once it is loaded; messages that came earlier are handled now. */
  attach(room: Room): void {
    if (this.closed) return;
    this.room = room;
    room.join(this);
    const waiting = this.waiting;
    this.waiting = [];
    for (const message of waiting) this.receive(message);
  }

  /** The client answered a ping. */
  heard(): void {
    this.lastHeard = performance.now();
  }

  /**
   * Called every `heartbeatIntervalMs` while the socket is open: drops it if the client has been
   * silent for `heartbeatTimeoutMs` (a dead link would not carry a close frame either), else
   * pings it. Runs even after `close`, so a dead socket is not left waiting for a close handshake.
   */
  heartbeat(): void {
    if (performance.now() - this.lastHeard > this.limits.heartbeatTimeoutMs) {
      this.closed = true;
      this.socket.terminate();
      return;
    }
    this.socket.ping();
  }

  receive(message: Uint8Array): void {
    if (this.closed) return;
    this.heard();
    if (!this.rate.take() || !this.participantRate.take()) {
      this.close(CLOSE.rateLimited, 'too many messages; slow down');
      return;
    }
    if (message.length > this.limits.maxMessageBytes) {
      // A relayed change is numbered and refused by the authority, which counts the client's changes.
      if (this.forward && carriesContent(message)) return this.forward(message);
      if (carriesContent(message)) this.refuse(++this.contentSeq, 'the change is too large to accept at once', false);
      else this.close(CLOSE.messageTooLarge, 'message too large');
      return;
    }
    if (message[0] === MESSAGE_HEARTBEAT) {
      // Answered at once, even while the room loads: the client only wants to know the link is alive.
      if (isHeartbeat(message)) this.send(encodeHeartbeat());
      else this.close(CLOSE.malformedMessage, 'malformed heartbeat');
      return;
    }
    if (this.forward) return this.forward(message);
    if (!this.room) {
      this.waiting.push(message);
      return;
    }
    try {
      this.handle(this.room, message);
    } catch {
      this.close(CLOSE.malformedMessage, 'malformed message');
    }
  }

  private handle(room: Room, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SYNC_STEP_1) this.send(room.sync.missingFor(payload));
      else if (step === SYNC_STEP_2 || step === SYNC_UPDATE) this.submit(room, payload);
      else throw new Error('unknown sync step');
    } else if (type === MESSAGE_AWARENESS) {
      if (!room.applyAwareness(this, decoding.readVarUint8Array(decoder))) throw new Error('malformed awareness');
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      const states = room.allAwareness();
      if (states) this.send(states);
    } else {
      throw new Error('unknown message type');
    }
  }

  private submit(room: Room, update: Uint8Array): void {
    const seq = ++this.contentSeq;
    void room.submit(this, update).then((result) => {
      // The change goes again, to the new authority or on reconnecting, and is answered there.
      if (result.outcome === 'unanswered') return;
      if (result.outcome === 'committed') this.send(encodeVerdict({ seq, outcome: 'committed' }));
      else if (result.outcome === 'refused') this.refuse(seq, result.reason, result.malformed);
      else {
        this.send(encodeVerdict({ seq, outcome: 'resync' }));
        this.send(room.sync.stateRequest());
      }
    });
  }

  private refuse(seq: number, reason: string, malformed: boolean): void {
    console.warn(`[document ${this.documentId}] refused an update from ${this.participant.name} (${this.participant.role}): ${reason}`);
    this.send(encodeVerdict({ seq, outcome: 'refused', reason }));
    if (malformed) this.close(CLOSE.malformedMessage, 'malformed update');
    // The sender's copy holds the refused change: it must load the document anew.
    else this.close(CLOSE.refusedUpdate, 'update refused');
  }

  send(message: Uint8Array): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount() > this.limits.maxBufferedBytes) {
      const now = performance.now();
      this.backlogSince ??= now;
      if (now - this.backlogSince > this.limits.slowConsumerGraceMs) {
        // It has stopped reading: a close frame would never be read either.
        this.closed = true;
        this.socket.terminate();
        return;
      }
    } else {
      this.backlogSince = null;
    }
    this.socket.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** The socket is gone: no more messages either way. */
  detach(): Room | null {
    this.closed = true;
    this.waiting = [];
    this.forward = null;
    const room = this.room;
    this.room = null;
    room?.leave(this);
    return room;
  }
}

