import { describe, expect, it } from 'vitest';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, applyDecisions, cleanView, DecisionError, type Decision } from '../../shared/negotiation/decisions.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { bracketed, doc, ins, p } from '../support/builders.ts';

const accept = (id: string): Decision => ({ action: 'accept', scope: { kind: 'amendment', id } });
const reject = (id: string): Decision => ({ action: 'reject', scope: { kind: 'amendment', id } });
const decide = (d: ReturnType<typeof doc>, ...decisions: Decision[]) => applyDecisions(d, decisions).doc;

// As stored before typing in one's own new paragraph continued its id: Enter proposed the
// paragraph (JAM:00000009) and the words typed into it became an insertion of their own.
const typedAfterEnter = doc(
  p('p1', 'First.'),
  p({ pid: 'p-new', proposal: 'JAM:00000009' }, ins('JAM:0000000a', 'Typed after Enter.')),
  p('p2', 'Second.'),
);

describe('a proposed paragraph and the words its proposer writes in it', () => {
  it('are listed as one amendment: the paragraph, with those words', () => {
    expect(listAmendments(typedAfterEnter)).toEqual([
      expect.objectContaining({ id: 'JAM:00000009', delegation: 'JAM', shape: 'paragraph', pid: 'p-new', inserted: 'Typed after Enter.', author: 'JAM-delegate' }),
    ]);
  });

  it('accepting the paragraph makes it agreed text: no bracket, no proposal, a number of its own', () => {
    const accepted = decide(typedAfterEnter, accept('JAM:00000009'));
    expect(bracketed(accepted)).toEqual(['First.', 'Typed after Enter.', 'Second.']);
    expect(listAmendments(accepted)).toEqual([]);
    expect(Object.fromEntries(paragraphNumbers(accepted))).toEqual({ p1: '1', 'p-new': '2', p2: '3' });
    expect(bracketed(agreedView(accepted))).toEqual(['First.', 'Typed after Enter.', 'Second.']);
  });

  it('rejecting it, or every amendment of its proposer, takes the paragraph away', () => {
    expect(bracketed(decide(typedAfterEnter, reject('JAM:00000009')))).toEqual(['First.', 'Second.']);
    expect(bracketed(decide(typedAfterEnter, { action: 'reject', scope: { kind: 'delegation', delegation: 'JAM' } }))).toEqual(['First.', 'Second.']);
    expect(bracketed(decide(typedAfterEnter, { action: 'accept', scope: { kind: 'paragraph', pid: 'p-new' } }))).toEqual(['First.', 'Typed after Enter.', 'Second.']);
  });

  it('keeps another delegation\u2019s amendment to the proposal apart, and pending when the paragraph is accepted', () => {
    const amended = doc(
      p('p1', 'First.'),
      p({ pid: 'p-new', proposal: 'JAM:00000009' }, ins('JAM:00000009', 'Pasted '), ins('JAM:00000009', ins('USA:00000002', 'firmly ')), ins('JAM:0000000a', 'and typed.'), ' ', ins('USA:00000003', 'Really.')),
    );
    const found = listAmendments(amended);
    expect(found.map((a) => [a.id, a.shape, a.inserted, a.within])).toEqual([
      ['JAM:00000009', 'paragraph', 'Pasted firmly and typed.', null],
      ['USA:00000002', 'insertion', 'firmly ', 'JAM:00000009'],
      ['USA:00000003', 'insertion', 'Really.', null],
    ]);
    expect(bracketed(decide(amended, accept('JAM:00000009')))).toEqual(['First.', 'Pasted {+USA:00000002 firmly }and typed. {+USA:00000003 Really.}']);
    expect(bracketed(decide(amended, reject('JAM:00000009')))).toEqual(['First.']);
  });

  it('lists a paragraph proposed and left empty, so the Chair can reject it and the agreed text leaves it out', () => {
    const empty = doc(p('p1', 'First.'), p({ pid: 'p-new', proposal: 'JAM:00000009' }), p('p2', 'Second.'));
    expect(listAmendments(empty)).toEqual([expect.objectContaining({ id: 'JAM:00000009', delegation: 'JAM', shape: 'paragraph', inserted: '' })]);
    expect(bracketed(decide(empty, reject('JAM:00000009')))).toEqual(['First.', 'Second.']);
    expect(bracketed(agreedView(empty))).toEqual(['First.', 'Second.']);
    expect(bracketed(cleanView(empty))).toEqual(['First.', '', 'Second.']);
  });

  it('settles a paragraph whose words were accepted on their own and which stayed proposed', () => {
    // What accepting the typed words alone left behind: no bracket, but still a proposal, still `1 bis`.
    const stuck = doc(p('p1', 'First.'), p({ pid: 'p-new', proposal: 'JAM:00000009' }, 'Typed after Enter.'), p('p2', 'Second.'));
    expect(listAmendments(stuck)).toEqual([expect.objectContaining({ id: 'JAM:00000009', shape: 'paragraph', inserted: 'Typed after Enter.' })]);
    const accepted = decide(stuck, accept('JAM:00000009'));
    expect(bracketed(accepted)).toEqual(['First.', 'Typed after Enter.', 'Second.']);
    expect(Object.fromEntries(paragraphNumbers(accepted))).toEqual({ p1: '1', 'p-new': '2', p2: '3' });
  });

  it('no longer answers to the id its words once had on their own', () => {
    expect(() => decide(typedAfterEnter, accept('JAM:0000000a'))).toThrow(DecisionError);
  });
});
