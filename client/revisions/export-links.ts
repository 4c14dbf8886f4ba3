import { documentUrl } from '../api.ts';
import type { Language } from '../../shared/i18n/languages.ts';

// Format names are the same in every language; what each is, is said in the participant's.
export const EXPORT_FORMATS = [
  { value: 'docx', label: 'Word', hint: 'export.format.docx' },
  { value: 'pdf', label: 'PDF', hint: 'export.format.pdf' },
  { value: 'html', label: 'HTML', hint: 'export.format.html' },
  { value: 'md', label: 'Markdown', hint: 'export.format.md' },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['value'];

export const EXPORT_VARIANTS = [
  { value: 'agreed', label: 'export.variant.agreed', hint: 'export.variant.agreedHint' },
  { value: 'compilation', label: 'export.variant.compilation', hint: 'export.variant.compilationHint' },
] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number]['value'];

/**
 * The export of the live text, or of a revision's when `revisionId` is given, its fixed words
 * ("Compilation text", "Proposed by") in `language`: a download link carries the browser's
 * Accept-Language, not the language chosen in Accord, so the choice rides in the address.
 */
export function exportUrl(documentId: string, format: ExportFormat, variant: ExportVariant, language: Language, revisionId?: string): string {
  const query = new URLSearchParams({ format, variant, lang: language });
  if (revisionId) query.set('revision', revisionId);
  return `${documentUrl(documentId)}/export?${query.toString()}`;
}

/** A comparison as a file: in Word, the differences are tracked changes. */
export function comparisonExportUrl(documentId: string, from: string, to: string, format: ExportFormat, language: Language): string {
  return `${documentUrl(documentId)}/compare/export?${new URLSearchParams({ from, to, format, lang: language }).toString()}`;
}
