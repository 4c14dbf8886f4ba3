import type { JSONContent } from '@tiptap/core';
import { DOMParser as ProseMirrorDOMParser, type Node as PMNode } from '@tiptap/pm/model';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { clauseKinds, isTypedNumber, TYPED_NUMBER } from '../../shared/i18n/resolution-clauses.ts';
import { documentSchema } from '../../shared/schema.ts';
import { newParagraphId } from '../sync/document-state.ts';
import { ImportError } from './import-error.ts';
import { checkActualSizes, checkDeclaredSizes, readZipDirectory, type ZipBounds, type ZipEntry } from './zip-directory.ts';

export { ImportError };

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const MB = 1024 * 1024;
/**
 * A long resolution's document.xml is well under 2 MB; converting 10 MB of it takes ~10 s and
 * ~800 MB here. Word's XML packs 5–30 to 1; bombs pack 1,000 to 1.
 */
export const ZIP_BOUNDS: ZipBounds = { maxEntries: 1_000, maxEntryBytes: 10 * MB, maxTotalBytes: 40 * MB, maxRatio: 200, ratioFloorBytes: MB };

/** What the imported text may hold: a negotiated text's size with room to spare, and no more. */
export const TEXT_BOUNDS = { maxBlocks: 5_000, maxBlockChars: 20_000, maxTotalChars: 1_000_000 };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Turns a Word zero draft into a document: headings and paragraphs kept, preambular and
 * operative paragraphs told apart as a reader of any of the four official languages would
 * (see resolution-clauses.ts): "RECALLING …", "RECORDANDO …" are preambular; the numbered
 * paragraphs after "RESOLVES:", "RESUELVE:", "DÉCIDE :" operative.
 */
export async function importDocx(bytes: Uint8Array): Promise<JSONContent> {
  // Bounded before anything is inflated, then bounded while inflating: see zip-directory.ts.
  checkActualSizes(bytes, precheckDocx(bytes));
  let html: string;
  try {
    // Images are dropped (the schema has none): left alone, mammoth would inline each as base64.
    const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { convertImage: dropImages })).value;
  } catch {
    throw new ImportError('this file could not be read as a Word (.docx) document');
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const parsed = ProseMirrorDOMParser.fromSchema(documentSchema()).parse(document.body as unknown as globalThis.Node);
  checkTextBounds(parsed);
  const blocks = negotiationBlocks(parsed);
  if (blocks.length === 0) throw new ImportError('the document has no text');
  return { type: 'doc', content: blocks };
}

/**
 * The checks that read only the file's bytes and its zip directory (milliseconds, nothing
 * inflated): a file failing them is refused without starting an import thread.
 */
export function precheckDocx(bytes: Uint8Array): ZipEntry[] {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(`the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  if (bytes.length < 4 || ZIP_MAGIC.some((b, i) => bytes[i] !== b)) throw new ImportError('this is not a Word (.docx) file');
  const entries = readZipDirectory(bytes);
  checkDeclaredSizes(entries, ZIP_BOUNDS);
  return entries;
}

/** Refuses a text no negotiation has: one every participant's browser would have to hold. */
function checkTextBounds(doc: PMNode): void {
  let blocks = 0;
  if (doc.textContent.length > TEXT_BOUNDS.maxTotalChars) throw new ImportError(`the document is longer than ${TEXT_BOUNDS.maxTotalChars.toLocaleString('en')} characters`);
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    blocks += 1;
    if (blocks > TEXT_BOUNDS.maxBlocks) throw new ImportError(`the document has more than ${TEXT_BOUNDS.maxBlocks.toLocaleString('en')} paragraphs`);
    if (node.textContent.length > TEXT_BOUNDS.maxBlockChars) {
      throw new ImportError(`a paragraph is longer than ${TEXT_BOUNDS.maxBlockChars.toLocaleString('en')} characters (it begins “${node.textContent.slice(0, 40)}…”)`);
    }
    return false;
  });
}

function negotiationBlocks(doc: PMNode): JSONContent[] {
  // Paragraphs are read first and their kinds decided together: whether a paragraph is
  // operative depends on the "RESOLVES:" line before it and on whether its neighbours are numbered.
  type Entry = { block: JSONContent } | { node: PMNode; numbered: boolean; strip: RegExp | null };
  const entries: Entry[] = [];
  const keepWithIds = (node: PMNode) => {
    // Lists and quotations keep their structure; their paragraphs get ids of their own.
    const json = node.toJSON() as JSONContent;
    const assignIds = (n: JSONContent) => {
      if (n.type === 'paragraph') n.attrs = { ...n.attrs, pid: newParagraphId() };
      n.content?.forEach(assignIds);
    };
    assignIds(json);
    entries.push({ block: json });
  };
  doc.forEach((node) => {
    if (node.type.name === 'heading') {
      entries.push({ block: { ...(node.toJSON() as JSONContent), attrs: { level: Math.min(3, Number(node.attrs.level) || 1), pid: newParagraphId() } } });
    } else if (node.type.name === 'orderedList') {
      // A sub-list (a, b, c under paragraph 3) stays a list after its paragraph.
      node.forEach((item) => item.forEach((inner) => (inner.isTextblock ? entries.push({ node: inner, numbered: true, strip: null }) : inner.textContent.trim() && keepWithIds(inner))));
    } else if (node.type.name === 'paragraph') {
      if (node.textContent.trim().length === 0) return;
      const numbered = isTypedNumber(node.textContent);
      entries.push({ node, numbered, strip: numbered ? TYPED_NUMBER : null });
    } else if (node.textContent.trim().length > 0) {
      keepWithIds(node);
    }
  });
  const paragraphs = entries.filter((e) => 'node' in e);
  const kinds = clauseKinds(paragraphs.map((e) => ({ text: e.node.textContent, numbered: e.numbered })));
  const kindOf = new Map(paragraphs.map((e, i) => [e, kinds[i]!]));
  return entries.map((entry) => {
    if ('block' in entry) return entry.block;
    const json = entry.node.toJSON() as JSONContent;
    if (entry.strip && json.content?.[0]?.text) json.content[0].text = json.content[0].text.replace(entry.strip, '');
    return { ...json, type: 'paragraph', attrs: { pid: newParagraphId(), kind: kindOf.get(entry), status: 'open', proposal: null } };
  });
}
