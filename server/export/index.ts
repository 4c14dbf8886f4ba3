import type { Node as PMNode } from '@tiptap/pm/model';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { renderComparisonDocx } from './comparison-docx.ts';
import { renderComparisonHtml } from './comparison-html.ts';
import { renderComparisonMarkdown } from './comparison-markdown.ts';
import { setAsideInCleanView } from './clean-choice.ts';
import { renderDocx } from './docx.ts';
import { CONTENT_TYPES, exportFilename } from './filename.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import { buildExportModel } from './model.ts';
import { renderPdf } from './pdf.ts';
import type { ExportFormat, ExportMeta, ExportOptions } from './types.ts';

export { closePdfRenderer, PdfRendererUnavailable } from './pdf.ts';
export { EXPORT_FORMATS, EXPORT_VARIANTS } from './types.ts';
export type { ExportFormat, ExportMeta, ExportOptions, ExportVariant } from './types.ts';

/** An export ready to send: the bytes, their type and the name to save them under. */
export interface ExportedFile {
  body: Uint8Array;
  contentType: string;
  filename: string;
}

export interface DocumentExportOptions extends ExportOptions {
  format: ExportFormat;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The agreed or compilation text of a document in Word, HTML, Markdown or PDF. */
export async function exportDocument(doc: PMNode, options: DocumentExportOptions): Promise<ExportedFile> {
  const model = buildExportModel(doc, options);
  const filename = exportFilename(options.meta.symbol, [options.variant, options.meta.revisionLabel], options.format);
  const body = await render(options.format, {
    docx: () => renderDocx(model, options.variant === 'compilation' ? setAsideInCleanView(doc) : new Set()),
    html: () => renderHtml(model),
    md: () => renderMarkdown(model),
  });
  return { body, contentType: CONTENT_TYPES[options.format], filename };
}

export interface ComparisonExportOptions {
  format: ExportFormat;
  meta: ExportMeta;
}

/** A comparison of two states of a document; in Word its tracked changes are the differences. */
export async function exportComparison(comparison: Comparison, { format, meta }: ComparisonExportOptions): Promise<ExportedFile> {
  const filename = exportFilename(meta.symbol, ['comparison', `${comparison.from.label}-${comparison.to.label}`], format);
  const body = await render(format, {
    docx: () => renderComparisonDocx(comparison, meta),
    html: () => renderComparisonHtml(comparison, meta),
    md: () => renderComparisonMarkdown(comparison, meta),
  });
  return { body, contentType: CONTENT_TYPES[format], filename };
}

interface Renderers {
  docx: () => Promise<Uint8Array>;
  html: () => string;
  md: () => string;
}

/** PDF is always the printed HTML, so the two never differ. */
async function render(format: ExportFormat, renderers: Renderers): Promise<Uint8Array> {
  switch (format) {
    case 'docx':
      return renderers.docx();
    case 'html':
      return utf8(renderers.html());
    case 'md':
      return utf8(renderers.md());
    case 'pdf':
      return renderPdf(renderers.html());
  }
}
