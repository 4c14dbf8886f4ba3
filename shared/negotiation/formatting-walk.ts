import * as Y from 'yjs';

/** One step of a text node's visible items: a formatting boundary, or letters at their index. */
export type FormattingStep =
  | { kind: 'boundary'; item: Y.Item; key: string; value: unknown }
  | { kind: 'letters'; item: Y.Item; index: number };

/**
 * Walks a text node's visible items in order, keeping `attributes` as the formatting in force
 * (a boundary sets a mark's value, or ends it with null) at each step. The marks of a text are
 * ranges between such boundaries: every judgement of what an update did to them reads them so.
 */
export function* formattingWalk(text: Y.XmlText, attributes: Map<string, unknown> = new Map()): Generator<FormattingStep> {
  let index = 0;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      const { key, value } = item.content;
      if (value === null) attributes.delete(key);
      else attributes.set(key, value);
      yield { kind: 'boundary', item, key, value };
    } else if (item.countable) {
      yield { kind: 'letters', item, index };
      index += item.length;
    }
  }
}
