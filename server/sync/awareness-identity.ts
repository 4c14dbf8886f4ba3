import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { presenceUser, type Participant } from '../../shared/participants.ts';

export const MAX_AWARENESS_STATE = 8 * 1024;

/** One entry of an awareness update, as the sender's right to it is judged. */
export interface AwarenessEntry {
  client: number;
  clock: number;
  /** False when the entry says the client is gone (a null state). */
  present: boolean;
}

/**
 * Rewrites an awareness update so that every state's `user` is the sender's own identity,
 * dropping entries the sender may not write. Returns null if the update is malformed (the
 * caller closes the connection) — awareness names are never taken from a client.
 */
export function rewriteAwarenessIdentity(
  update: Uint8Array,
  participant: Participant,
  mayControl: (entry: AwarenessEntry) => boolean,
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
      if (raw.length > MAX_AWARENESS_STATE) return null;
      const state: unknown = JSON.parse(raw);
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return null;
      if (!mayControl({ client, clock, present: state !== null })) continue;
      entries.push({ client, clock, state: state === null ? 'null' : JSON.stringify({ ...state, user }) });
    }
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
