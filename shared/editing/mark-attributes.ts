import type { Mark } from '@tiptap/pm/model';
import * as buf from 'lib0/buffer';
import * as sha256 from 'lib0/hash/sha256';

/**
 * How a ProseMirror mark is stored on Y.XmlText: a formatting attribute named after the mark
 * (`bold`) or, for a mark that may stand several times on the same words (amendments:
 * `excludes: ''`), after the mark and a hash of it (`deletion--AbC123xy`). The names must be
 * exactly those y-prosemirror gives, since the documents it seeded and the ones Accord writes
 * are read by the same code: this is its scheme, checked against it in a unit test.
 */
export function markAttributeName(mark: Mark): string {
  const overlapping = !mark.type.excludes(mark.type);
  return overlapping ? `${mark.type.name}--${hashOfJSON(mark.toJSON())}` : mark.type.name;
}

/** A text run's formatting attributes in Yjs, one per mark. */
export function markAttributes(marks: readonly Mark[]): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const mark of marks) attributes[markAttributeName(mark)] = mark.attrs;
  return attributes;
}

/** sha256 of the value's lib0 encoding, folded to six bytes, in base64 (eight characters). */
function hashOfJSON(json: unknown): string {
  const digest = sha256.digest(buf.encodeAny(json));
  const width = 6;
  for (let i = width; i < digest.length; i++) digest[i % width] = digest[i % width]! ^ digest[i]!;
  return buf.toBase64(digest.slice(0, width));
}
