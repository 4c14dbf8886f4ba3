import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { roleSchema, type Participant } from '../../shared/participants.ts';

/**
 * The payloads of the document channel's `relay`, `deliver`, `request` and `reply` messages
 * (issue 15): a JSON header, checked with zod, then binary parts as they are (sync and awareness
 * frames, Yjs states), so a keystroke crosses the bus without base64. Every frame names the node
 * it is for (`to`); the others on the channel ignore it.
 */
const name = z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/);
export const participantSchema = z.strictObject({
  id: z.string().min(1).max(200), name: z.string().max(200), role: roleSchema, delegation: z.string().max(32).nullable(),
});

/** A client's connection as the bus names it: its process's node id and a number of that process's own. */
export type LinkId = string;

export type RelayOp =
  | { op: 'join'; link: LinkId; participant: Participant; firstSeq: number }
  | { op: 'message'; link: LinkId; message: Uint8Array }
  | { op: 'leave'; link: LinkId }
  /** The follower still serves these links: the authority forgets a follower's links when it stops saying so. */
  | { op: 'alive'; links: LinkId[] };

/** To a follower: messages for its links (one copy of a message for all the links it goes to), or a link's close. */
export type Delivery = { links: LinkId[]; message: Uint8Array } | { link: LinkId; close: number; reason: string };

const relayHeader = z.strictObject({
  to: name,
  token: z.number().int().positive(),
  ops: z.array(z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('join'), link: name, participant: participantSchema, firstSeq: z.number().int().min(0) }),
    z.strictObject({ op: z.literal('message'), link: name, part: z.number().int().min(0) }),
    z.strictObject({ op: z.literal('leave'), link: name }),
    z.strictObject({ op: z.literal('alive'), links: z.array(name).max(100_000) }),
  ])).max(100_000),
});

const deliverHeader = z.strictObject({
  to: name,
  token: z.number().int().positive(),
  entries: z.array(z.union([
    z.strictObject({ links: z.array(name).max(100_000), part: z.number().int().min(0) }),
    z.strictObject({ link: name, close: z.number().int().min(1000).max(4999), reason: z.string().max(123) }),
  ])).max(100_000),
});

export const REQUEST_OPS = ['copy', 'decide', 'undo', 'restore', 'createRevision', 'sizeBytes', 'amendFromWord'] as const;
export type RequestOp = (typeof REQUEST_OPS)[number];
const requestHeader = z.strictObject({ to: name, from: name, id: z.number().int().positive(), op: z.enum(REQUEST_OPS), args: z.unknown() });
const replyHeader = z.strictObject({
  to: name, id: z.number().int().positive(), ok: z.boolean(), result: z.unknown(),
  /** A refusal the route turns into its answer (a DecisionError, an UndoError …), by name. */
  error: z.strictObject({ kind: z.string().max(60), message: z.string().max(10_000), detail: z.unknown() }).optional(),
});

export type RelayFrame = z.infer<typeof relayHeader> & { parts: Uint8Array[] };
export interface RequestFrame { to: string; from: string; id: number; op: RequestOp; args: unknown }
export interface ReplyFrame { to: string; id: number; ok: boolean; result: unknown; error?: { kind: string; message: string; detail: unknown }; bytes: Uint8Array | null }

function encodeFrame(header: unknown, parts: readonly Uint8Array[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, JSON.stringify(header));
  encoding.writeVarUint(encoder, parts.length);
  for (const part of parts) encoding.writeVarUint8Array(encoder, part);
  return encoding.toUint8Array(encoder);
}

/** The header (still to be checked) and the parts; throws on a frame that is not one. */
function decodeFrame(payload: Uint8Array): { header: unknown; parts: Uint8Array[] } {
  const decoder = decoding.createDecoder(payload);
  const header: unknown = JSON.parse(decoding.readVarString(decoder));
  const count = decoding.readVarUint(decoder);
  if (count > payload.length) throw new Error('more parts than bytes');
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++) parts.push(decoding.readVarUint8Array(decoder));
  if (decoding.hasContent(decoder)) throw new Error('bytes after the last part');
  return { header, parts };
}

const partOf = (parts: Uint8Array[], index: number): Uint8Array => {
  const part = parts[index];
  if (!part) throw new Error(`no part ${index}`);
  return part;
};

export function encodeRelay(to: string, token: number, ops: readonly RelayOp[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const headerOps = ops.map((op) => (op.op === 'message' ? { op: 'message', link: op.link, part: parts.push(op.message) - 1 } : op));
  return encodeFrame({ to, token, ops: headerOps }, parts);
}

export function decodeRelay(payload: Uint8Array): { to: string; token: number; ops: RelayOp[] } {
  const { header, parts } = decodeFrame(payload);
  const { to, token, ops } = relayHeader.parse(header);
  return { to, token, ops: ops.map((op) => (op.op === 'message' ? { op: 'message', link: op.link, message: partOf(parts, op.part) } : op)) };
}

export function encodeDelivery(to: string, token: number, entries: readonly Delivery[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const headerEntries = entries.map((e) => ('message' in e ? { links: e.links, part: parts.push(e.message) - 1 } : e));
  return encodeFrame({ to, token, entries: headerEntries }, parts);
}

export function decodeDelivery(payload: Uint8Array): { to: string; token: number; entries: Delivery[] } {
  const { header, parts } = decodeFrame(payload);
  const { to, token, entries } = deliverHeader.parse(header);
  return { to, token, entries: entries.map((e) => ('part' in e ? { links: e.links, message: partOf(parts, e.part) } : e)) };
}

export function encodeRequest(request: RequestFrame): Uint8Array {
  return encodeFrame(request, []);
}

export function decodeRequest(payload: Uint8Array): RequestFrame {
  return requestHeader.parse(decodeFrame(payload).header) as RequestFrame;
}

export function encodeReply(reply: ReplyFrame): Uint8Array {
  const { bytes, ...header } = reply;
  return encodeFrame(header, bytes ? [bytes] : []);
}

export function decodeReply(payload: Uint8Array): ReplyFrame {
  const { header, parts } = decodeFrame(payload);
  return { ...(replyHeader.parse(header) as Omit<ReplyFrame, 'bytes'>), bytes: parts[0] ?? null };
}
