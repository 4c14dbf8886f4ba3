import * as Y from 'yjs';
import { isAmendmentMark } from './amendment-marks.ts';
import { markName, readMark } from './text-projection.ts';
import type { UnseenStrike } from './unseen-strikes.ts';
import { formattingWalk } from './formatting-walk.ts';
import { writtenBy } from './written-items.ts';

/**
 * Others' marks that an update moved over words that stood before it, without meaning to.
 *
 * A mark is a formatting range: a boundary where it starts and one where it ends. Two editors
 * write boundaries they never meant as claims:
 *
 * - typing inside another's proposed deletion, the new words are written without it and Yjs
 *   brackets them with the formatting in force around them as the editor saw it: "deletion
 *   ends" before, "USA's deletion again" after. If, at the same moment, USA's deletion had been
 *   shortened or lifted from what follows, the "again" re-opens it over words it no longer
 *   covered (USA's own insertion came out struck, and the keystroke was refused);
 * - Yjs deletes boundaries it finds redundant in the editor's own copy, after a remote change
 *   or around a local one; on a stale copy one of them may not be redundant on the server, and
 *   deleting it widens or narrows another's mark.
 *
 * Neither meant to change another's amendment, nor to spread the sender's own over words it
 * did not claim (over another's words typed at the same moment, unseen): the server sets the
 * marks on the words that stood before the update back to what they were, as part of that
 * update, so it is judged, stored and seen as its sender made it. (The sender's own mark may
 * still leave words: deleting both its boundaries is how an editor withdraws it.) A boundary the update writes anywhere else (not right
 * after its own new words) is the sender's claim, judged as such and refused if it is not its own.
 *
 * Yjs's undo writes such brackets again where they stood: after the sender's own letters it had
 * deleted (Backspace, then undo), whose copies it writes anew. A boundary of another's mark placed
 * against one of the sender's own deleted letters is no claim either. (Of the sender's own
 * mark it stays one: striking words right after one's own withdrawn ones is a claim.)
 * `ownClient` tells the client ids the sender wrote under before.
 */
export function displacedMarks(live: Y.Doc, shadow: Y.Doc, update: DecodedUpdate, sender: string, ownClient: (client: number) => boolean): UnseenStrike[] {
  const isNew = writtenBy(update.structs);
  const ownDeleted = (id: Y.ID | null): boolean => {
    if (!id || !ownClient(id.client) || id.clock >= Y.getState(shadow.store, id.client)) return false;
    return Y.getItem(shadow.store, id).deleted;
  };

  const found: UnseenStrike[] = [];
  for (const text of textsFormatted(shadow, update)) {
    const before = counterpart(live, text);
    if (!before) continue;
    const liveAttributes = attributesByItem(before);
    const attributes = new Map<string, unknown>();
    /** For each amendment key, whether its boundary in force was written by the update as a claim of its own. */
    const claimed = new Map<string, boolean>();
    /** Each amendment key's proposer, from the boundaries walked so far that open it. */
    const proposers = new Map<string, unknown>();
    for (const step of formattingWalk(text, attributes)) {
      if (step.kind === 'boundary') {
        if (!isAmendmentMark(markName(step.key))) continue;
        if (step.value !== null) proposers.set(step.key, (step.value as { delegation?: unknown }).delegation);
        const { id, origin } = step.item;
        const others = proposers.has(step.key) && proposers.get(step.key) !== sender;
        claimed.set(step.key, isNew(id) && !isNew(origin) && !(others && ownDeleted(origin)));
        continue;
      }
      const { item, index } = step;
      // Words that stood before the update: in the live copy (not new, and not anything else the
      // shadow may hold that the live copy does not). One shadow item may span several items of
      // the live copy, and end with new letters (Yjs merges a run typed on with the one before
      // it): compared piece by piece, up to where the live copy ends.
      const liveEnd = Y.getState(live.store, item.id.client);
      if (!isNew(item.id) && item.id.clock < liveEnd) {
        for (let offset = 0; offset < item.length && item.id.clock + offset < liveEnd; ) {
          const liveItem = Y.getItem(live.store, Y.createID(item.id.client, item.id.clock + offset)) as Y.Item;
          const length = Math.min(item.length - offset, liveItem.id.clock + liveItem.length - (item.id.clock + offset));
          const was = liveAttributes.get(liveItem) ?? NOTHING;
          for (const key of new Set([...amendmentKeys(attributes), ...amendmentKeys(was)])) {
            if (claimed.get(key)) continue;
            const is = attributes.get(key) ?? null;
            const wasValue = was.get(key) ?? null;
            if (sameMark(key, is, wasValue)) continue;
            // The sender's own mark may leave words (it withdraws it), never spread over words it did not claim.
            const proposer = ((is ?? wasValue) as { delegation?: unknown }).delegation;
            if (proposer !== sender || is !== null) found.push({ text, index: index + offset, length, attribute: key, value: wasValue });
          }
          offset += length;
        }
      }
    }
  }
  return found;
}

/** An update as `Y.decodeUpdate` reads it: its structs and its delete set. */
type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

const NOTHING: ReadonlyMap<string, unknown> = new Map();

function* amendmentKeys(attributes: ReadonlyMap<string, unknown>): Generator<string> {
  for (const key of attributes.keys()) if (isAmendmentMark(markName(key))) yield key;
}

/** Text nodes in which the update wrote or deleted a formatting boundary. */
function textsFormatted(shadow: Y.Doc, update: DecodedUpdate): Set<Y.XmlText> {
  const texts = new Set<Y.XmlText>();
  const consider = (item: Y.Item | Y.GC | null) => {
    if (item instanceof Y.Item && item.content instanceof Y.ContentFormat && item.parent instanceof Y.XmlText) texts.add(item.parent);
  };
  for (const s of update.structs) if (s instanceof Y.Item && s.content instanceof Y.ContentFormat) consider(Y.getItem(shadow.store, s.id));
  update.ds.clients.forEach((deletions: { clock: number; len: number }[], client: number) => {
    if (!shadow.store.clients.has(client)) return;
    for (const { clock, len } of deletions) {
      const structs = shadow.store.clients.get(client)!;
      const end = Math.min(clock + len, Y.getState(shadow.store, client));
      for (let i = clock < end ? Y.findIndexSS(structs, clock) : structs.length; i < structs.length && structs[i]!.id.clock < end; i++) consider(structs[i] as Y.Item | Y.GC);
    }
  });
  return texts;
}

/** Values decoded from two copies are different objects: compared by canonical form. */
function sameMark(key: string, a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return readMark(markName(key), a).key === readMark(markName(key), b).key;
}

/** The same text node in the live copy, if it was there before the update. */
function counterpart(live: Y.Doc, text: Y.XmlText): Y.XmlText | null {
  const id = text._item?.id;
  if (!id || id.clock >= Y.getState(live.store, id.client)) return null;
  const item = Y.getItem(live.store, id);
  return item instanceof Y.Item && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText ? item.content.type : null;
}

/** The formatting in force over each visible item of a text node. */
function attributesByItem(text: Y.XmlText): Map<Y.Item, Map<string, unknown>> {
  const byItem = new Map<Y.Item, Map<string, unknown>>();
  const attributes = new Map<string, unknown>();
  for (const step of formattingWalk(text, attributes)) if (step.kind === 'letters') byItem.set(step.item, new Map(attributes));
  return byItem;
}
