import { z } from 'zod';

/**
 * What processes tell each other over Redis (issue 15). On a document's channel: other processes'
 * clients' messages relayed to the authority (`relay`), what the authority sends those clients
 * (`deliver`), and work a route asks of the authority (`request`, `reply`), all read by
 * link-frames.ts. On the cluster channel: what every process must act on at once (a participant revoked, a role changed, a document's authority changed). The payload is
 * opaque bytes (a Yjs update, a protocol frame, a small JSON record): its own reader checks it.
 */
export const DOCUMENT_MESSAGE_KINDS = ['update', 'awareness', 'relay', 'notice', 'deliver', 'request', 'reply'] as const;
export const CLUSTER_MESSAGE_KINDS = ['revoked', 'role-changed', 'authority'] as const;

export type DocumentMessageKind = (typeof DOCUMENT_MESSAGE_KINDS)[number];
export type ClusterMessageKind = (typeof CLUSTER_MESSAGE_KINDS)[number];

/** A document id or node id as it may appear in a channel name and a log line. */
const name = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'letters, digits and . _ : - only, at most 128');

export const documentIdSchema = name;
export const nodeIdSchema = name;
export const channelPrefixSchema = name;

const documentHeader = z.strictObject({ v: z.literal(1), kind: z.enum(DOCUMENT_MESSAGE_KINDS), documentId: name, from: name });
const clusterHeader = z.strictObject({ v: z.literal(1), kind: z.enum(CLUSTER_MESSAGE_KINDS), documentId: name.nullable(), from: name });

export interface DocumentMessage {
  kind: DocumentMessageKind;
  documentId: string;
  /** The node that published it. */
  from: string;
  payload: Uint8Array;
}

export interface ClusterMessage {
  kind: ClusterMessageKind;
  /** The document it concerns, if any (a revocation concerns a participant, not a document). */
  documentId: string | null;
  from: string;
  payload: Uint8Array;
}

/**
 * Redis carries bytes; a message that big is a bug or an attack on whoever reads it, not a
 * document (a whole document's state is well under a few megabytes).
 */
export const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
/** The header is a handful of short names. */
const MAX_HEADER_BYTES = 1024;

/**
 * One frame: the header's length (4 bytes, big-endian), the header as JSON, then the payload as
 * it is. Binary-safe without base64 (a third more bytes and a copy for every keystroke relayed),
 * and the header stays readable in `redis-cli monitor`.
 */
export function encodeMessage(message: DocumentMessage | ClusterMessage): Buffer {
  if (message.payload.byteLength > MAX_PAYLOAD_BYTES) throw new RangeError(`a bus message carries at most ${MAX_PAYLOAD_BYTES} bytes, not ${message.payload.byteLength}`);
  const header = Buffer.from(JSON.stringify({ v: 1, kind: message.kind, documentId: message.documentId, from: message.from }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.byteLength);
  return Buffer.concat([length, header, message.payload]);
}

export type Decoded<T> = { ok: true; message: T } | { ok: false; reason: string };

function split(frame: Buffer): { header: unknown; payload: Uint8Array } | string {
  if (frame.byteLength < 4) return 'shorter than its header length';
  const length = frame.readUInt32BE(0);
  if (length > MAX_HEADER_BYTES || 4 + length > frame.byteLength) return `a header of ${length} bytes in a frame of ${frame.byteLength}`;
  if (frame.byteLength - 4 - length > MAX_PAYLOAD_BYTES) return 'a payload over the limit';
  let header: unknown;
  try {
    header = JSON.parse(frame.subarray(4, 4 + length).toString('utf8'));
  } catch {
    return 'a header that is not JSON';
  }
  // A copy: the frame's buffer may be pooled and reused once the listener returns.
  return { header, payload: new Uint8Array(frame.subarray(4 + length)) };
}

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; ');

/** A frame read from `documentId`'s channel; refused unless it is about that document. */
export function decodeDocumentMessage(frame: Buffer, documentId: string): Decoded<DocumentMessage> {
  const parts = split(frame);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const header = documentHeader.safeParse(parts.header);
  if (!header.success) return { ok: false, reason: problems(header.error) };
  if (header.data.documentId !== documentId) return { ok: false, reason: `about document ${header.data.documentId}, on the channel of ${documentId}` };
  const { kind, from } = header.data;
  return { ok: true, message: { kind, documentId, from, payload: parts.payload } };
}

export function decodeClusterMessage(frame: Buffer): Decoded<ClusterMessage> {
  const parts = split(frame);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const header = clusterHeader.safeParse(parts.header);
  if (!header.success) return { ok: false, reason: problems(header.error) };
  const { kind, documentId, from } = header.data;
  return { ok: true, message: { kind, documentId, from, payload: parts.payload } };
}
