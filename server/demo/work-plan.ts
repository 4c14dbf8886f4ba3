import type { JSONContent } from '@tiptap/core';
import { newParagraphId } from '../sync/document-state.ts';

const WEEKDAY = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),/;

const paragraph = (text: string, kind = 'body'): JSONContent => ({
  type: 'paragraph',
  attrs: { pid: newParagraphId(), kind },
  content: [{ type: 'text', text }],
});
const heading = (text: string, level: number): JSONContent => ({
  type: 'heading',
  attrs: { level, pid: newParagraphId() },
  content: [{ type: 'text', text }],
});

/**
 * Turns the working group's work plan (plain text, as issued) into a document: section
 * headings, numbered methodology points as operative paragraphs, and the schedule of
 * meetings as one paragraph per meeting followed by its agenda as a list.
 */
export function workPlanContent(text: string): JSONContent {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const content: JSONContent[] = [];
  let agenda: JSONContent | null = null;
  let inTitle = false;
  for (const line of lines) {
    // The document's title (two lines, repeated above the schedule) is its metadata, not its text.
    if (line.startsWith('Draft Work Plan of the')) {
      inTitle = true;
      continue;
    }
    if (inTitle) {
      inTitle = false;
      continue;
    }
    if (/^(DATE|ACTIVITY)$/.test(line)) continue;
    if (line === '(AM)' || line === '(PM)') {
      const last = content.at(-1);
      const textNode = last?.content?.[0];
      if (textNode?.text) textNode.text += ` ${line}`;
      continue;
    }
    if (line.startsWith('·')) {
      const item: JSONContent = { type: 'listItem', content: [paragraph(line.replace(/^·\s*/, ''))] };
      if (!agenda) {
        agenda = { type: 'bulletList', content: [] };
        content.push(agenda);
      }
      agenda.content?.push(item);
      continue;
    }
    agenda = null;
    const section = /^([IVX]+)\.\s+(.*)$/.exec(line);
    const numbered = /^\d+\.\s+(.*)$/.exec(line);
    if (section) content.push(heading(`${section[1]}. ${section[2]}`, 2));
    else if (line === line.toUpperCase() && /[A-Z]{4}/.test(line)) content.push(heading(line, 2));
    else if (line.startsWith('First half of')) content.push(heading(line, 3));
    else if (numbered?.[1]) content.push(paragraph(numbered[1].replace(/\s{2,}/g, ' '), 'operative'));
    else if (WEEKDAY.test(line)) content.push({ ...paragraph(''), content: [{ type: 'text', text: line, marks: [{ type: 'bold' }] }] });
    else content.push(paragraph(line.replace(/\s{2,}/g, ' ')));
  }
  return { type: 'doc', content };
}
