import { documentUrl } from '../api.ts';

export const EXPORT_FORMATS = [
  { value: 'docx', label: 'Word', hint: 'Word document (.docx)' },
  { value: 'pdf', label: 'PDF', hint: 'PDF, ready to print' },
  { value: 'html', label: 'HTML', hint: 'Standalone web page' },
  { value: 'md', label: 'Markdown', hint: 'Plain text with Markdown' },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['value'];

export const EXPORT_VARIANTS = [
  { value: 'agreed', label: 'Agreed text', hint: 'Pending insertions left out, pending deletions kept; ad referendum paragraphs footnoted' },
  { value: 'compilation', label: 'Compilation', hint: 'Every pending amendment in brackets with its delegation; in Word, as tracked changes' },
] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number]['value'];

/** The export of the live text, or of a revision's when `revisionId` is given. */
export function exportUrl(documentId: string, format: ExportFormat, variant: ExportVariant, revisionId?: string): string {
  const query = new URLSearchParams({ format, variant });
  if (revisionId) query.set('revision', revisionId);
  return `${documentUrl(documentId)}/export?${query.toString()}`;
}

/** A comparison as a file: in Word, the differences are tracked changes. */
export function comparisonExportUrl(documentId: string, from: string, to: string, format: ExportFormat): string {
  return `${documentUrl(documentId)}/compare/export?${new URLSearchParams({ from, to, format }).toString()}`;
}
