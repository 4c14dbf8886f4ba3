import * as Y from 'yjs';
import type { SyncLimits } from './limits.ts';

/** What an update would add, read from its encoding before anything is applied. */
export interface UpdateShape {
  /** The Yjs client ids its new content is written under. */
  clients: Set<number>;
  structs: number;
  /** Formatting boundaries it writes (a mark begun or ended). */
  formats: number;
  /** Its new items, to find the paragraphs they land in once applied. */
  items: Y.ID[];
}

export type UpdateBoundsLimits = Pick<SyncLimits, 'maxStructsPerUpdate' | 'maxFormatsPerUpdate' | 'maxClientsPerConnection' | 'maxFormatsPerParagraph' | 'maxStructsPerParagraph'>;

/** Decodes an update's structs (no document is touched); null if it cannot be decoded. */
export function shapeOf(update: Uint8Array): UpdateShape | null {
  let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return null;
  }
  const shape: UpdateShape = { clients: new Set(), structs: structs.length, formats: 0, items: [] };
  for (const struct of structs) {
    shape.clients.add(struct.id.client);
    if (!(struct instanceof Y.Item)) continue;
    shape.items.push(struct.id);
    if (struct.content instanceof Y.ContentFormat) shape.formats++;
  }
  return shape;
}

/**
 * Why an update is too big to judge at all, or null. `writing` holds the client ids the
 * connection has already written under: together with the update's they must stay few.
 */
export function shapeRefusal(shape: UpdateShape, writing: ReadonlySet<number>, limits: UpdateBoundsLimits): string | null {
  if (shape.structs > limits.maxStructsPerUpdate) {
    return `this change adds too much at once (${shape.structs} pieces; at most ${limits.maxStructsPerUpdate}): make it in smaller parts`;
  }
  if (shape.formats > limits.maxFormatsPerUpdate) {
    return `this change applies too much formatting at once (${shape.formats} marks; at most ${limits.maxFormatsPerUpdate}): make it in smaller parts`;
  }
  let clients = writing.size;
  for (const client of shape.clients) if (!writing.has(client)) clients++;
  if (clients > limits.maxClientsPerConnection) {
    return `this connection writes from more copies of the document than it may (${clients}; at most ${limits.maxClientsPerConnection}): reload the page`;
  }
  return null;
}

/**
 * Why the paragraphs an accepted update wrote to now hold too much to keep editing them
 * cheaply, or null. Read on the shadow copy, which holds the update. Every item counts,
 * deleted ones too: history is kept, and Yjs walks it on every keystroke there.
 */
export function paragraphRefusal(shadow: Y.Doc, shape: UpdateShape, limits: UpdateBoundsLimits): string | null {
  const seen = new Set<Y.XmlText>();
  for (const id of shape.items) {
    let parent: Y.Item['parent'];
    try {
      parent = Y.getItem(shadow.store, id).parent;
    } catch {
      continue; // not in the shadow: nothing of it was applied
    }
    if (!(parent instanceof Y.XmlText) || seen.has(parent)) continue;
    seen.add(parent);
    let structs = 0;
    let formats = 0;
    for (let at = parent._start; at !== null; at = at.right) {
      structs++;
      if (at.content instanceof Y.ContentFormat) formats++;
    }
    if (formats > limits.maxFormatsPerParagraph) {
      return `this paragraph holds too much formatting to take more (${formats} marks; at most ${limits.maxFormatsPerParagraph}): ask the Chair to settle its amendments`;
    }
    if (structs > limits.maxStructsPerParagraph) {
      return `this paragraph holds too much history to take more (${structs} pieces; at most ${limits.maxStructsPerParagraph}): ask the Chair to settle its amendments`;
    }
  }
  return null;
}
