import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { carriesContent, CLOSE, MESSAGE_AWARENESS, MESSAGE_SYNC, MESSAGE_VERDICT, SYNC_STEP_1 } from '../../shared/protocol.ts';
import type { Participant } from '../../shared/participants.ts';

/** Where a link's messages go now: the document's authority, in this process or another. */
export interface Endpoint {
  send(message: Uint8Array): void;
  /** The link leaves this authority (the socket closed, or the authority changed). */
  leave(): void;
}

/** How a link hears its authority; both are cut off when the link leaves that authority. */
export interface EndpointWiring {
  deliver(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Content messages the client has had answered: the authority numbers its verdicts on from there. */
  firstSeq: number;
}

/** What a link needs of its socket's peer: who it is, and the way to the client. */
export interface LinkSocket {
  readonly participant: Participant;
  readonly sessionHash: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Changes a link keeps waiting for a verdict, at most (minutes of typing at the allowed rate). */
const MAX_UNANSWERED = 5_000;

/** Sync step 1 with an empty state vector: "send me the whole document". */
function wholeDocumentRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, SYNC_STEP_1);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0]));
  return encoding.toUint8Array(encoder);
}

function verdictSeq(message: Uint8Array): number | null {
  if (message[0] !== MESSAGE_VERDICT) return null;
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarUint(decoder);
    return decoding.readVarUint(decoder);
  } catch {
    return null;
  }
}

/**
 * One client socket when several processes share the documents (issue 15). The socket stays
 * where it is; the document's authority may move (killed, paused, unloaded elsewhere). So the
 * link keeps what a new authority needs to carry on as if nothing happened:
 *
 * - the client's content messages not yet answered by a verdict, in order: on a new authority
 *   they are sent again and judged there — once, since an update the old one had committed is
 *   already in the text the new one loaded, and adds nothing ("committed" again);
 * - how many the client has had answered, so the new authority numbers its verdicts on from
 *   there, as the client counts them;
 * - the client's last presence, announced again.
 *
 * Anything an old authority still sends once the link has left it (a deposed process's last
 * refusals, its closes) is dropped: only the current authority speaks to the client.
 */
export class ClientLink {
  /** Content messages of the client's, and the number of the last one answered. */
  private sent = 0;
  private answered = 0;
  /** Content messages sent but not answered: `answered + 1 … sent`. */
  private unanswered: Uint8Array[] = [];
  private lastPresence: Uint8Array | null = null;
  /** Other messages that came while no authority was known (the first sync step, say). */
  private waiting: Uint8Array[] = [];
  private endpoint: Endpoint | null = null;
  private generation = 0;
  private everBound = false;
  private gone = false;

  constructor(
    readonly id: string,
    readonly documentId: string,
    readonly socket: LinkSocket,
  ) {}

  get participant(): Participant {
    return this.socket.participant;
  }

  /** Whether an authority serves the link now. */
  get bound(): boolean {
    return this.endpoint !== null;
  }

  /** How many of the client's changes wait for a verdict (tests and logs). */
  get pending(): number {
    return this.unanswered.length;
  }

  /** A message from the client, past the socket's own limits. */
  fromClient(message: Uint8Array): void {
    if (this.gone) return;
    const content = carriesContent(message);
    if (content) {
      // No authority has answered for a long while (none takes the document over): rather than
      // hold ever more, the client is sent away to come back, its unsaved changes with it.
      if (this.unanswered.length >= MAX_UNANSWERED) {
        this.socket.close(CLOSE.serverShutdown, 'the document is changing hands; reconnect');
        return;
      }
      this.sent++;
      this.unanswered.push(message);
    } else if (message[0] === MESSAGE_AWARENESS) {
      this.lastPresence = message;
    }
    if (this.endpoint) this.endpoint.send(message);
    else if (!content) this.waiting.push(message);
  }

  /**
   * Serves the link from a new authority. On a link that was served before, the client's copy
   * is brought up to date (the whole document: what the old authority committed but had not yet
   * sent is in it), its unanswered changes are sent again, then its presence.
   */
  bind(connect: (wiring: EndpointWiring) => Endpoint): void {
    if (this.gone) return;
    this.unbind();
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.gone;
    const endpoint = connect({
      deliver: (message) => {
        if (current()) this.toClient(message);
      },
      close: (code, reason) => {
        if (current()) this.socket.close(code, reason);
      },
      firstSeq: this.answered,
    });
    this.endpoint = endpoint;
    if (this.everBound) endpoint.send(wholeDocumentRequest());
    for (const message of this.unanswered) endpoint.send(message);
    const waiting = this.waiting;
    this.waiting = [];
    for (const message of waiting) endpoint.send(message);
    if (this.everBound && this.lastPresence) endpoint.send(this.lastPresence);
    this.everBound = true;
  }

  /** Leaves the current authority: nothing more is heard from it. */
  unbind(): void {
    this.generation++;
    const endpoint = this.endpoint;
    this.endpoint = null;
    endpoint?.leave();
  }

  /** The socket closed. */
  close(): void {
    this.unbind();
    this.gone = true;
    this.unanswered = [];
    this.waiting = [];
  }

  private toClient(message: Uint8Array): void {
    const seq = verdictSeq(message);
    if (seq !== null && seq > this.answered) {
      this.unanswered.splice(0, Math.min(seq - this.answered, this.unanswered.length));
      this.answered = seq;
    }
    this.socket.send(message);
  }
}
