import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { z } from 'zod';
import { presenceUser, type Participant } from '../../shared/participants.ts';
import { DEFAULT_LIMITS } from './limits.ts';

/** One entry of an awareness update, as the sender's right to it is judged. */
export interface AwarenessEntry {
  client: number;
  clock: number;
  /** False when the entry says the client is gone (a null state). */
  present: boolean;
}

const yjsId = z.object({ client: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), clock: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict();

/** A Yjs relative position as JSON (what `Y.createRelativePositionFromJSON` reads). */
const relativePosition = z
  .object({
    type: yjsId.nullable().optional(),
    tname: z.string().max(64).nullable().optional(),
    item: yjsId.nullable().optional(),
    assoc: z.number().int().min(-(2 ** 31)).max(2 ** 31).optional(),
  })
  .strict();

/**
 * What a client may say of itself in the room: where its caret is, nothing else. Every peer's
 * editor reads the caret of every other (a malformed one threw in all of them on every
 * update), so it is checked; other fields are dropped, and `user` is written by the server.
 */
export const presenceStateSchema = z.object({
  cursor: z.object({ anchor: relativePosition, head: relativePosition }).strict().nullable().optional(),
});

/**
 * Rewrites an awareness update so that every state the sender may write holds only its caret
 * and its own identity from the session, dropping entries the sender may not write. Returns
 * null if the update is malformed or a state is too large or of the wrong shape (the caller
 * closes the connection) — awareness names are never taken from a client. Entries the sender
 * does not control (y-websocket echoes everyone's) are not even parsed.
 */
export function rewriteAwarenessIdentity(
  update: Uint8Array,
  participant: Participant,
  mayControl: (entry: AwarenessEntry) => boolean,
  maxStateChars = DEFAULT_LIMITS.maxPresenceStateChars,
): { update: Uint8Array; clients: number[] } | null {
  try {
    const decoder = decoding.createDecoder(update);
    const encoder = encoding.createEncoder();
    const entries: { client: number; clock: number; state: string }[] = [];
    const count = decoding.readVarUint(decoder);
    const user = presenceUser(participant);
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const raw = decoding.readVarString(decoder);
      const present = raw !== 'null';
      if (!mayControl({ client, clock, present })) continue;
      if (!present) {
        entries.push({ client, clock, state: 'null' });
        continue;
      }
      if (raw.length > maxStateChars) return null;
      const state = presenceStateSchema.safeParse(JSON.parse(raw));
      if (!state.success) return null;
      entries.push({ client, clock, state: JSON.stringify({ ...state.data, user }) });
    }
    if (decoding.hasContent(decoder)) return null;
    encoding.writeVarUint(encoder, entries.length);
    for (const e of entries) {
      encoding.writeVarUint(encoder, e.client);
      encoding.writeVarUint(encoder, e.clock);
      encoding.writeVarString(encoder, e.state);
    }
    return { update: encoding.toUint8Array(encoder), clients: entries.map((e) => e.client) };
  } catch {
    return null;
  }
}
