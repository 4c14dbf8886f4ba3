import type { Comparison, ComparedParagraph, ComparedSegment } from '../../shared/revisions/comparison.ts';
import { attributionLabel, comparisonDateLine, comparisonSubtitle, summaryRows } from './comparison-summary.ts';
import { colourStyle, escapeHtml, htmlPage } from './html-kit.ts';
import { numberPrefix } from './labels.ts';
import type { ExportMeta } from './types.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translate, type MessageKey } from '../../shared/i18n/translate.ts';

/**
 * A comparison as a standalone, printable page: a summary table (accepted, rejected,
 * withdrawn, proposed), then the text with what came in underlined and what went out struck
 * through, each change followed by who brought it and how (`MEX, accepted`), in that
 * delegation's colour.
 */
export function renderComparisonHtml(comparison: Comparison, meta: ExportMeta): string {
  const language = meta.language ?? 'en';
  const say = (key: MessageKey) => escapeHtml(translate(language, key));
  const rows = summaryRows(comparison, language)
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.label)}</th><td class="count">${row.entries.length}</td><td>${
          row.entries.length ? row.entries.map(escapeHtml).join('<br>') : '—'
        }</td></tr>`,
    )
    .join('');
  const table = `<table class="summary"><caption class="variant">${say('doc.compare.summary')}</caption><thead><tr><th>${say('doc.compare.amendments')}</th><th>${say('doc.compare.count')}</th><th>${say('doc.compare.details')}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const text = comparison.paragraphs.map((paragraph) => paragraphHtml(paragraph, language)).join('\n');
  return htmlPage({ meta, dateLine: comparisonDateLine(meta), subtitle: comparisonSubtitle(comparison, language), body: `${table}\n<section class="text"${meta.textLanguage ? ` lang="${meta.textLanguage}"` : ''}>\n${text}\n</section>` });
}

function paragraphHtml(paragraph: ComparedParagraph, language: Language): string {
  const content = paragraph.segments.map((segment) => segmentHtml(segment, language)).join('');
  const pid = paragraph.pid ? ` data-pid="${escapeHtml(paragraph.pid)}"` : '';
  const change = ` data-change="${escapeHtml(paragraph.change)}"`;
  if (paragraph.blockType === 'heading') return `<h3${pid}${change}>${content}</h3>`;
  const classes = ['para', escapeHtml(paragraph.kind)];
  let lead = '';
  if (paragraph.number) {
    classes.push('numbered');
    lead = `<span class="num">${escapeHtml(numberPrefix(paragraph.number))}</span> `;
    if (paragraph.change === 'inserted') lead = `<ins>${lead}</ins>`;
    if (paragraph.change === 'removed') lead = `<del>${lead}</del>`;
  }
  return `<p class="${classes.join(' ')}"${pid}${change}>${lead}${content}</p>`;
}

function segmentHtml(segment: ComparedSegment, language: Language): string {
  const text = escapeHtml(segment.text);
  if (segment.change === 'same') return text;
  const who = segment.attribution?.delegation ?? 'Secretariat';
  const tag = segment.change === 'inserted' ? 'ins' : 'del';
  const label = `<span class="code"${colourStyle(who)}>${escapeHtml(attributionLabel(segment.attribution, language))}</span>`;
  return `<${tag}${colourStyle(who)}>${text}</${tag}><sup>${label}</sup>`;
}
