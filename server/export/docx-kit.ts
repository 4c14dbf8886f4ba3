import { AlignmentType, CommentRangeEnd, CommentReference, Document, Packer, Paragraph, TextRun, type ICommentOptions, type IPropertiesOptions, type ParagraphChild } from 'docx';
import { DOCUMENT_PROPERTY } from '../word/paragraph-bookmark.ts';
import type { ExportMeta } from './types.ts';
import type { Language } from '../../shared/i18n/languages.ts';

/** What every Accord Word document shares: page, fonts, masthead, safe text, revision ids. */

/** The regional variant Word's dictionaries know best for each official language. */
const WORD_LANGUAGE: Record<Language, string> = { es: 'es-ES', en: 'en-US', fr: 'fr-FR', pt: 'pt-BR' };

// A4 in twentieths of a point, with UN-like margins.
const A4 = { width: 11906, height: 16838 };
const MARGINS = { top: 1418, bottom: 1247, left: 1247, right: 1247 };
/** Where the text of a numbered paragraph starts after its number and a tab. */
export const NUMBER_TAB = 680;

/** Characters XML 1.0 cannot carry at all; Word refuses a file holding one. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '\uFFFD');
}

/**
 * `w:date` as Word writes it (no milliseconds). A proposal whose time is unreadable gets the
 * export's time rather than an invalid date that would make Word reject the file.
 */
export function wordDate(at: string, fallback: Date): string {
  const parsed = new Date(at);
  const date = Number.isNaN(parsed.getTime()) ? fallback : parsed;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A proposal's time as `w:date`; null when unknown (a paragraph proposed but still empty has
 * no time of its own), so the change carries no date rather than the export's.
 */
export function proposalDate(at: string): string | null {
  const parsed = new Date(at);
  return at === '' || Number.isNaN(parsed.getTime()) ? null : wordDate(at, parsed);
}

/**
 * Ids of tracked changes (`w:ins`, `w:del`, inserted paragraph marks) must be unique within
 * the document; comments count separately.
 */
export class DocxIds {
  #revision = 0;
  #comment = 0;
  revision(): number {
    return ++this.#revision;
  }
  comment(): number {
    return this.#comment++;
  }
}

/** Comments collected while the body is written, handed to the Document at the end. */
export class DocxComments {
  readonly all: ICommentOptions[] = [];
  constructor(private readonly ids: DocxIds, private readonly date: Date) {}

  /** Starts a comment whose text explains what follows, up to `close`; returns its id. */
  open(text: string): number {
    const id = this.ids.comment();
    this.all.push({ id, author: 'Accord', initials: 'AC', date: this.date, children: [new Paragraph({ children: [new TextRun(xmlSafe(text))] })] });
    return id;
  }

  /** Ends the comment's range and places its reference. */
  close(id: number): ParagraphChild[] {
    return [new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
  }
}

/** Symbol top right, date, centred title and the line naming the variant. */
export function masthead(meta: ExportMeta, dateLine: string, subtitle: string): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: xmlSafe(meta.symbol), bold: true })] }),
    ...(meta.revisionLabel ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: xmlSafe(meta.revisionLabel), bold: true })] })] : []),
    new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 480 }, children: [new TextRun({ text: xmlSafe(dateLine), size: 20 })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: xmlSafe(meta.title), bold: true })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 480 }, children: [new TextRun({ text: xmlSafe(subtitle), italics: true })] }),
  ];
}

export interface DocxParts {
  meta: ExportMeta;
  body: Paragraph[];
  comments?: ICommentOptions[];
  footnotes?: IPropertiesOptions['footnotes'];
}

export async function packDocx({ meta, body, comments, footnotes }: DocxParts): Promise<Uint8Array> {
  const document = new Document({
    creator: 'Accord',
    title: xmlSafe(`${meta.symbol}${meta.revisionLabel ? ` ${meta.revisionLabel}` : ''} ${meta.title}`),
    styles: {
      // Word's spelling, hyphenation and quotation marks follow the language the text is in.
      default: { document: { run: { font: 'Times New Roman', size: 24, language: { value: WORD_LANGUAGE[meta.textLanguage ?? meta.language ?? 'en'] } }, paragraph: { spacing: { after: 200, line: 276 } } } },
    },
    ...(comments && comments.length ? { comments: { children: comments } } : {}),
    ...(footnotes ? { footnotes } : {}),
    // Which document the file is of, so that an upload of it to another is refused.
    ...(meta.documentId ? { customProperties: [{ name: DOCUMENT_PROPERTY, value: meta.documentId }] } : {}),
    sections: [{ properties: { page: { size: A4, margin: MARGINS } }, children: body }],
  });
  const buffer = await Packer.toBuffer(document);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
