import type * as Y from 'yjs';
import { TEXT_FIELD } from './schema.ts';

/** The parts of every document's Y.Doc: the text, support for amendments, rationales. */
export const SUPPORTERS = 'supporters';
export const RATIONALES = 'rationales';

/**
 * Declares the parts with their types before any update is applied. A part first seen in an
 * update is created as an untyped placeholder and replaced when declared, so declaring up
 * front keeps one object per part for the document's whole life (the rules compare by identity).
 */
export function defineDocumentParts(doc: Y.Doc): Y.Doc {
  doc.getXmlFragment(TEXT_FIELD);
  doc.getMap(SUPPORTERS);
  doc.getMap(RATIONALES);
  return doc;
}
