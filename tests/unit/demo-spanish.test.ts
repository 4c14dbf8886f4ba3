import { describe, expect, it } from 'vitest';
import { resolutionContent } from '../../server/demo/resolution.ts';
import { spanishResolution } from '../../server/demo/resolution-es.ts';
import { clauseKinds } from '../../shared/i18n/resolution-clauses.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { documentSchema } from '../../shared/schema.ts';

describe('the demo’s Spanish draft resolution', () => {
  const english = resolutionContent();
  const spanish = spanishResolution(english);
  const blocks = (content: typeof english) => (content.content ?? []).map((b) => ({ type: b.type, pid: b.attrs?.pid, kind: b.attrs?.kind, text: b.content?.[0]?.text ?? '' }));

  it('is the English one block for block: the same paragraph ids, kinds and numbers', () => {
    expect(blocks(spanish).map(({ type, pid, kind }) => [type, pid, kind])).toEqual(blocks(english).map(({ type, pid, kind }) => [type, pid, kind]));
    const numbers = (content: typeof english) => [...paragraphNumbers(documentSchema().nodeFromJSON(content))];
    expect(numbers(spanish)).toEqual(numbers(english));
    expect(blocks(spanish).every((b, i) => b.text !== blocks(english)[i]!.text)).toBe(true);
  });

  it('reads as its kinds say: a person (and the import) finds its preambular and operative paragraphs', () => {
    const paragraphs = blocks(spanish).filter((b) => b.type === 'paragraph');
    const read = clauseKinds(paragraphs.map((b) => ({ text: b.text, numbered: false })));
    expect(read).toEqual(paragraphs.map((b) => b.kind));
  });
});
