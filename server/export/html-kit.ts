import { fontFaceCss, SANS_FAMILY, SERIF_FAMILY } from './fonts.ts';
import { proposerColour } from './labels.ts';
import type { ExportMeta, TextStyle } from './types.ts';

/** Pieces shared by the HTML pages of a text and of a comparison: escaping, page frame, styles. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** The `--c` custom property that colours a proposer's brackets, underline and code. */
export function colourStyle(label: string): string {
  return ` style="--c:${escapeHtml(proposerColour(label))}"`;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Formatting around already escaped text; links only to the web or mail, never `javascript:`. */
export function styled(html: string, style: TextStyle): string {
  let out = html;
  if (style.bold) out = `<strong>${out}</strong>`;
  if (style.italic) out = `<em>${out}</em>`;
  if (style.underline) out = `<u>${out}</u>`;
  if (style.strike) out = `<s>${out}</s>`;
  if (style.link && SAFE_LINK.test(style.link)) out = `<a href="${escapeHtml(style.link)}">${out}</a>`;
  return out;
}

const CSS = `
@page { size: A4; margin: 2.5cm 2.2cm 2.2cm 2.2cm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #eceff1; color: #111; font-family: "${SERIF_FAMILY}", "Times New Roman", serif; font-size: 12pt; line-height: 1.45; }
.page { max-width: 21cm; margin: 1.5rem auto; padding: 2.5cm 2.2cm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.masthead { display: flex; justify-content: space-between; align-items: flex-start; margin-bottom: 2.2em; font-size: 10.5pt; }
.masthead .date { color: #333; }
.masthead .symbol { text-align: right; font-weight: bold; white-space: pre-line; }
h1.title { text-align: center; font-size: 13pt; font-weight: bold; margin: 0 0 .3em; }
.variant { text-align: center; font-style: italic; margin: 0 0 2em; }
h2, h3, h4 { font-size: 12pt; margin: 1.4em 0 .6em; page-break-after: avoid; break-after: avoid; }
h2 { text-align: center; text-transform: uppercase; }
h4 { font-style: italic; }
.para { margin: 0 0 .8em; text-align: justify; orphans: 2; widows: 2; }
.para.preambular { text-indent: 2.5em; }
.para.numbered { padding-left: 2.8em; text-indent: -2.8em; }
.para .num { display: inline-block; min-width: 2.55em; text-indent: 0; }
.para.quoted { margin-left: 2.5em; margin-right: 2.5em; }
.proposed-by { font-size: 9.5pt; font-style: italic; color: var(--c, #333); }
.bracket, .code, .note { color: var(--c, #111); font-weight: bold; }
.code, .note { font-size: 9pt; font-family: "${SANS_FAMILY}", Arial, sans-serif; }
ins { text-decoration: underline; text-decoration-color: var(--c, #111); text-decoration-thickness: 2px; text-underline-offset: 2px; }
del { text-decoration: line-through; text-decoration-color: var(--c, #111); color: #555; }
sup.fnref { font-size: 8pt; line-height: 0; }
sup.fnref a { color: inherit; text-decoration: none; }
.footnotes { margin-top: 2.5em; font-size: 10pt; border-top: 1px solid #999; width: 40%; padding-top: .4em; }
.footnotes ol { margin: 0; padding-left: 1.5em; width: 250%; }
.key { margin-top: 2em; font-size: 9.5pt; page-break-inside: avoid; break-inside: avoid; }
.key h2 { text-align: left; text-transform: none; font-size: 10pt; margin: 0 0 .3em; }
.key p { margin: .15em 0; }
table.summary { border-collapse: collapse; width: 100%; margin: 0 0 2em; font-size: 10pt; }
table.summary th, table.summary td { border: 1px solid #999; padding: .3em .5em; text-align: left; vertical-align: top; }
table.summary td.count { text-align: right; width: 4em; }
@media print {
  body { background: none; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  a { color: inherit; }
  .footnotes a { display: none; }
}
`;

export interface PageParts {
  meta: ExportMeta;
  dateLine: string;
  /** Already escaped HTML of the page's body, below the masthead and title. */
  body: string;
  /** Plain text under the title (variant, revision). */
  subtitle: string;
}

/**
 * A standalone page: no scripts, no external resources, everything inline (its fonts too), so
 * it prints (and renders to PDF) exactly as saved, on any machine. The symbol stands top
 * right, as on UN and OAS documents.
 */
export function htmlPage({ meta, dateLine, body, subtitle }: PageParts): string {
  const symbol = [meta.symbol, meta.revisionLabel].filter(Boolean).join('\n');
  const fonts = fontFaceCss([meta.title, symbol, dateLine, subtitle, body].join('\n'));
  return `<!DOCTYPE html>
<html lang="${meta.language ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Accord">
<title>${escapeHtml(`${meta.symbol}${meta.revisionLabel ? ` ${meta.revisionLabel}` : ''} — ${meta.title}`)}</title>
<style>
${fonts}
${CSS}</style>
</head>
<body>
<main class="page">
<header class="masthead"><div class="date">${escapeHtml(dateLine)}</div><div class="symbol">${escapeHtml(symbol)}</div></header>
<h1 class="title">${escapeHtml(meta.title)}</h1>
<p class="variant">${escapeHtml(subtitle)}</p>
${body}
</main>
</body>
</html>
`;
}
