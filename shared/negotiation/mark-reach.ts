import * as Y from 'yjs';
import { DELETION, INSERTION } from './amendment-marks.ts';
import { hostInsertions, isOwnRun, textRuns } from './text-projection.ts';

/**
 * Where each amendment mark stands in a paragraph, as seen by one proposer (`label`): the
 * rules compare it before and after an update, paragraph by paragraph, so that no update
 * creates another's mark, copies one into a paragraph where it was not, or spreads one over
 * more of the text than it covered.
 */
export interface MarkReach {
  /** Every amendment mark in the paragraph, by canonical key. */
  marks: Map<string, { kind: string; attrs: Record<string, unknown> }>;
  /** Characters carrying each mark, not counting `label`'s own pending text nested in another's insertion. */
  reach: Map<string, number>;
  /** Whether every run of `label`'s carrying another's insertion stands inside or next to that insertion's other text. */
  nestedInside: boolean;
}

export function emptyReach(): MarkReach {
  return { marks: new Map(), reach: new Map(), nestedInside: true };
}

/** Adds a paragraph's marks to `into` (a paragraph may have been split over two blocks). */
export function markReach(element: Y.XmlElement, label: string, into: MarkReach = emptyReach()): MarkReach {
  const hosts = hostInsertions(element, label);
  /** Run positions, within this text block, of each host mark's other text and of own text carrying it. */
  const hostRuns = new Map<string, number[]>();
  const nestedRuns = new Map<string, number[]>();
  let index = 0;
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlElement) markReach(child, label, into);
    if (!(child instanceof Y.XmlText)) continue;
    for (const run of textRuns(child)) {
      index++;
      const own = isOwnRun(run, label, hosts);
      for (const a of run.amendments) {
        into.marks.set(a.key, a);
        // Another's deletion counts on `label`'s own words too: copying it onto them would make
        // that proposer seem to strike words it never struck.
        const foreignDeletion = a.kind === DELETION && a.attrs.delegation !== label;
        if (!own || foreignDeletion) into.reach.set(a.key, (into.reach.get(a.key) ?? 0) + run.text.length);
        // Nesting is for insertions: `label`'s words typed inside another's. Another's deletion
        // over `label`'s earlier words is that proposer's (or, unseen, the server's) doing.
        if (a.attrs.delegation === label || a.kind !== INSERTION) continue;
        const positions = own ? nestedRuns : hostRuns;
        positions.set(a.key, [...(positions.get(a.key) ?? []), index]);
      }
    }
  }
  for (const [key, nested] of nestedRuns) {
    const host = hostRuns.get(key) ?? [];
    if (nested.some((i) => host.length === 0 || i < host[0]! - 1 || i > host.at(-1)! + 1)) into.nestedInside = false;
  }
  return into;
}
