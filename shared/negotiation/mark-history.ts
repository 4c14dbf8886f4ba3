import * as Y from 'yjs';
import { amendmentOwner, isAmendmentMark } from './amendment-marks.ts';
import { InvalidStructure, markName, readMark } from './text-projection.ts';
import type { RuleVerdict, Sender } from './update-rules.ts';

/**
 * Amendment marks an update creates, judged on the update's own structs (what it writes into
 * the history), not only on what shows: a mark written and deleted in the same update would
 * otherwise slip into the history unjudged, to be brought back later as "an old mark".
 *
 * A mark the document has never held must name its sender and be dated by the server's clock.
 * The client writes the date (it is part of the text's formatting), so the server can only
 * refuse a date far from its own. A mark the history already holds, with the same attributes,
 * is no new claim: Yjs undo and redo bring one's own earlier amendments back exactly as they
 * were, dated when they were first proposed.
 */

/** A browser clock ahead of the server by more than this is refused (as Kerberos refuses 5 minutes of skew). */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** Behind by more: the skew, plus a change that waited out a short loss of the connection. */
export const MAX_CLOCK_BEHIND_MS = 10 * 60_000;

/** A formatting attribute an update writes on text: `insertion--<hash>` with its value. */
export interface WrittenFormat {
  key: string;
  value: unknown;
}

/** The amendment-mark formats among the structs of a decoded update. */
export function writtenFormats(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): WrittenFormat[] {
  const formats: WrittenFormat[] = [];
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat)) continue;
    const { key, value } = struct.content;
    if (value !== null && isAmendmentMark(markName(key))) formats.push({ key, value });
  }
  return formats;
}

interface HistoryIndex {
  keys: Set<string>;
  /** Per client, the clock up to which its structs have been read. */
  readUpTo: Map<number, number>;
}

/** Indexes by document, read once and then only what was added since. */
const histories = new WeakMap<Y.Doc, HistoryIndex>();

/** Whether the document (its live text or its history: nothing is garbage-collected) ever held this mark. */
export function heldBefore(doc: Y.Doc, markKey: string): boolean {
  let index = histories.get(doc);
  if (!index) histories.set(doc, (index = { keys: new Set(), readUpTo: new Map() }));
  for (const [client, structs] of doc.store.clients) {
    const from = index.readUpTo.get(client) ?? 0;
    const to = Y.getState(doc.store, client);
    if (from >= to) continue;
    for (let i = from === 0 ? 0 : Y.findIndexSS(structs, from); i < structs.length; i++) {
      const struct = structs[i]!;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentFormat) || struct.content.value === null) continue;
      const name = markName(struct.content.key);
      if (!isAmendmentMark(name)) continue;
      try {
        index.keys.add(readMark(name, struct.content.value).key);
      } catch (error) {
        if (!(error instanceof InvalidStructure)) throw error;
      }
    }
    index.readUpTo.set(client, to);
  }
  return index.keys.has(markKey);
}

const refuse = (reason: string): RuleVerdict => ({ ok: false, reason });

/** Whether an ISO time is the server's `now`, give or take the allowed skew. */
export function isCurrent(at: string, now: number): boolean {
  const time = Date.parse(at);
  return Number.isFinite(time) && new Date(time).toISOString() === at && time <= now + MAX_CLOCK_AHEAD_MS && time >= now - MAX_CLOCK_BEHIND_MS;
}

export function judgeWrittenMarks(formats: readonly WrittenFormat[], before: Y.Doc, sender: Sender, now: number): RuleVerdict {
  for (const { key, value } of formats) {
    const name = markName(key);
    let read: ReturnType<typeof readMark>;
    try {
      read = readMark(name, value);
    } catch {
      return refuse(`malformed ${name} mark`);
    }
    const attrs = read.attrs!;
    const own = attrs.delegation === sender.label && amendmentOwner(attrs.id) === sender.label && attrs.author === sender.participantId;
    if (own && isCurrent(attrs.at, now)) continue;
    if (heldBefore(before, read.key)) continue;
    if (!own) return refuse('an amendment must be attributed to its sender\u2019s own delegation and author');
    return refuse('an amendment is dated by the server\u2019s clock: this device\u2019s clock is wrong, or the change waited too long to be sent');
  }
  return { ok: true };
}
