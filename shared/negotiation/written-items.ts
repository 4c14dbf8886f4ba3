import * as Y from 'yjs';

/**
 * Whether an item (by id) is one an update writes. An update's structs are runs of consecutive
 * clocks per client, usually one run: merged and searched by halves, so that asking costs next
 * to nothing however many items the update holds (asked once per item of a paragraph, a linear
 * search made judging a large update quadratic).
 */
export function writtenBy(structs: readonly (Y.Item | Y.GC | Y.Skip)[]): (id: Y.ID | null) => boolean {
  const byClient = new Map<number, [number, number][]>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const ranges = byClient.get(s.id.client) ?? [];
    ranges.push([s.id.clock, s.id.clock + s.length]);
    byClient.set(s.id.client, ranges);
  }
  for (const [client, ranges] of byClient) {
    ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const range of ranges) {
      const last = merged.at(-1);
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([range[0], range[1]]);
    }
    byClient.set(client, merged);
  }
  return (id) => {
    if (id === null) return false;
    const ranges = byClient.get(id.client);
    if (!ranges) return false;
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [from, to] = ranges[middle]!;
      if (id.clock < from) high = middle - 1;
      else if (id.clock >= to) low = middle + 1;
      else return true;
    }
    return false;
  };
}
