import { DeletedTextRun, HeadingLevel, InsertedTextRun, Paragraph, Tab, TabStopType, TextRun, type IRunOptions, type ParagraphChild } from 'docx';
import type { Attribution, Comparison, ComparedParagraph } from '../../shared/revisions/comparison.ts';
import { changeAuthor, comparisonDateLine, comparisonSubtitle, summaryRows } from './comparison-summary.ts';
import { DocxIds, masthead, NUMBER_TAB, packDocx, wordDate, xmlSafe } from './docx-kit.ts';
import { numberPrefix } from './labels.ts';
import type { ExportMeta } from './types.ts';
import { translate } from '../../shared/i18n/translate.ts';

/**
 * A comparison of two states of a text as a Word document whose tracked changes ARE the
 * differences: text that entered the agreed text is a `w:ins`, text that left it a `w:del`,
 * each authored by the delegation whose amendment brought the change (the Secretariat for a
 * direct edit). Word's Reviewing pane then lists, per delegation, what changed between the
 * two revisions; accepting all yields the newer text, rejecting all the older.
 *
 * The comparison carries no time per change, so every change is dated with the export.
 * A summary of decided and new amendments comes first, as ordinary text.
 */
export async function renderComparisonDocx(comparison: Comparison, meta: ExportMeta): Promise<Uint8Array> {
  const ids = new DocxIds();
  const date = wordDate('', meta.generatedAt);
  const language = meta.language ?? 'en';
  const change = (attribution: Attribution | null) => ({ id: ids.revision(), author: xmlSafe(changeAuthor(attribution, language)), date });
  const body = [...masthead(meta, comparisonDateLine(meta), comparisonSubtitle(comparison, language))];

  body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(translate(language, 'doc.compare.summary'))] }));
  for (const row of summaryRows(comparison, language)) {
    body.push(new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: `${row.label}: ${row.entries.length}`, bold: true })] }));
    for (const entry of row.entries) body.push(new Paragraph({ bullet: { level: 0 }, spacing: { after: 0 }, children: [new TextRun(xmlSafe(entry))] }));
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 360 }, children: [new TextRun(translate(language, 'doc.compare.text'))] }));
  for (const paragraph of comparison.paragraphs) body.push(comparedParagraph(paragraph, change));
  return packDocx({ meta, body });
}

type Change = (attribution: Attribution | null) => { id: number; author: string; date: string };

function comparedParagraph(paragraph: ComparedParagraph, change: Change): Paragraph {
  // A whole paragraph added or removed: its number and its paragraph mark change with it.
  const whole = paragraph.change === 'inserted' || paragraph.change === 'removed' ? paragraph.change : null;
  const wholeAttribution = paragraph.segments.find((s) => s.change !== 'same')?.attribution ?? null;
  const tracked = (options: IRunOptions, kind: 'inserted' | 'removed' | 'same', attribution: Attribution | null): ParagraphChild => {
    if (kind === 'inserted') return new InsertedTextRun({ ...options, ...change(attribution) });
    if (kind === 'removed') return new DeletedTextRun({ ...options, ...change(attribution) });
    return new TextRun(options);
  };
  const children: ParagraphChild[] = [];
  if (paragraph.number && paragraph.blockType === 'paragraph') {
    children.push(tracked({ text: numberPrefix(paragraph.number) }, whole ?? 'same', wholeAttribution));
    children.push(tracked({ children: [new Tab()] }, whole ?? 'same', wholeAttribution));
  }
  for (const segment of paragraph.segments) {
    if (segment.text) children.push(tracked({ text: xmlSafe(segment.text) }, segment.change, segment.attribution));
  }
  const mark = whole === 'inserted' ? { run: { insertion: change(wholeAttribution) } } : whole === 'removed' ? { run: { deletion: change(wholeAttribution) } } : {};
  if (paragraph.blockType === 'heading') return new Paragraph({ heading: HeadingLevel.HEADING_2, children, ...mark });
  const numbered = paragraph.number ? { indent: { left: NUMBER_TAB, hanging: NUMBER_TAB }, tabStops: [{ type: TabStopType.LEFT, position: NUMBER_TAB }] } : {};
  const preambular = !paragraph.number && paragraph.kind === 'preambular' ? { indent: { firstLine: 720 } } : {};
  return new Paragraph({ children, alignment: 'both', ...numbered, ...preambular, ...mark });
}
