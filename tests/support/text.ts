import * as Y from 'yjs';
import { TEXT_FIELD } from '../../shared/schema.ts';

/** The plain text of a document's paragraphs, one line each. */
export function plainText(doc: Y.Doc): string {
  const lines: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment) => {
    if (node instanceof Y.XmlText) {
      const delta = node.toDelta() as { insert: unknown }[];
      lines[lines.length - 1] += delta.map((d) => (typeof d.insert === 'string' ? d.insert : '')).join('');
      return;
    }
    if (node instanceof Y.XmlElement && (node.nodeName === 'paragraph' || node.nodeName === 'heading')) lines.push('');
    for (const child of node.toArray()) if (!(child instanceof Y.XmlHook)) visit(child);
  };
  visit(doc.getXmlFragment(TEXT_FIELD));
  return lines.join('\n');
}

/** The text node of the n-th paragraph (or heading) of a document. */
export function blockText(doc: Y.Doc, index: number): Y.XmlText {
  const blocks = doc.getXmlFragment(TEXT_FIELD).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const block = blocks[index];
  const text = block?.toArray().find((n): n is Y.XmlText => n instanceof Y.XmlText);
  if (!text) throw new Error(`block ${index} has no text`);
  return text;
}
