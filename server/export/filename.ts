import type { ExportFormat } from './types.ts';

/** File names and content types of exports: safe on every file system and in a header. */

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * One part of a file name: ASCII letters, digits, dots and hyphens only (a symbol such as
 * `CSH/GT/PD-2/09` becomes `CSH-GT-PD-2-09`), so it needs no quoting in Content-Disposition
 * and cannot climb out of a download folder.
 */
export function safeNamePart(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return ascii
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
}

/** `CSH-GT-PD-2-09_compilation_Rev.2.docx` */
export function exportFilename(symbol: string, parts: readonly (string | undefined)[], format: ExportFormat): string {
  const name = [safeNamePart(symbol) || 'document', ...parts.filter((p): p is string => Boolean(p)).map(safeNamePart).filter(Boolean)].join('_');
  return `${name}.${format}`;
}
