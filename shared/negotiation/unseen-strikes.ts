import * as Y from 'yjs';
import { DELETION } from './amendment-marks.ts';
import { formattingWalk } from './formatting-walk.ts';
import { writtenBy } from './written-items.ts';

/**
 * A deletion covers only words its proposer saw. Two people acting at one place at the same
 * moment can break that: USA strikes "coordinated" while BRA, not yet seeing it, types its
 * replacement right after the word (or the other way round). A deletion is a formatting range
 * over existing text, whose end is a boundary placed just after the word's last letter; Yjs
 * orders it with BRA's new letters at that same place by client id, and half the time the
 * boundary lands after them: BRA's words come out struck by USA, who never proposed that, and
 * a delegation's legitimate keystroke is refused for it.
 *
 * Whatever stands between a deletion's boundary and the letter it was placed against (its
 * origin, for an end; the letter after it, for a start) was written concurrently, unseen by
 * the deletion's proposer. The server lifts the deletion from such words as part of the update
 * that brought them together, so that update is judged, stored and seen as its sender made it.
 */

export interface UnseenStrike {
  text: Y.XmlText;
  index: number;
  length: number;
  /** The formatting attribute of the deletion mark (`deletion--<hash>`). */
  attribute: string;
  /** What to set it to: lifted (null) unless given (`reopened-marks.ts` restores a mark). */
  value?: unknown;
}

const isDeletion = (attribute: string) => attribute === DELETION || attribute.startsWith(`${DELETION}--`);
/** Whether an item holds the character an origin names (Yjs merges runs of characters into one item). */
const holds = (item: Y.Item, id: Y.ID | null) => id !== null && item.id.client === id.client && item.id.clock <= id.clock && id.clock < item.id.clock + item.length;

/** The text nodes an update's structs (already applied to `doc`) wrote into. */
function textsWritten(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[]): Set<Y.XmlText> {
  const texts = new Set<Y.XmlText>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const item = Y.getItem(doc.store, struct.id);
    if (item instanceof Y.Item && item.parent instanceof Y.XmlText) texts.add(item.parent);
  }
  return texts;
}

/** Deletions standing over words their proposers did not see, in the text nodes `structs` wrote into. */
export function unseenStrikes(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[]): UnseenStrike[] {
  const found: UnseenStrike[] = [];
  for (const text of textsWritten(doc, structs)) {
    // Each visible letter run with where it stands and the formatting in force over it.
    const runs = new Map<Y.Item, { index: number; attributes: Map<string, unknown> }>();
    const boundaries: Y.Item[] = [];
    const attributes = new Map<string, unknown>();
    for (const step of formattingWalk(text, attributes)) {
      if (step.kind === 'boundary') {
        if (isDeletion(step.key)) boundaries.push(step.item);
      } else runs.set(step.item, { index: step.index, attributes: new Map(attributes) });
    }
    for (const boundary of boundaries) {
      const { key, value } = boundary.content as Y.ContentFormat;
      if (value === null) {
        // An end was placed right after its origin: whatever stands between them came later,
        // unseen by the deletion's proposer.
        for (let item = boundary.left; item !== null && !holds(item, boundary.origin); item = item.left) {
          const run = runs.get(item);
          if (run?.attributes.has(key)) found.push({ text, index: run.index, length: item.length, attribute: key });
        }
      } else {
        // A start was placed right before the letter after it: what came between them was
        // written after it, and unseen by its proposer only if written without knowing of it
        // (anchored to its left, not to the start or to what followed the start).
        const knowing: Y.Item[] = [boundary];
        for (let item = boundary.right; item !== null && !holds(item, boundary.rightOrigin); item = item.right) {
          const anchoredAfter = knowing.some((k) => holds(k, item!.origin));
          knowing.push(item);
          const run = runs.get(item);
          if (!anchoredAfter && run?.attributes.has(key)) found.push({ text, index: run.index, length: item.length, attribute: key });
        }
      }
    }
  }
  return found;
}
/** Lifts the strikes, or restores the marks given a value (in the caller's transaction). */
export function liftStrikes(strikes: readonly UnseenStrike[]): void {
  for (const { text, index, length, attribute, value = null } of strikes) text.format(index, length, { [attribute]: value });
}

/**
 * Marks the sender's new words took from another proposer without its editor writing them:
 * its editor writes a delegation's words with its own marks and those of the insertion they
 * stand inside, never another's deletion nor an insertion they do not stand inside. Concurrent
 * formatting boundaries can still leave such a mark on them (see above); these are the stretches
 * and attributes to lift. `sender` is the sender's proposer label.
 */
export function inheritedMarks(doc: Y.Doc, structs: readonly (Y.Item | Y.GC | Y.Skip)[], sender: string): UnseenStrike[] {
  const written = writtenBy(structs);
  const isNew = (item: Y.Item) => written(item.id);
  const found: UnseenStrike[] = [];
  for (const text of textsWritten(doc, structs)) {
    const runs: { item: Y.Item; index: number; length: number; fresh: boolean; attributes: Map<string, { value: unknown; setBy: Y.Item }> }[] = [];
    const attributes = new Map<string, { value: unknown; setBy: Y.Item }>();
    for (const step of formattingWalk(text)) {
      if (step.kind === 'boundary') {
        if (step.value === null) attributes.delete(step.key);
        else attributes.set(step.key, { value: step.value, setBy: step.item });
      } else {
        for (const piece of oldAndNew(step.item, written)) {
          runs.push({ item: step.item, index: step.index + piece.offset, length: piece.length, fresh: piece.fresh, attributes: new Map(attributes) });
        }
      }
    }
    // For each run, the nearest run before and after it that the update did not write.
    const fresh = runs.map((run) => run.fresh);
    const oldBefore: number[] = [];
    for (let i = 0, last = -1; i < runs.length; i++) {
      oldBefore.push(last);
      if (!fresh[i]) last = i;
    }
    const oldAfter: number[] = new Array(runs.length);
    for (let i = runs.length - 1, next = runs.length; i >= 0; i--) {
      oldAfter[i] = next;
      if (!fresh[i]) next = i;
    }
    runs.forEach((run, i) => {
      if (!(run.item.content instanceof Y.ContentString) || !fresh[i]) return;
      const before = oldBefore[i]!;
      const after = oldAfter[i]!;
      for (const [attribute, { value, setBy }] of run.attributes) {
        const proposer = (value as { delegation?: unknown } | null)?.delegation;
        // A mark the update itself writes is the sender's doing: the judge rules on it.
        if (proposer === undefined || proposer === sender || isNew(setBy)) continue;
        // Typing inside another's insertion nests in it: the insertion stands on both sides.
        const hosted = attribute.startsWith('insertion') && runs[before]?.attributes.has(attribute) && runs[after]?.attributes.has(attribute);
        if (!hosted) found.push({ text, index: run.index, length: run.length, attribute });
      }
    });
  }
  return found;
}

/**
 * An item as the letters the update wrote and those it did not. Yjs merges a run typed on with
 * the run before it (same client, next clocks), so one item may begin with old letters and end
 * with new ones; never the other way round, as a client's clocks only grow.
 */
function oldAndNew(item: Y.Item, written: (id: Y.ID | null) => boolean): { offset: number; length: number; fresh: boolean }[] {
  const { client, clock } = item.id;
  const first = written(item.id);
  if (item.length === 1 || first || !written(Y.createID(client, clock + item.length - 1))) return [{ offset: 0, length: item.length, fresh: first }];
  let low = 1;
  let high = item.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (written(Y.createID(client, clock + middle))) high = middle;
    else low = middle + 1;
  }
  return [
    { offset: 0, length: low, fresh: false },
    { offset: low, length: item.length - low, fresh: true },
  ];
}
