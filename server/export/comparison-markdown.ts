import type { Comparison, ComparedParagraph, ComparedSegment } from '../../shared/revisions/comparison.ts';
import { attributionLabel, comparisonDateLine, comparisonSubtitle, summaryRows } from './comparison-summary.ts';
import { numberPrefix } from './labels.ts';
import { escapeMarkdown } from './markdown.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ExportMeta } from './types.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';

/**
 * A comparison in Markdown, changes in CriticMarkup — `{++added++}`, `{--removed--}`, each
 * followed by a comment `{>>MEX, accepted<<}` — a plain-text convention several Markdown
 * editors highlight, and readable as it is where none does.
 */
export function renderComparisonMarkdown(comparison: Comparison, meta: ExportMeta): string {
  const lines = [`**${escapeMarkdown(meta.symbol)}**`, '', escapeMarkdown(comparisonDateLine(meta)), '', `# ${escapeMarkdown(meta.title)}`, ''];
  const language = meta.language ?? 'en';
  const say = (key: MessageKey) => translate(language, key);
  lines.push(`*${escapeMarkdown(comparisonSubtitle(comparison, language))}*`, '', `## ${say('doc.compare.summary')}`, '');
  lines.push(`| ${say('doc.compare.amendments')} | ${say('doc.compare.count')} | ${say('doc.compare.details')} |`, '| --- | ---: | --- |');
  for (const row of summaryRows(comparison, language)) {
    lines.push(`| ${row.label} | ${row.entries.length} | ${row.entries.map(cell).join('<br>') || '—'} |`);
  }
  lines.push('', `## ${say('doc.compare.text')}`, '');
  for (const paragraph of comparison.paragraphs) lines.push(paragraphMarkdown(paragraph, language), '');
  return lines.join('\n');
}

function cell(text: string): string {
  return escape(text).replace(/\n/g, ' ');
}

function escape(text: string): string {
  return escapeMarkdown(text).replace(/[{}]/g, (ch) => `\\${ch}`);
}

function paragraphMarkdown(paragraph: ComparedParagraph, language: Language): string {
  const text = paragraph.segments.map((segment) => segmentMarkdown(segment, language)).join('');
  if (paragraph.blockType === 'heading') return `### ${text}`;
  // `1\.`: a bare `1.` at the start of a line would become an ordered list.
  return paragraph.number ? `${escapeMarkdown(numberPrefix(paragraph.number)).replace(/\.$/, '\\.')} ${text}` : text.replace(/^([#>+=-])/, '\\$1');
}

function segmentMarkdown(segment: ComparedSegment, language: Language): string {
  if (segment.change === 'same') return escape(segment.text);
  const [open, close] = segment.change === 'inserted' ? ['{++', '++}'] : ['{--', '--}'];
  return `${open}${escape(segment.text)}${close}{>>${escape(attributionLabel(segment.attribution, language))}<<}`;
}
