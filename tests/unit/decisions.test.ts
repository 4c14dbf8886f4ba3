import { describe, expect, it } from 'vitest';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, applyDecisions, cleanView, DecisionError, PendingAmendmentsError, type Decision } from '../../shared/negotiation/decisions.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { localiseMessage } from '../../shared/i18n/localise-message.ts';
import { bracketed, del, doc, ins, p } from '../support/builders.ts';

const accept = (id: string): Decision => ({ action: 'accept', scope: { kind: 'amendment', id } });
const reject = (id: string): Decision => ({ action: 'reject', scope: { kind: 'amendment', id } });
const decide = (d: ReturnType<typeof doc>, ...decisions: Decision[]) => bracketed(applyDecisions(d, decisions).doc);

const insertion = doc(p('p1', 'to promote ', ins('MEX:00000001', 'transnational '), 'cooperation'));
const deletion = doc(p('p1', 'to promote ', del('USA:00000002', 'regional '), 'cooperation'));
const replacement = doc(p('p1', 'to ', del('BRA:00000003', 'promote'), ins('BRA:00000003', 'strengthen'), ' cooperation'));
const alternatives = doc(
  p('p1', 'to ', del('MEX:0000000a', del('USA:0000000b', 'promote')), ins('MEX:0000000a', 'foster'), ins('USA:0000000b', 'advance'), ' cooperation'),
);

describe('listing amendments', () => {
  it('finds insertions, deletions, replacements and alternatives with their proposers', () => {
    expect(listAmendments(insertion)).toMatchObject([{ id: 'MEX:00000001', delegation: 'MEX', shape: 'insertion', inserted: 'transnational ', pid: 'p1' }]);
    expect(listAmendments(deletion)).toMatchObject([{ shape: 'deletion', deleted: 'regional ' }]);
    expect(listAmendments(replacement)).toMatchObject([{ shape: 'replacement', deleted: 'promote', inserted: 'strengthen' }]);
    const found = listAmendments(alternatives);
    const a = found.find((x) => x.delegation === 'MEX');
    const b = found.find((x) => x.delegation === 'USA');
    expect(a).toMatchObject({ id: 'MEX:0000000a', rivals: ['USA:0000000b'] });
    expect(b).toMatchObject({ id: 'USA:0000000b', rivals: ['MEX:0000000a'] });
  });

  it('sees an amendment proposed inside another\u2019s pending insertion as nested in it', () => {
    const nested = doc(p('p1', 'to ', ins('MEX:00000001', 'promote '), ins('MEX:00000001', ins('USA:00000002', 'actively ')), ins('MEX:00000001', 'and foster '), 'cooperation'));
    expect(listAmendments(nested).find((a) => a.id === 'USA:00000002')?.within).toBe('MEX:00000001');
    expect(listAmendments(nested).find((a) => a.id === 'MEX:00000001')?.within).toBeNull();
  });
});

describe('deciding amendments', () => {
  it('accepts and rejects an insertion', () => {
    expect(decide(insertion, accept('MEX:00000001'))).toEqual(['to promote transnational cooperation']);
    expect(decide(insertion, reject('MEX:00000001'))).toEqual(['to promote cooperation']);
  });

  it('accepts and rejects a deletion', () => {
    expect(decide(deletion, accept('USA:00000002'))).toEqual(['to promote cooperation']);
    expect(decide(deletion, reject('USA:00000002'))).toEqual(['to promote regional cooperation']);
  });

  it('accepts and rejects a replacement as one amendment', () => {
    expect(decide(replacement, accept('BRA:00000003'))).toEqual(['to strengthen cooperation']);
    expect(decide(replacement, reject('BRA:00000003'))).toEqual(['to promote cooperation']);
  });

  it('accepting one alternative rejects its rivals on the same words', () => {
    const result = applyDecisions(alternatives, [accept('USA:0000000b')]);
    expect(bracketed(result.doc)).toEqual(['to advance cooperation']);
    expect(result.decided).toEqual([
      expect.objectContaining({ id: 'USA:0000000b', outcome: 'accepted', because: null, delegation: 'USA' }),
      expect.objectContaining({ id: 'MEX:0000000a', outcome: 'rejected', because: 'USA:0000000b', delegation: 'MEX' }),
    ]);
  });

  it('rejecting one alternative leaves the other pending', () => {
    expect(decide(alternatives, reject('MEX:0000000a'))).toEqual(['to {-USA:0000000b promote}{+USA:0000000b advance} cooperation']);
  });

  it('decides nested amendments: rejecting the outer drops the inner, accepting it keeps the inner pending', () => {
    const nested = doc(p('p1', 'to ', ins('MEX:00000001', 'promote '), ins('MEX:00000001', ins('USA:00000002', 'actively ')), 'cooperation'));
    expect(decide(nested, reject('MEX:00000001'))).toEqual(['to cooperation']);
    expect(decide(nested, accept('MEX:00000001'))).toEqual(['to promote {+USA:00000002 actively }cooperation']);
  });

  it('accepts and rejects a proposed paragraph', () => {
    const proposed = doc(p('p1', 'First.'), p({ pid: 'p-new', proposal: 'JAM:00000009' }, ins('JAM:00000009', 'A new paragraph.')), p('p2', 'Second.'));
    expect(decide(proposed, accept('JAM:00000009'))).toEqual(['First.', 'A new paragraph.', 'Second.']);
    expect(decide(proposed, reject('JAM:00000009'))).toEqual(['First.', 'Second.']);
  });

  it('decides all of a paragraph, of a delegation, or everything at once', () => {
    const many = doc(
      p('p1', ins('MEX:00000001', 'a '), 'base ', del('USA:00000002', 'b ')),
      p('p2', ins('MEX:00000003', 'c '), 'base'),
    );
    // Where deleted words leave a space at the seam, the decision keeps none, as the views do.
    expect(bracketed(applyDecisions(many, [{ action: 'accept', scope: { kind: 'paragraph', pid: 'p1' } }]).doc)).toEqual(['a base', '{+MEX:00000003 c }base']);
    expect(bracketed(applyDecisions(many, [{ action: 'reject', scope: { kind: 'delegation', delegation: 'MEX' } }]).doc)).toEqual(['base {-USA:00000002 b }', 'base']);
    expect(bracketed(applyDecisions(many, [{ action: 'accept', scope: { kind: 'all' } }]).doc)).toEqual(['a base', 'c base']);
  });

  it('marks a paragraph agreed and refuses decisions that match nothing', () => {
    const settled = doc(p('p1', 'to promote cooperation'));
    const result = applyDecisions(settled, [{ action: 'status', pid: 'p1', status: 'agreed' }]);
    expect(result.doc.firstChild?.attrs.status).toBe('agreed');
    expect(() => applyDecisions(insertion, [accept('MEX:99999999')])).toThrow(DecisionError);
    expect(() => applyDecisions(settled, [{ action: 'status', pid: 'nope', status: 'agreed' }])).toThrow(DecisionError);
  });
});

describe('views', () => {
  it('shows the clean text (all accepted, first alternative) and the agreed text (all rejected)', () => {
    expect(bracketed(cleanView(alternatives))).toEqual(['to foster cooperation']);
    expect(bracketed(agreedView(alternatives))).toEqual(['to promote cooperation']);
    expect(bracketed(agreedView(insertion))).toEqual(['to promote cooperation']);
  });
});

describe('paragraph numbering', () => {
  it('numbers operative paragraphs, not preambular ones, and proposed ones as bis, ter', () => {
    const d = doc(
      p({ pid: 'pre', kind: 'preambular' }, 'RECALLING'),
      p('o1', 'One'),
      p({ pid: 'n1', proposal: 'MEX:00000001' }, ins('MEX:00000001', 'New')),
      p({ pid: 'n2', proposal: 'USA:00000002' }, ins('USA:00000002', 'Newer')),
      p('o2', 'Two'),
    );
    expect(Object.fromEntries(paragraphNumbers(d))).toEqual({ o1: '1', n1: '1 bis', n2: '1 ter', o2: '2' });
  });
});

describe('agreeing a paragraph', () => {
  const pending = doc(
    p('p1', 'to promote ', ins('MEX:00000001', 'transnational '), 'cooperation ', del('USA:00000002', 'among states')),
    p('p2', del('USA:00000002', 'Further')),
    p('p3', 'Settled.'),
  );
  const agree = (pid: string, status: 'agreed' | 'adref' = 'agreed'): Decision => ({ action: 'status', pid, status });

  it('is refused while amendments in it are pending, and the refusal names them', () => {
    for (const status of ['agreed', 'adref'] as const) {
      const refusal = (() => {
        try {
          applyDecisions(pending, [agree('p1', status)]);
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(refusal).toBeInstanceOf(PendingAmendmentsError);
      expect((refusal as PendingAmendmentsError).pending).toEqual([
        { id: 'MEX:00000001', delegation: 'MEX', shape: 'insertion' },
        { id: 'USA:00000002', delegation: 'USA', shape: 'deletion' },
      ]);
      expect((refusal as Error).message).toBe(
        '2 pending amendments still stand in OP 1: MEX:00000001 (MEX, insertion); USA:00000002 (USA, deletion). Accept or reject them before agreeing the paragraph.',
      );
      // The amendments' shapes are words of each language, like the rest of the sentence.
      expect(localiseMessage('fr', (refusal as Error).message)).toBe(
        '2 amendements en attente figurent encore dans PD 1 : MEX:00000001 (MEX, insertion) ; USA:00000002 (USA, suppression). Acceptez-les ou rejetez-les avant d’agréer le paragraphe.',
      );
    }
  });

  it('counts an amendment that runs on into the paragraph from the one before', () => {
    expect(() => applyDecisions(pending, [agree('p2')])).toThrow(/^A pending amendment still stands in OP 2: USA:00000002 \(USA, deletion\)\./);
  });

  it('goes through once they are decided, in the same request, and reopening is always allowed', () => {
    const result = applyDecisions(pending, [{ action: 'reject', scope: { kind: 'paragraph', pid: 'p1' } }, agree('p1')]);
    expect(bracketed(result.doc)).toEqual(['to promote cooperation among states', 'Further', 'Settled.']);
    expect(result.doc.child(0).attrs.status).toBe('agreed');
    expect(applyDecisions(pending, [agree('p3', 'adref')]).doc.child(2).attrs.status).toBe('adref');
    const agreedWithPending = doc(p({ pid: 'p1', status: 'agreed' }, ins('MEX:00000001', 'x')));
    expect(applyDecisions(agreedWithPending, [{ action: 'status', pid: 'p1', status: 'open' }]).doc.child(0).attrs.status).toBe('open');
  });
});

describe('accepting everything', () => {
  it('gives exactly the clean view: the earliest of rival alternatives, one space where words were struck', () => {
    // USA's bracket opens first in the text, MEX's was proposed first (same time, earlier id).
    const rivals = doc(
      p(
        'p1',
        'to ',
        del('USA:00000002', 'submit '),
        del('USA:00000002', del('MEX:00000001', 'contributions')),
        ins('USA:00000002', 'send views'),
        ins('MEX:00000001', ' proposals'),
        ' in writing',
      ),
    );
    expect(bracketed(cleanView(rivals))).toEqual(['to submit proposals in writing']);
    expect(bracketed(applyDecisions(rivals, [{ action: 'accept', scope: { kind: 'all' } }]).doc)).toEqual(bracketed(cleanView(rivals)));
  });
});
