import { Slice, Fragment } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import { toSuggestion, type Proposer } from '../../shared/negotiation/suggest.ts';
import { bracketed, del, doc, ins, p, schema } from '../support/builders.ts';

let counter = 0;
const proposer = (label: string): Proposer => ({
  label,
  author: `${label}-delegate`,
  now: () => new Date('2026-11-28T10:00:00.000Z'),
  // Deterministic ids: 00000001, 00000002, …
  random: (() => {
    let digits: number[] = [];
    return () => {
      if (digits.length === 0) digits = [...String(++counter).padStart(8, '0')].map(Number);
      return (digits.shift() ?? 0) / 36;
    };
  })(),
});

/** Runs an edit through suggest mode and returns the resulting text in bracket notation. */
function suggest(start: ReturnType<typeof doc>, label: string, edit: (tr: Transaction) => Transaction): string[] {
  counter = 0;
  const state = EditorState.create({ schema, doc: start });
  const outcome = toSuggestion(state, edit(state.tr), proposer(label));
  if (!outcome.ok) throw new Error(outcome.reason);
  return bracketed(outcome.tr.doc);
}

function refusal(start: ReturnType<typeof doc>, label: string, edit: (tr: Transaction) => Transaction): string {
  const state = EditorState.create({ schema, doc: start });
  const outcome = toSuggestion(state, edit(state.tr), proposer(label));
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome.reason;
}

const base = doc(p('p1', 'to promote cooperation'));
// Positions: paragraph content starts at 1; "to promote cooperation" — "promote" is 4..11.

describe('suggesting', () => {
  it('turns typed text into an insertion of the proposer', () => {
    expect(suggest(base, 'MEX', (tr) => tr.insertText('further ', 4))).toEqual(['to {+MEX:00000001 further }promote cooperation']);
  });

  it('keeps deleted text in place, marked as the proposer\u2019s deletion', () => {
    expect(suggest(base, 'USA', (tr) => tr.delete(4, 12))).toEqual(['to {-USA:00000001 promote }cooperation']);
  });

  it('makes typing over a selection one replacement', () => {
    expect(suggest(base, 'BRA', (tr) => tr.insertText('strengthen', 4, 11))).toEqual([
      'to {-BRA:00000001 promote}{+BRA:00000001 strengthen} cooperation',
    ]);
  });

  it('really deletes the proposer\u2019s own pending text, and extends it when typing on', () => {
    const pending = doc(p('p1', 'to ', ins('MEX:aaaaaaaa', 'further '), 'promote'));
    expect(suggest(pending, 'MEX', (tr) => tr.delete(4, 12))).toEqual(['to promote']);
    expect(suggest(pending, 'MEX', (tr) => tr.insertText('and ', 12))).toEqual(['to {+MEX:aaaaaaaa further and }promote']);
  });

  it('lets several delegations propose deleting the same words: alternatives', () => {
    const deleted = doc(p('p1', 'to ', del('MEX:aaaaaaaa', 'promote'), ' cooperation'));
    expect(suggest(deleted, 'USA', (tr) => tr.insertText('advance', 4, 11))).toEqual([
      'to {-MEX:aaaaaaaa {-USA:00000001 promote}}{+USA:00000001 advance} cooperation',
    ]);
  });

  it('nests an amendment typed inside another delegation\u2019s pending insertion', () => {
    const pending = doc(p('p1', 'to ', ins('MEX:aaaaaaaa', 'further promote'), ' cooperation'));
    expect(suggest(pending, 'USA', (tr) => tr.insertText('actively ', 12))).toEqual([
      'to {+MEX:aaaaaaaa further }{+MEX:aaaaaaaa {+USA:00000001 actively }}{+MEX:aaaaaaaa promote} cooperation',
    ]);
  });

  it('makes pasted text the paster\u2019s own insertion, whatever marks it carried', () => {
    const pasted = new Slice(Fragment.from(ins('USA:bbbbbbbb', 'copied')), 0, 0);
    expect(suggest(base, 'MEX', (tr) => tr.replace(4, 4, pasted))).toEqual(['to {+MEX:00000001 copied}promote cooperation']);
  });

  it('proposes a new paragraph on Enter instead of splitting the base paragraph', () => {
    const result = suggest(base, 'JAM', (tr) => tr.split(4));
    expect(result).toEqual(['to promote cooperation', '(JAM:00000001) ']);
  });

  it('makes the words typed into one\u2019s own new paragraph part of that paragraph\u2019s proposal', () => {
    counter = 0;
    const jamaica = proposer('JAM');
    const start = EditorState.create({ schema, doc: base });
    const enter = toSuggestion(start, start.tr.split(start.doc.child(0).nodeSize - 1), jamaica);
    if (!enter.ok) throw new Error(enter.reason);
    const afterEnter = start.apply(enter.tr);
    const caret = afterEnter.selection.from;
    const typed = toSuggestion(afterEnter, afterEnter.tr.insertText('A new paragraph.', caret), jamaica);
    if (!typed.ok) throw new Error(typed.reason);
    const afterTyping = afterEnter.apply(typed.tr);
    const more = toSuggestion(afterTyping, afterTyping.tr.insertText('Indeed, ', caret), jamaica);
    if (!more.ok) throw new Error(more.reason);
    expect(bracketed(afterTyping.apply(more.tr).doc)).toEqual([
      'to promote cooperation',
      '(JAM:00000001) {+JAM:00000001 Indeed, A new paragraph.}',
    ]);
  });

  it('refuses to join base paragraphs, to format, and to amend an agreed paragraph', () => {
    const two = doc(p('p1', 'One.'), p('p2', 'Two.'));
    expect(refusal(two, 'MEX', (tr) => tr.delete(5, 7))).toMatch(/joined/);
    expect(refusal(base, 'MEX', (tr) => tr.addMark(1, 3, schema.marks.bold!.create()))).toMatch(/typing/);
    const agreed = doc(p({ pid: 'p1', status: 'agreed' }, 'to promote cooperation'));
    expect(refusal(agreed, 'MEX', (tr) => tr.insertText('x', 4))).toMatch(/agreed/);
  });

  it('withdraws an empty paragraph of one\u2019s own with Backspace', () => {
    const proposed = doc(p('p1', 'One.'), p({ pid: 'p-x', proposal: 'MEX:aaaaaaaa' }));
    expect(suggest(proposed, 'MEX', (tr) => tr.delete(5, 7).setSelection(TextSelection.create(tr.doc, 5)))).toEqual(['One.']);
  });
});
