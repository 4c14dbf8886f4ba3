import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError } from '../import/import-error.ts';
import { checkDeclaredSizes, inflateEntry, readZipDirectory, type ZipBounds, type ZipEntry } from '../import/zip-directory.ts';
import { DOCUMENT_PROPERTY, readParagraphBookmark } from './paragraph-bookmark.ts';

/**
 * What an uploaded Word file says, read from its XML parts (the Word round trip, issue 16):
 * each paragraph's words with their tracked changes (`w:ins`, `w:del`, who and when), the
 * Accord paragraph id its bookmark carries, the comments on them, and the document the file was
 * exported from. Plain data, so it can be read on the import thread and handed back.
 *
 * mammoth, which imports zero drafts, drops tracked changes; so this reads `word/document.xml`
 * itself with saxes: a strict streaming XML parser that resolves no external entity and
 * expands no entity a DTD declares (Word never writes a DTD, so a file with one is refused).
 */

/** A stretch of a paragraph: plain words, or words a tracked change inserts or deletes. */
export interface WordSegment {
  kind: 'text' | 'ins' | 'del';
  text: string;
  /** The change's `w:author` and `w:date`, for `ins` and `del`. */
  author: string | null;
  date: string | null;
  /** The comments whose range covers this stretch. */
  comments: number[];
  /** For inserted words, a tracked deletion of them (`w:del` in the `w:ins`): who and when. */
  struck: { author: string | null; date: string | null } | null;
}

export interface WordParagraph {
  /** From the paragraph's Accord bookmark, when it has one. */
  pid: string | null;
  fingerprint: string | null;
  /** The paragraph mark itself is a tracked insertion: a paragraph proposed in Word. */
  insertedMark: { author: string | null; date: string | null } | null;
  segments: WordSegment[];
}

export interface WordComment {
  author: string;
  text: string;
}

export interface WordReading {
  /** The Accord document the file was exported from (its custom property), if it says. */
  documentId: string | null;
  paragraphs: WordParagraph[];
  comments: Record<number, WordComment>;
}

const MB = 1024 * 1024;
/** Word's own parts only; the same bounds an import has (see docx-import.ts). */
export const WORD_ZIP_BOUNDS: ZipBounds = { maxEntries: 1_000, maxEntryBytes: 10 * MB, maxTotalBytes: 40 * MB, maxRatio: 200, ratioFloorBytes: MB };
export const WORD_TEXT_BOUNDS = { maxParagraphs: 10_000, maxTotalChars: 1_000_000, maxComments: 5_000 };

const W = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
/** Content that is not the paragraph's running text: drawings, text boxes, field codes. */
const SKIPPED = new Set(['drawing', 'pict', 'object', 'instrText', 'delInstrText', 'txbxContent', 'footnoteReference', 'endnoteReference', 'commentReference']);
/** Where a `w:ins` or `w:del` is a property change, not inserted or deleted words. */
const PROPERTIES = new Set(['rPr', 'pPr', 'tblPr', 'trPr', 'tcPr', 'sectPr', 'numPr', 'rPrChange', 'pPrChange']);
const CHANGES: Record<string, 'ins' | 'del'> = { ins: 'ins', del: 'del', moveTo: 'ins', moveFrom: 'del' };

/** Reads a Word file's paragraphs, changes and comments; ImportError for anything that is not a sound .docx. */
export function readWordFile(bytes: Uint8Array): WordReading {
  const entries = readZipDirectory(bytes);
  checkDeclaredSizes(entries, WORD_ZIP_BOUNDS);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const main = byName.get('word/document.xml');
  if (!main) throw new ImportError('this file has no Word text (word/document.xml): it is not a Word (.docx) document');
  const part = (entry: ZipEntry | undefined) => (entry ? new TextDecoder('utf-8', { fatal: false }).decode(inflateEntry(bytes, entry)) : null);
  const custom = part(byName.get('docProps/custom.xml'));
  const comments = part(byName.get('word/comments.xml'));
  return {
    documentId: custom === null ? null : readDocumentProperty(custom),
    paragraphs: readParagraphs(part(main)!),
    comments: comments === null ? {} : readComments(comments),
  };
}

/** A strict parser that refuses any DTD: Word never writes one, and entities are where XML attacks live. */
function parser(partName: string): SaxesParser<{ xmlns: true }> {
  const xml = new SaxesParser({ xmlns: true, position: false });
  xml.on('doctype', () => {
    throw new ImportError(`the file's XML (${partName}) declares a DTD; Word never writes one, and entities are refused`);
  });
  return xml;
}

function parse(xml: SaxesParser<{ xmlns: true }>, text: string, partName: string): void {
  try {
    xml.write(text).close();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`the file's XML (${partName}) is not well-formed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

const isW = (tag: SaxesTagNS) => W.has(tag.uri);
const attr = (tag: SaxesTagNS, local: string): string | null => {
  for (const a of Object.values(tag.attributes)) if (a.local === local && (W.has(a.uri) || a.uri === '')) return a.value;
  return null;
};

function readParagraphs(text: string): WordParagraph[] {
  const xml = parser('word/document.xml');
  const paragraphs: WordParagraph[] = [];
  const stack: SaxesTagNS[] = [];
  /** Depth at which a skipped subtree started, while inside one. */
  let skipping = -1;
  let paragraph: WordParagraph | null = null;
  let paragraphDepth = -1;
  const changes: { kind: 'ins' | 'del'; author: string | null; date: string | null; depth: number }[] = [];
  const openComments = new Set<number>();
  let chars = 0;

  const add = (words: string) => {
    if (!paragraph || words.length === 0) return;
    chars += words.length;
    if (chars > WORD_TEXT_BOUNDS.maxTotalChars) throw new ImportError(`the file holds more than ${WORD_TEXT_BOUNDS.maxTotalChars.toLocaleString('en')} characters of text`);
    // Words deleted from an insertion are inserted words first: the deletion is of them, not of the text.
    const insertion = changes.findLast((c) => c.kind === 'ins') ?? null;
    const deletion = changes.findLast((c) => c.kind === 'del') ?? null;
    const kind = insertion ? 'ins' : deletion ? 'del' : 'text';
    const owner = insertion ?? deletion;
    const struck = insertion && deletion ? { author: deletion.author, date: deletion.date } : null;
    const comments = [...openComments].sort((a, b) => a - b);
    const last = paragraph.segments.at(-1);
    const same = last && last.kind === kind && last.author === (owner?.author ?? null) && last.date === (owner?.date ?? null) && sameList(last.comments, comments) &&
      last.struck?.author === struck?.author && last.struck?.date === struck?.date;
    if (same) last.text += words;
    else paragraph.segments.push({ kind, text: words, author: owner?.author ?? null, date: owner?.date ?? null, comments, struck });
  };

  xml.on('opentag', (tag) => {
    stack.push(tag);
    const depth = stack.length;
    if (skipping >= 0) return;
    if (tag.uri === MC && tag.local === 'AlternateContent') return void (skipping = depth);
    if (!isW(tag)) return;
    const parent = stack.at(-2);
    const local = tag.local;
    if (SKIPPED.has(local)) return void (skipping = depth);
    if (local === 'p') {
      if (paragraph) return void (skipping = depth); // a paragraph inside a paragraph (a text box): not running text
      paragraphs.push((paragraph = { pid: null, fingerprint: null, insertedMark: null, segments: [] }));
      paragraphDepth = depth;
      if (paragraphs.length > WORD_TEXT_BOUNDS.maxParagraphs) throw new ImportError(`the file has more than ${WORD_TEXT_BOUNDS.maxParagraphs.toLocaleString('en')} paragraphs`);
      return;
    }
    if (!paragraph) return;
    if (local in CHANGES) {
      if (parent && isW(parent) && parent.local === 'rPr' && stack.at(-3)?.local === 'pPr') {
        if (CHANGES[local] === 'ins') paragraph.insertedMark = { author: attr(tag, 'author'), date: attr(tag, 'date') };
        return;
      }
      if (stack.some((t) => isW(t) && PROPERTIES.has(t.local))) return;
      changes.push({ kind: CHANGES[local]!, author: attr(tag, 'author'), date: attr(tag, 'date'), depth });
      return;
    }
    if (local === 'bookmarkStart') {
      const ours = readParagraphBookmark(attr(tag, 'name') ?? '');
      if (ours && paragraph.pid === null) {
        paragraph.pid = ours.pid;
        paragraph.fingerprint = ours.fingerprint;
        // What came before it is the paragraph's number and tab, not its words.
        paragraph.segments = [];
      }
      return;
    }
    if (local === 'commentRangeStart' || local === 'commentRangeEnd') {
      const id = Number(attr(tag, 'id'));
      if (Number.isInteger(id)) {
        if (local === 'commentRangeStart') openComments.add(id);
        else openComments.delete(id);
      }
      return;
    }
    if (stack.some((t) => isW(t) && PROPERTIES.has(t.local))) return;
    if (local === 'tab') add('\t');
    else if (local === 'br' || local === 'cr') add(' ');
    else if (local === 'noBreakHyphen') add('\u2011');
  });
  xml.on('text', (words) => {
    const top = stack.at(-1);
    if (skipping < 0 && top && isW(top) && (top.local === 't' || top.local === 'delText')) add(words);
  });
  xml.on('closetag', () => {
    const depth = stack.length;
    stack.pop();
    if (skipping === depth) skipping = -1;
    if (changes.at(-1)?.depth === depth) changes.pop();
    if (depth === paragraphDepth) {
      paragraph = null;
      paragraphDepth = -1;
    }
  });
  parse(xml, text, 'word/document.xml');
  return paragraphs;
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function readComments(text: string): Record<number, WordComment> {
  const xml = parser('word/comments.xml');
  const comments: Record<number, WordComment> = {};
  let current: { id: number; author: string; paragraphs: string[] } | null = null;
  let inText = false;
  let count = 0;
  xml.on('opentag', (tag) => {
    if (!isW(tag)) return;
    if (tag.local === 'comment') {
      if (++count > WORD_TEXT_BOUNDS.maxComments) throw new ImportError(`the file has more than ${WORD_TEXT_BOUNDS.maxComments.toLocaleString('en')} comments`);
      current = { id: Number(attr(tag, 'id')), author: attr(tag, 'author') ?? '', paragraphs: [] };
    } else if (tag.local === 'p' && current) current.paragraphs.push('');
    else if (tag.local === 't') inText = true;
  });
  xml.on('text', (words) => {
    if (inText && current && current.paragraphs.length > 0) current.paragraphs[current.paragraphs.length - 1] += words;
  });
  xml.on('closetag', (tag) => {
    if (!isW(tag)) return;
    if (tag.local === 't') inText = false;
    if (tag.local === 'comment' && current) {
      if (Number.isInteger(current.id)) comments[current.id] = { author: current.author, text: current.paragraphs.join('\n').trim() };
      current = null;
    }
  });
  parse(xml, text, 'word/comments.xml');
  return comments;
}

/** The `AccordDocument` custom property, if the file has it. */
function readDocumentProperty(text: string): string | null {
  const xml = parser('docProps/custom.xml');
  let inOurs = false;
  let depth = 0;
  let value: string | null = null;
  xml.on('opentag', (tag) => {
    depth++;
    if (tag.local === 'property') inOurs = Object.values(tag.attributes).some((a) => a.local === 'name' && a.value === DOCUMENT_PROPERTY);
  });
  xml.on('text', (words) => {
    if (inOurs && depth >= 3) value = (value ?? '') + words;
  });
  xml.on('closetag', (tag) => {
    depth--;
    if (tag.local === 'property') inOurs = false;
  });
  parse(xml, text, 'docProps/custom.xml');
  return value === null ? null : (value as string).trim().slice(0, 200);
}
