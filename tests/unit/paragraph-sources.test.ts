import type { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { paragraphSourceDecorations } from '../../client/editor/paragraph-sources.ts';
import { documentSchema } from '../../shared/schema.ts';

const paragraph = (pid: string, text: string) => ({ type: 'paragraph', attrs: { pid, kind: 'body' }, content: [{ type: 'text', text }] });
const draft = (...paragraphs: ReturnType<typeof paragraph>[]): PMNode => documentSchema().nodeFromJSON({ type: 'doc', content: paragraphs });

/** Where each margin note stands, as the paragraph (by its words) it stands in. */
function notes(doc: PMNode, sources: Record<string, string[]>): string[] {
  return paragraphSourceDecorations(doc, sources)
    .find()
    .filter((d) => d.from === d.to)
    .map((d) => doc.resolve(d.from).parent.textContent);
}

describe('a consolidated draft\u2019s margin notes', () => {
  it('stand in each compiled paragraph, found by its pid wherever edits moved it', () => {
    const sources = { 'p-00000001': ['MEX', 'IACHR'], 'p-00000002': ['USA'] };
    expect(notes(draft(paragraph('p-00000001', 'Exchange information.'), paragraph('p-00000002', 'Train police.')), sources)).toEqual(['Exchange information.', 'Train police.']);
    // The Secretariat moved the second paragraph up and added one of its own: the notes follow their paragraphs, the new one has none.
    const edited = draft(paragraph('p-00000002', 'Train police.'), paragraph('p-0000000a', 'A paragraph typed since.'), paragraph('p-00000001', 'Exchange information.'));
    expect(notes(edited, sources)).toEqual(['Train police.', 'Exchange information.']);
  });

  it('are nowhere in a document that was not compiled', () => {
    expect(notes(draft(paragraph('p-00000001', 'Exchange information.')), {})).toEqual([]);
  });
});
