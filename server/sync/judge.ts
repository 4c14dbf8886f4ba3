import * as Y from 'yjs';
import { mayEditDocument, type Participant } from '../../shared/participants.ts';

export type Judgement =
  | { accepted: true; /** exactly what the update changes; null if nothing */ change: Uint8Array | null; newClients: number[] }
  | { accepted: false; reason: string; malformed: boolean };

/**
 * Judges an update from a participant against the shadow copy of the live document. The
 * shadow is changed by this call (accepted or not); the caller rebuilds it after a refusal.
 * The live document is never touched here: a refused update goes no further.
 */
export function judgeUpdate(shadow: Y.Doc, update: Uint8Array, participant: Participant, clients: ReadonlyMap<number, string>): Judgement {
  // Decode fully before applying anything: applying a truncated update can half-apply it.
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { accepted: false, reason: 'the update could not be decoded', malformed: true };
  }
  const newClients = new Set<number>();
  for (const struct of decoded.structs) {
    const owner = clients.get(struct.id.client);
    if (owner === undefined) newClients.add(struct.id.client);
    else if (owner !== participant.id) {
      return { accepted: false, reason: 'the update carries changes under another participant\u2019s client id', malformed: false };
    }
  }

  let change: Uint8Array | null = null;
  const captureChange = (u: Uint8Array) => {
    change = u;
  };
  shadow.on('update', captureChange);
  try {
    Y.applyUpdate(shadow, update);
  } catch {
    return { accepted: false, reason: 'the update could not be applied', malformed: true };
  } finally {
    shadow.off('update', captureChange);
  }
  if (shadow.store.pendingStructs || shadow.store.pendingDs) {
    return { accepted: false, reason: 'the update depends on changes the server does not have', malformed: false };
  }
  if (change !== null && !mayEditDocument(participant.role)) {
    return { accepted: false, reason: 'observers follow the text but cannot change it', malformed: false };
  }
  return { accepted: true, change, newClients: change === null ? [] : [...newClients] };
}
