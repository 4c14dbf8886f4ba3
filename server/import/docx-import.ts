import type { JSONContent } from '@tiptap/core';
import { DOMParser as ProseMirrorDOMParser, type Node as PMNode } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { documentSchema } from '../../shared/schema.ts';
import { newParagraphId } from '../sync/document-state.ts';

export class ImportError extends Error {}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** "1." "2)" "10 -": a paragraph number typed as text. */
const PLAIN_NUMBER = /^\s*\d{1,3}\s*[.)\-–]\s+/;
/** Preambular paragraphs open with a participle or adjective in capitals: "RECALLING", "HAVING SEEN". */
const PREAMBULAR_OPENING = /^(?:[A-Z]{3,}(?:ING|ED)\b|HAVING\b|BEARING\b|NOTING\b|MINDFUL\b|AWARE\b|CONVINCED\b|CONSCIOUS\b|DEEPLY\b)/;

/**
 * Turns a Word zero draft into a document: headings and paragraphs kept, plain numbering
 * ("1.", Word's own numbered lists) read as operative paragraphs, capitalised openings
 * ("RECALLING …") before the first operative paragraph as preambular ones.
 */
export async function importDocx(bytes: Uint8Array): Promise<JSONContent> {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) throw new ImportError('this is not a Word (.docx) file');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw new ImportError('this file could not be read as a Word (.docx) document');
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const parsed = ProseMirrorDOMParser.fromSchema(documentSchema()).parse(document.body as unknown as globalThis.Node);
  const blocks = negotiationBlocks(parsed);
  if (blocks.length === 0) throw new ImportError('the document has no text');
  return { type: 'doc', content: blocks };
}

function negotiationBlocks(doc: PMNode): JSONContent[] {
  const blocks: JSONContent[] = [];
  let operativeSeen = false;
  const paragraph = (node: PMNode, kind: string, strip: RegExp | null): JSONContent => {
    const json = node.toJSON() as JSONContent;
    if (strip && json.content?.[0]?.text) json.content[0].text = json.content[0].text.replace(strip, '');
    return { ...json, type: 'paragraph', attrs: { pid: newParagraphId(), kind, status: 'open', proposal: null } };
  };
  doc.forEach((node) => {
    if (node.type.name === 'heading') {
      blocks.push({ ...(node.toJSON() as JSONContent), attrs: { level: Math.min(3, Number(node.attrs.level) || 1), pid: newParagraphId() } });
    } else if (node.type.name === 'orderedList') {
      operativeSeen = true;
      node.forEach((item) => item.forEach((inner) => inner.isTextblock && blocks.push(paragraph(inner, 'operative', null))));
    } else if (node.type.name === 'paragraph') {
      if (node.textContent.trim().length === 0) return;
      if (PLAIN_NUMBER.test(node.textContent)) {
        operativeSeen = true;
        blocks.push(paragraph(node, 'operative', PLAIN_NUMBER));
      } else {
        blocks.push(paragraph(node, !operativeSeen && PREAMBULAR_OPENING.test(node.textContent) ? 'preambular' : 'body', null));
      }
    } else if (node.textContent.trim().length > 0) {
      // Lists and quotations keep their structure; their paragraphs get ids of their own.
      const json = node.toJSON() as JSONContent;
      const assignIds = (n: JSONContent) => {
        if (n.type === 'paragraph') n.attrs = { ...n.attrs, pid: newParagraphId() };
        n.content?.forEach(assignIds);
      };
      assignIds(json);
      blocks.push(json);
    }
  });
  return blocks;
}
