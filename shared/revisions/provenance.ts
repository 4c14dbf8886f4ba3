import { diffWordsWithSpace } from 'diff';

/**
 * One character of a paragraph's agreed text, followed through the changes between two states:
 * what brought it in (`by`, null if it stood in the older state), its place in the older text
 * (`origin`), and for an older character since gone, what removed it.
 */
interface Unit {
  ch: string;
  by: number | null;
  origin: number | null;
  removedBy: number | null;
}

/** A run of a paragraph's text with the change that made it (null: it stood in the older state). */
export interface CausedRun {
  text: string;
  cause: number | null;
}

const visible = (units: readonly Unit[]): Unit[] => units.filter((u) => u.removedBy === null);
const textOf = (units: readonly Unit[]): string => visible(units).map((u) => u.ch).join('');

function runs(units: readonly Unit[], causeOf: (u: Unit) => number | null): CausedRun[] {
  const out: CausedRun[] = [];
  for (const u of units) {
    const cause = causeOf(u);
    const last = out.at(-1);
    if (last && last.cause === cause) last.text += u.ch;
    else out.push({ text: u.ch, cause });
  }
  return out;
}

/**
 * The agreed text of every paragraph, carried through each change between two states in turn
 * (each decision, undo, restore, direct edit), so that every word that came in or went out is
 * credited to the change that really made it, however many changes touched the paragraph.
 * Paragraphs are keyed (by pid); a paragraph absent from a state has no text there.
 */
export class TextTrail {
  private readonly paragraphs = new Map<string, Unit[]>();

  // Characters are UTF-16 code units throughout, as the diff counts them.
  constructor(older: ReadonlyMap<string, string>) {
    for (const [key, text] of older) this.paragraphs.set(key, text.split('').map((ch, origin) => ({ ch, by: null, origin, removedBy: null })));
  }

  /** The text after a change made by `cause`: what differs from the text before is the cause's. */
  apply(next: ReadonlyMap<string, string>, cause: number): void {
    for (const key of new Set([...this.paragraphs.keys(), ...next.keys()])) {
      const units = this.paragraphs.get(key) ?? [];
      const after = next.get(key) ?? '';
      if (textOf(units) !== after) this.paragraphs.set(key, step(units, after, cause));
    }
  }

  /** The newer text of a paragraph from `from` to `to` (positions in it), by what brought each part in. */
  inserted(key: string, from: number, to: number): CausedRun[] {
    return runs(visible(this.paragraphs.get(key) ?? []).slice(from, to), (u) => u.by);
  }

  /** The older text of a paragraph from `from` to `to`, by what removed each part (null: nothing did). */
  removed(key: string, from: number, to: number): CausedRun[] {
    const older = (this.paragraphs.get(key) ?? []).filter((u) => u.origin !== null && u.origin >= from && u.origin < to);
    return runs(older, (u) => u.removedBy);
  }

  /** The last change that touched a paragraph at all: what a change the trail cannot place is credited to. */
  lastCause(key: string): number | null {
    let last: number | null = null;
    for (const u of this.paragraphs.get(key) ?? []) last = Math.max(last ?? -1, u.by ?? -1, u.removedBy ?? -1);
    return last === null || last < 0 ? null : last;
  }
}

/** Applies one change to a paragraph's units: kept words keep their history, new ones are the cause's. */
function step(units: Unit[], after: string, cause: number): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  /** The next character still in the text, carrying over the gone ones before it. */
  const nextVisible = (): Unit => {
    while (units[i]!.removedBy !== null) out.push(units[i++]!);
    return units[i++]!;
  };
  for (const part of diffWordsWithSpace(textOf(units), after)) {
    if (part.added) {
      for (const ch of part.value.split('')) out.push({ ch, by: cause, origin: null, removedBy: null });
      continue;
    }
    for (let n = 0; n < part.value.length; n++) {
      const unit = nextVisible();
      if (!part.removed) out.push(unit);
      // Words of the older text stay as traces of what removed them; words that came in meanwhile just go.
      else if (unit.origin !== null) out.push({ ...unit, removedBy: cause });
    }
  }
  while (i < units.length) out.push(units[i++]!);
  return out;
}
