import type { ParagraphKind } from '../../shared/schema.ts';
import type { Language } from '../../shared/i18n/languages.ts';

/**
 * The neutral shape of an exported text. The document is turned into this once
 * (model.ts) and every format renders it, so Word, HTML, Markdown and PDF can never
 * disagree on what the agreed or compilation text says.
 */

export const EXPORT_VARIANTS = ['agreed', 'compilation'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

export const EXPORT_FORMATS = ['docx', 'html', 'md', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What heads every exported text. */
export interface ExportMeta {
  title: string;
  /** The document symbol, e.g. `OEA/Ser.K/XXXVIII CSH/GT/PD-2/09`. */
  symbol: string;
  /** `Rev.2` when the text is a revision; absent for the live text. */
  revisionLabel?: string;
  generatedAt: Date;
  /** The language of the file's own words (title page, notes, key): English unless asked. */
  language?: Language;
  /** The language the negotiated text itself is in, when the document says (issue 17). */
  textLanguage?: Language;
  /** For a language version: the language of the original it translates. */
  originalLanguage?: Language;
  /** The document exported: a Word file names it, so an upload of the file to another is refused. */
  documentId?: string;
}

export interface ExportOptions {
  variant: ExportVariant;
  meta: ExportMeta;
  /** Delegation codes that joined each amendment, by amendment id (the proposer excluded). */
  supporters: ReadonlyMap<string, readonly string[]>;
  /** When each paragraph was agreed ad referendum, by pid, if the audit log knows it. */
  adReferendumDates?: ReadonlyMap<string, Date>;
  /** For a consolidated draft (issue 16): each paragraph's sources, and the contributions received for the annex. */
  sources?: ExportSources;
}

export interface ExportSources {
  paragraphs: ReadonlyMap<string, readonly string[]>;
  /** Empty when the reader may not see who contributed (a call not yet published). */
  contributions: readonly { party: string; name: string; submittedAt: string; late: boolean }[];
}

/** A pending amendment as an export shows it: who proposes, who supports. */
export interface Proposal {
  id: string;
  /** Proposer label: a delegation code, `Chair` or `Secretariat`. */
  delegation: string;
  /** The language the export says "supported by", "Proposed by" in: every label of a proposal is worded with it. */
  language: Language;
  author: string;
  at: string;
  supporters: readonly string[];
}

/** Ordinary formatting, kept in every variant. */
export interface TextStyle {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  link: string | null;
}

export interface TextPiece {
  kind: 'text';
  text: string;
  style: TextStyle;
}

export interface BreakPiece {
  kind: 'break';
}

/** Words a delegation proposes to add, which may hold further, nested proposals. */
export interface InsertionPiece {
  kind: 'insertion';
  proposal: Proposal;
  children: InlinePiece[];
}

/**
 * Words proposed for deletion and everything proposed in their place: one bracket in the
 * compilation text. `deleters` propose deleting the words outright; each replacement
 * proposes other words instead. Several proposals here are alternatives for the same words.
 */
export interface DeletionGroupPiece {
  kind: 'deletion-group';
  deleted: (TextPiece | BreakPiece)[];
  deleters: Proposal[];
  replacements: { proposal: Proposal; children: InlinePiece[] }[];
}

export type InlinePiece = TextPiece | BreakPiece | InsertionPiece | DeletionGroupPiece;

export interface ListPlacement {
  style: 'bullet' | 'ordered';
  /** 0 for a top-level list. */
  depth: number;
  /** `1.` for ordered items, `•` for bullets; null on an item's second and later paragraphs. */
  marker: string | null;
}

export interface ExportBlock {
  type: 'heading' | 'paragraph';
  /** 1–3 for headings, 0 for paragraphs. */
  level: number;
  pid: string | null;
  kind: ParagraphKind;
  /** Paragraph number as negotiators cite it (`2`, `2 bis`); null when unnumbered. */
  number: string | null;
  list: ListPlacement | null;
  quoted: boolean;
  /** Set on a paragraph a delegation proposes as new (compilation only). */
  proposedBy: Proposal | null;
  /** Footnote text attached to the paragraph (agreed ad referendum). */
  footnote: string | null;
  pieces: InlinePiece[];
}

export interface ExportDelegation {
  code: string;
  name: string;
  colour: string;
}

export interface ExportModel {
  variant: ExportVariant;
  meta: ExportMeta;
  /** `Agreed text` / `Compilation text`, shown under the title. */
  variantLabel: string;
  /** The generation date as printed, e.g. `28 November 2026`. */
  dateLine: string;
  blocks: ExportBlock[];
  /** Proposers and supporters appearing in the text, for a key at the end (compilation). */
  delegations: ExportDelegation[];
  /** A consolidated draft's annex: the contributions received, one line each, with their dates. */
  annex: { title: string; lines: string[] } | null;
}
