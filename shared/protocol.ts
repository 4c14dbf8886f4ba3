import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The sync socket speaks the y-websocket protocol (sync and awareness messages) plus three
 * messages of Accord's own: the server's verdict on each update a client sent, notices of
 * changes to a document outside its text (a revision issued, a decision recorded), and the
 * heartbeat by which a client learns that its link still carries messages.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
export const MESSAGE_VERDICT = 100;
export const MESSAGE_NOTICE = 101;
export const MESSAGE_HEARTBEAT = 102;

/** y-protocols sync sub-types that carry document content. */
export const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
export const SYNC_UPDATE = 2;

/** The version of the document schema; a client on another version is refused at connect. */
export const SCHEMA_VERSION = 1;

/**
 * Close codes (4000–4999 are the application's). Permanent ones tell the client not to
 * reconnect: reconnecting would be refused the same way.
 */
export const CLOSE = {
  /** The update broke a rule; the client must drop its copy and load the document anew. */
  refusedUpdate: 4000,
  malformedMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  unknownDocument: 4404,
  schemaMismatch: 4409,
  /** A message larger than the server accepts (that is not a change: changes are refused). */
  messageTooLarge: 4413,
  serverShutdown: 4503,
  /** The client did not read what the server sent it; it may come back. */
  slowConsumer: 4508,
  /** Too many messages too fast; reconnecting after a pause is fine. */
  rateLimited: 4529,
} as const;

/** y-websocket treats 4400–4499 as "do not reconnect"; ours follow that convention. */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/**
 * The server's answer to the n-th content-carrying message of a connection (sync step 2 or
 * update): committed to storage; refused, with a reason the client shows; or `resync` — the
 * change builds on changes the server does not have (lost in a crash before they were
 * confirmed), so the server asks for the client's whole state (it sends sync step 1) and will
 * answer that in turn.
 */
export type Verdict = { seq: number; outcome: 'committed' } | { seq: number; outcome: 'refused'; reason: string } | { seq: number; outcome: 'resync' };

const OUTCOMES = ['refused', 'committed', 'resync'] as const;

export function encodeVerdict(verdict: Verdict): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_VERDICT);
  encoding.writeVarUint(encoder, verdict.seq);
  encoding.writeVarUint(encoder, OUTCOMES.indexOf(verdict.outcome));
  if (verdict.outcome === 'refused') encoding.writeVarString(encoder, verdict.reason);
  return encoding.toUint8Array(encoder);
}

/** Reads a verdict after its message type has been read. */
export function readVerdict(decoder: decoding.Decoder): Verdict {
  const seq = decoding.readVarUint(decoder);
  const outcome = OUTCOMES[decoding.readVarUint(decoder)];
  if (outcome === 'refused') return { seq, outcome, reason: decoding.readVarString(decoder) };
  if (outcome === 'committed' || outcome === 'resync') return { seq, outcome };
  throw new Error('unknown verdict');
}

/**
 * Whether a message carries document content the server judges and answers with a verdict.
 * Client and server count these messages the same way, so the n-th verdict answers the n-th.
 */
export function carriesContent(message: Uint8Array): boolean {
  // Only the first two bytes matter: message types and sync steps are single-byte varuints.
  return message.length >= 2 && message[0] === MESSAGE_SYNC && (message[1] === SYNC_STEP_2 || message[1] === SYNC_UPDATE);
}

export type { PresenceUser } from './participants.ts';

/**
 * What a notice says changed: only the topic; clients read the details through the REST API.
 * `paced` goes to one connection only: its changes are held until its sender's share of the
 * server's time is repaid (server/sync/participant-budgets.ts); they are kept, and saved then.
 */
export const NOTICES = ['revisions', 'audit', 'paced'] as const;
export type Notice = (typeof NOTICES)[number];

export function encodeNotice(notice: Notice): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_NOTICE);
  encoding.writeVarString(encoder, notice);
  return encoding.toUint8Array(encoder);
}

/** Reads a notice after its message type has been read; null for one this client does not know. */
export function readNotice(decoder: decoding.Decoder): Notice | null {
  const topic = decoding.readVarString(decoder);
  return (NOTICES as readonly string[]).includes(topic) ? (topic as Notice) : null;
}

/**
 * A heartbeat: one byte, the message type. A client that has heard nothing for a while sends
 * one; the server sends it straight back, whatever its rooms are doing. A browser can neither
 * send WebSocket pings nor see the server's, so this is how it notices a silent link within
 * seconds (y-websocket's own watchdog waits 30).
 */
export function encodeHeartbeat(): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(MESSAGE_HEARTBEAT);
}

/**
 * Whether a message is a well-formed heartbeat. A message of the heartbeat type that is not
 * exactly one is malformed: nothing else may ride on it.
 */
export function isHeartbeat(message: Uint8Array): boolean {
  return message.length === 1 && message[0] === MESSAGE_HEARTBEAT;
}
