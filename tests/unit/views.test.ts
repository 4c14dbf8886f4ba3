import fc from 'fast-check';
import type { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { listAmendments, type Amendment } from '../../shared/negotiation/amendments.ts';
import { agreedView, applyDecisions, cleanView } from '../../shared/negotiation/decisions.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { bracketed, del, doc, ins, p, schema } from '../support/builders.ts';

/** A mark with its own time, so "the earliest alternative" is decided by `at`, not by id. */
const timed = (kind: 'insertion' | 'deletion', id: string, at: string, text: string | PMNode): PMNode => {
  const delegation = id.split(':')[0]!;
  const mark = schema.marks[kind]!.create({ id, delegation, author: `${delegation}-delegate`, at });
  return typeof text === 'string' ? schema.text(text, [mark]) : text.mark([...text.marks, mark]);
};
const minute = (n: number) => new Date(Date.UTC(2026, 10, 28, 10, 0) + n * 60_000).toISOString();
const id = (code: string, n: number) => `${code}:${n.toString(36).padStart(8, '0')}`;

/** The clean view as it was computed before: the earliest pending amendment accepted, one at a time. */
function cleanOneByOne(start: PMNode): PMNode {
  let current = start;
  for (;;) {
    const next = listAmendments(current).sort((a: Amendment, b: Amendment) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))[0];
    if (!next) return current;
    current = applyDecisions(current, [{ action: 'accept', scope: { kind: 'amendment', id: next.id } }]).doc;
  }
}

describe('the clean view', () => {
  it('accepts everything at once as one at a time would: the earliest alternative wins, nested words follow their host', () => {
    // Every piece ends with its space and the paragraph with a base word, so spacing plays no part.
    const segment = fc.record({ kind: fc.constantFrom('base', 'insert', 'delete', 'alternatives', 'nested'), times: fc.array(fc.nat({ max: 50 }), { minLength: 3, maxLength: 3 }) });
    const paragraphs = fc.array(fc.array(segment, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(paragraphs, (plan) => {
        let n = 0;
        const blocks = plan.map((segments, b) => {
          const parts: PMNode[] = [];
          for (const { kind, times } of segments) {
            const [t1, t2, t3] = times.map(minute) as [string, string, string];
            if (kind === 'base') parts.push(schema.text('word '));
            else if (kind === 'insert') parts.push(timed('insertion', id('MEX', ++n), t1, 'added '));
            else if (kind === 'delete') parts.push(timed('deletion', id('USA', ++n), t1, 'gone '));
            else if (kind === 'nested') {
              const outer = id('BRA', ++n);
              parts.push(timed('insertion', outer, t1, 'outer '), timed('insertion', outer, t1, timed('insertion', id('CAN', ++n), t2, 'inner ')));
            } else {
              const [a, c] = [id('MEX', ++n), id('USA', ++n)];
              parts.push(timed('deletion', a, t1, timed('deletion', c, t2, 'contested ')), timed('insertion', a, t1, 'mine '), timed('insertion', c, t2, 'theirs '));
              parts.push(timed('deletion', c, t2, timed('deletion', id('JAM', ++n), t3, 'also ')));
            }
          }
          parts.push(schema.text('end.'));
          return p(`p${b}`, ...parts);
        });
        const start = doc(...blocks);
        expect(bracketed(cleanView(start))).toEqual(bracketed(cleanOneByOne(start)));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('settles thousands of amendments in one pass, with the earliest of each set of alternatives', () => {
    const blocks: PMNode[] = [];
    for (let i = 0; i < 2_000; i++) {
      blocks.push(
        p(
          `p${i}`,
          'to ',
          timed('deletion', id('MEX', 3 * i + 1), minute(2), timed('deletion', id('USA', 3 * i + 2), minute(1), 'promote')),
          timed('insertion', id('MEX', 3 * i + 1), minute(2), 'foster'),
          timed('insertion', id('USA', 3 * i + 2), minute(1), 'advance'),
          ' ',
          ins(id('BRA', 3 * i + 3), 'regional '),
          'cooperation',
        ),
      );
    }
    const clean = cleanView(doc(...blocks));
    expect(clean.childCount).toBe(2_000);
    expect(new Set(bracketed(clean))).toEqual(new Set(['to advance regional cooperation']));
    expect(listAmendments(clean)).toEqual([]);
  }, 60_000);
});

describe('the views leave no double space where words were set aside', () => {
  it('in the agreed view, for an insertion between two spaces, at the start or at the end of a paragraph', () => {
    const d = doc(
      p('p1', 'to promote ', ins('MEX:00000001', 'transnational'), ' cooperation'),
      p('p2', ins('MEX:00000002', 'Further,'), ' to act'),
      p('p3', 'to act ', ins('MEX:00000003', 'swiftly')),
      p('p4', 'keeps  its own  spacing'),
    );
    expect(bracketed(agreedView(d))).toEqual(['to promote cooperation', 'to act', 'to act', 'keeps  its own  spacing']);
  });

  it('in the clean view, for a deleted word between two spaces', () => {
    expect(bracketed(cleanView(doc(p('p1', 'to promote ', del('USA:00000001', 'regional'), ' cooperation'))))).toEqual(['to promote cooperation']);
  });
});

describe('numbering a paragraph proposed before the first operative one', () => {
  it('calls it new 1 (then new 1 bis), not 0 bis', () => {
    const d = doc(
      p({ pid: 'pre', kind: 'preambular' }, 'RECALLING'),
      p({ pid: 'n1', proposal: 'MEX:00000001' }, ins('MEX:00000001', 'First new')),
      p({ pid: 'n2', proposal: 'USA:00000002' }, ins('USA:00000002', 'Second new')),
      p('o1', 'One'),
      p({ pid: 'n3', proposal: 'JAM:00000003' }, ins('JAM:00000003', 'After one')),
    );
    expect(Object.fromEntries(paragraphNumbers(d))).toEqual({ n1: 'new 1', n2: 'new 1 bis', o1: '1', n3: '1 bis' });
  });
});
