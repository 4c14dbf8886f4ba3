import * as Y from 'yjs';
import { judgeWrittenMarks, writtenFormats } from '../../shared/negotiation/mark-history.ts';
import { inheritedMarks, liftStrikes, unseenStrikes } from '../../shared/negotiation/unseen-strikes.ts';
import { displacedMarks } from '../../shared/negotiation/displaced-marks.ts';
import { classifyChanges, judgeChanges } from '../../shared/negotiation/update-rules.ts';
import { participantLabel, type Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';

export type Judgement =
  | {
      accepted: true;
      /** exactly what the update changes; null if nothing */
      change: Uint8Array | null;
      /** the server's own change that goes with it: deletions lifted from words their proposers never saw (unseen-strikes.ts) */
      correction: Uint8Array | null;
      newClients: number[];
    }
  | { accepted: false; reason: string; malformed: boolean; missingDependencies?: boolean };

/** The origin of the server's own lifting of unseen strikes on the shadow. */
const LIFTING = Symbol('lifting unseen strikes');

/**
 * Judges an update from a participant: applied to the shadow copy of the live document, what
 * it changed is compared with the live document under the sender's rules. The shadow is
 * changed by this call (accepted or not); the caller rebuilds it after a refusal. The live
 * document is never touched here: a refused update goes no further.
 */
export function judgeUpdate(
  live: Y.Doc,
  shadow: Y.Doc,
  update: Uint8Array,
  participant: Participant,
  clients: ReadonlyMap<number, string>,
  maxStructs = Number.POSITIVE_INFINITY,
  /** The server's clock, which dates new amendments. */
  now = Date.now(),
): Judgement {
  // Decode fully before applying anything: applying a truncated update can half-apply it.
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return { accepted: false, reason: 'the update could not be decoded', malformed: true };
  }
  if (decoded.structs.length > maxStructs) return { accepted: false, reason: 'the update adds too much at once', malformed: false };
  const newClients = new Set<number>();
  for (const struct of decoded.structs) {
    const owner = clients.get(struct.id.client);
    if (owner === undefined) newClients.add(struct.id.client);
    else if (owner !== participant.id) {
      return { accepted: false, reason: 'the update carries changes under another participant\u2019s client id', malformed: false };
    }
  }

  const sender = { participantId: participant.id, role: participant.role, label: participantLabel(participant) };
  // Every amendment mark the update writes, even one it deletes again at once, before it reaches the shadow.
  const marks = judgeWrittenMarks(writtenFormats(decoded.structs), live, sender, now);
  if (!marks.ok) return { accepted: false, reason: marks.reason, malformed: false };

  // Applying an update can run more than one transaction (Yjs cleans up formatting in a second
  // one, which also emits its own update): gather all of them.
  const changed: Y.Transaction['changed'] = new Map();
  const updates: Uint8Array[] = [];
  const corrections: Uint8Array[] = [];
  const captureChange = (u: Uint8Array, origin: unknown) => {
    (origin === LIFTING ? corrections : updates).push(u);
  };
  const captureTypes = (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const known = changed.get(type);
      if (known) for (const key of keys) known.add(key);
      else changed.set(type, new Set(keys));
    }
  };
  shadow.on('update', captureChange);
  shadow.on('afterTransaction', captureTypes);
  // What the shadow held of each client before: a client resending what the server already has
  // (after a reconnect) writes nothing new, and its old words are not "new words" to lift marks from.
  const known = new Map(decoded.structs.map((s) => [s.id.client, Y.getState(shadow.store, s.id.client)]));
  const fresh = { structs: decoded.structs.filter((s) => s.id.clock + s.length > known.get(s.id.client)!), ds: decoded.ds };
  try {
    Y.applyUpdate(shadow, update);
    if (updates.length > 0 && !shadow.store.pendingStructs && !shadow.store.pendingDs) {
      const label = participantLabel(participant);
      const strikes = [...unseenStrikes(shadow, fresh.structs), ...inheritedMarks(shadow, fresh.structs, label), ...displacedMarks(live, shadow, fresh, label, (client) => clients.get(client) === participant.id)];
      if (strikes.length > 0) shadow.transact(() => liftStrikes(strikes), LIFTING);
    }
  } catch {
    return { accepted: false, reason: 'the update could not be applied', malformed: true };
  } finally {
    shadow.off('update', captureChange);
    shadow.off('afterTransaction', captureTypes);
  }
  if (shadow.store.pendingStructs || shadow.store.pendingDs) {
    return { accepted: false, reason: 'the update depends on changes the server does not have', malformed: false, missingDependencies: true };
  }
  if (updates.length === 0) return { accepted: true, change: null, correction: null, newClients: [] };
  const change = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  const verdict = judgeChanges(live, shadow, classifyChanges(shadow, changed, TEXT_FIELD), sender, TEXT_FIELD, now);
  if (!verdict.ok) return { accepted: false, reason: verdict.reason, malformed: false };
  const correction = corrections.length === 0 ? null : corrections.length === 1 ? corrections[0]! : Y.mergeUpdates(corrections);
  return { accepted: true, change, correction, newClients: [...newClients] };
}
