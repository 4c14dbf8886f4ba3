import { z } from 'zod';
import type { AmendmentShape } from '../negotiation/amendments.ts';
import { languageSchema, type Language } from './languages.ts';

/** POST /api/documents/:id/languages — a version of an original in another language. */
export const newLanguageVersionSchema = z
  .object({
    language: languageSchema,
    /** The version's title, in its language; the original's if left out. */
    title: z.string().trim().min(1).max(300).optional(),
    /** The original's own language, said the first time a version is made of it (English if never said). */
    originalLanguage: languageSchema.optional(),
  })
  .strict();
export type NewLanguageVersion = z.infer<typeof newLanguageVersionSchema>;

/** POST /api/documents/:id/languages/aligned — the Secretariat's word that these paragraphs agree across versions. */
export const alignedParagraphsSchema = z.object({ pids: z.array(z.string().min(1).max(64)).min(1).max(5_000) }).strict();

/** A pending amendment of one version, shown at the aligned paragraph of the others. */
export interface VersionProposal {
  documentId: string;
  language: Language;
  pid: string;
  id: string;
  delegation: string;
  shape: AmendmentShape;
  inserted: string;
  deleted: string;
}

/** GET /api/documents/:id/languages */
export interface LanguageVersions {
  /** The document asked about. */
  documentId: string;
  language: Language;
  originalId: string;
  /** The original first, then its versions; only those the participant may open. */
  versions: { documentId: string; language: Language; title: string }[];
  /** Paragraphs pending translation, by document id. */
  pending: Record<string, string[]>;
  /** Amendments pending in the other versions, by the paragraph they stand in. */
  proposals: VersionProposal[];
}

/** GET /api/documents/:id/languages/text — a version's agreed text, to read beside another. */
export interface VersionText {
  documentId: string;
  language: Language;
  /** ProseMirror JSON of the agreed text, paragraph ids kept. */
  content: unknown;
}
