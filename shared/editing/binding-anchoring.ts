import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import type { Anchoring } from './redo-history.ts';

type Mapping = Parameters<typeof absolutePositionToRelativePosition>[2];

/**
 * Document positions as Yjs positions, through the mapping between the editor's nodes and the
 * shared text that the ProseMirror–Yjs binding keeps (read anew at each call: it changes with
 * every rendering).
 */
export function bindingAnchoring(doc: Y.Doc, text: Y.XmlFragment, mapping: () => Mapping): Anchoring {
  return {
    anchor: (pos) => absolutePositionToRelativePosition(pos, text, mapping()) as Y.RelativePosition,
    resolve: (at) => relativePositionToAbsolutePosition(doc, text, at, mapping()),
    anchorRemoved: (pos, removed) => {
      const where = Y.createAbsolutePositionFromRelativePosition(absolutePositionToRelativePosition(pos, text, mapping()) as Y.RelativePosition, doc);
      if (!where) return null;
      // Past the visible characters before the position, then over deleted ones and formatting.
      let item = where.type._start;
      let seen = 0;
      while (item && seen < where.index) {
        if (!item.deleted && item.countable) seen += item.length;
        item = item.right;
      }
      if (seen !== where.index) return null;
      for (; item && (item.deleted || !item.countable); item = item.right) {
        if (!item.deleted || !item.countable) continue;
        for (let clock = item.id.clock; clock < item.id.clock + item.length; clock++) {
          const id = Y.createID(item.id.client, clock);
          if (removed(id)) return Y.createRelativePositionFromJSON({ item: id, assoc: 0 });
        }
      }
      return null;
    },
    precedes: (a, b) => {
      const first = a.item && Y.getItem(doc.store, a.item);
      const second = b.item && Y.getItem(doc.store, b.item);
      if (!first || !second) return false;
      if (first === second) return a.item!.clock < b.item!.clock;
      for (let item = first.right; item; item = item.right) if (item === second) return true;
      return false;
    },
  };
}
