import { Transform } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import { applyOperations, editBetween } from '../../shared/editing/edit-between.ts';
import { del, doc, ins, p } from '../support/builders.ts';

/** The difference between two renderings, applied to the first, gives the second, naming only what differs. */
describe('the edit between two renderings of the text', () => {
  const roundTrip = (from: ReturnType<typeof doc>, to: ReturnType<typeof doc>) => {
    const operations = editBetween(from, to);
    expect(applyOperations(new Transform(from), operations).doc.toJSON()).toEqual(to.toJSON());
    return operations;
  };

  it('is nothing between the same text', () => {
    const text = doc(p('p1', 'to promote ', ins('MEX:0000000b', 'full '), 'cooperation'));
    expect(editBetween(text, text)).toEqual([]);
  });

  it('brings back one\u2019s words as one insertion, with their mark, next to a neighbour\u2019s words of the same letters', () => {
    const operations = roundTrip(
      doc(p('p1', 'alpha word', ins('USA:00000001', ' substantive'), ' beta')),
      doc(p('p1', 'alpha word', ins('JAM:00000002', ' substantive'), ins('USA:00000001', ' substantive'), ' beta')),
    );
    expect(operations.map((o) => o.kind)).toEqual(['insert']);
    expect(operations[0]).toMatchObject({ kind: 'insert', at: 11 });
  });

  it('marks shared words deleted again without rewriting them', () => {
    const operations = roundTrip(
      doc(p('p1', 'alpha word beta')),
      doc(p('p1', 'alpha ', del('JAM:00000003', 'word'), ins('JAM:00000003', 'term'), ' beta')),
    );
    expect(operations.map((o) => o.kind).sort()).toEqual(['insert', 'mark']);
    expect(operations.find((o) => o.kind === 'mark')).toMatchObject({ from: 7, to: 11, add: true });
  });

  it('takes away words in two places of a paragraph, and lifts a mark', () => {
    const operations = roundTrip(
      doc(p('p1', 'a ', ins('JAM:00000004', 'new '), del('JAM:00000005', 'old'), ' text', ins('JAM:00000006', ' here'))),
      doc(p('p1', 'a old text')),
    );
    expect(operations.map((o) => o.kind).sort()).toEqual(['delete', 'delete', 'mark']);
  });

  it('adds and removes whole paragraphs by their ids, and changes a paragraph\u2019s attributes', () => {
    const operations = roundTrip(
      doc(p('p1', 'first'), p('p2', 'second'), p('p3', 'third')),
      doc(p('p1', 'first'), p({ pid: 'p2', status: 'agreed' }, 'second'), p({ pid: 'p2-bis', proposal: 'MEX:00000007' }, ins('MEX:00000007', 'New.')), p('p3', 'third')),
    );
    expect(operations.map((o) => o.kind).sort()).toEqual(['attrs', 'insert']);
  });
});
