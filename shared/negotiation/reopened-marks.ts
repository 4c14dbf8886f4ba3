import * as Y from 'yjs';
import { isAmendmentMark } from './amendment-marks.ts';
import { markName, readMark } from './text-projection.ts';
import type { UnseenStrike } from './unseen-strikes.ts';

/**
 * Another proposer's mark that an update re-opened beyond its own words, by restating it.
 *
 * When a delegation types inside another's proposed deletion, its editor writes the new words
 * without that deletion, and Yjs brackets them with the formatting in force around them as the
 * editor saw it: "deletion ends" before the words, "USA's deletion again" after them. If, at
 * the same moment, USA's deletion was shortened or lifted from what follows (the server lifting
 * it from words USA never saw, USA withdrawing part of it), the "again" re-opens USA's deletion
 * over words it no longer covered: USA's own insertion comes out struck, and the keystroke was
 * refused as if the typist had changed USA's amendment.
 *
 * The restatement only meant "as it was": the server sets others' marks on the text after it
 * back to what they were before the update, as part of that update, so it is judged, stored and
 * seen as its sender made it. A mark restated anywhere else (not right after the sender's own
 * new words) is the sender's claim and is judged as such.
 */
export function reopenedMarks(live: Y.Doc, shadow: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[], sender: string): UnseenStrike[] {
  const written = new Map<number, [number, number][]>();
  for (const s of structs) if (s instanceof Y.Item) written.set(s.id.client, [...(written.get(s.id.client) ?? []), [s.id.clock, s.id.clock + s.length]]);
  const isNew = (id: Y.ID | null) => id !== null && (written.get(id.client) ?? []).some(([from, to]) => id.clock >= from && id.clock < to);

  const texts = new Set<Y.XmlText>();
  for (const s of structs) {
    if (!(s instanceof Y.Item) || !(s.content instanceof Y.ContentFormat) || !isAmendmentMark(markName(s.content.key))) continue;
    const item = Y.getItem(shadow.store, s.id);
    if (item instanceof Y.Item && isNew(item.origin) && item.parent instanceof Y.XmlText) texts.add(item.parent);
  }

  const found: UnseenStrike[] = [];
  for (const text of texts) {
    const before = counterpart(live, text);
    if (!before) continue;
    const liveAttributes = attributesByItem(before);
    const attributes = new Map<string, unknown>();
    /** Amendment keys last restated by the update right after its own new words. */
    const restated = new Set<string>();
    let index = 0;
    for (let item = text._start; item !== null; item = item.right) {
      if (item.deleted) continue;
      if (item.content instanceof Y.ContentFormat) {
        const { key, value } = item.content;
        if (value === null) attributes.delete(key);
        else attributes.set(key, value);
        if (!isAmendmentMark(markName(key))) continue;
        if (isNew(item.id) && isNew(item.origin)) restated.add(key);
        else restated.delete(key);
        continue;
      }
      if (!item.countable) continue;
      if (!isNew(item.id) && restated.size > 0) {
        // One shadow item may span several items of the live copy: compare piece by piece.
        for (let offset = 0; offset < item.length; ) {
          const liveItem = Y.getItem(before.doc!.store, Y.createID(item.id.client, item.id.clock + offset));
          const length = Math.min(item.length - offset, liveItem.id.clock + liveItem.length - (item.id.clock + offset));
          const was = liveAttributes.get(liveItem as Y.Item) ?? new Map<string, unknown>();
          for (const key of restated) {
            const is = attributes.get(key) ?? null;
            const wasValue = was.get(key) ?? null;
            if (sameMark(key, is, wasValue)) continue;
            const proposer = ((is ?? wasValue) as { delegation?: unknown }).delegation;
            if (proposer !== sender) found.push({ text, index: index + offset, length, attribute: key, value: wasValue });
          }
          offset += length;
        }
      }
      index += item.length;
    }
  }
  return found;
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
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      if (item.content.value === null) attributes.delete(item.content.key);
      else attributes.set(item.content.key, item.content.value);
    } else if (item.countable) byItem.set(item, new Map(attributes));
  }
  return byItem;
}
