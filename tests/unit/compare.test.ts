import { describe, expect, it } from 'vitest';
import { applyDecisions } from '../../shared/negotiation/decisions.ts';
import { compareDocuments, type DecisionTrace } from '../../shared/revisions/compare.ts';
import { decisionSteps } from '../../shared/revisions/decision-steps.ts';
import { doc, ins, p, schema } from '../support/builders.ts';

const rows = (result: ReturnType<typeof applyDecisions>, decision: number): DecisionTrace[] =>
  result.decided.map((d) => ({ amendmentId: d.id, action: d.outcome, delegation: d.delegation, inserted: d.inserted, deleted: d.deleted, pid: d.pid, decision }));

describe('comparing two states of a document', () => {
  const rev1 = doc(
    p('p1', 'to promote ', ins('MEX:00000001', 'transnational '), 'cooperation'),
    p('p2', 'to combat gangs', ins('USA:00000002', ' effectively')),
    p('p3', 'a paragraph that goes'),
  );
  const accepted = applyDecisions(rev1, [
    { action: 'accept', scope: { kind: 'amendment', id: 'MEX:00000001' } },
    { action: 'reject', scope: { kind: 'amendment', id: 'USA:00000002' } },
  ]);
  const rev2 = doc(accepted.doc.child(0), accepted.doc.child(1), p({ pid: 'p4', proposal: 'BRA:00000003' }, ins('BRA:00000003', 'A proposal')));
  const decisions = rows(accepted, 7);
  const comparison = compareDocuments({ older: { label: 'Rev.1', doc: rev1 }, newer: { label: 'Rev.2', doc: rev2 }, steps: decisionSteps(rev1, accepted.doc, decisions), decisions });

  it('shows the accepted words as inserted, credited to the amendment and the decision that brought them', () => {
    const first = comparison.paragraphs.find((x) => x.pid === 'p1')!;
    expect(first.change).toBe('changed');
    expect(first.number).toBe('1');
    expect(first.segments.filter((s) => s.change === 'inserted')).toEqual([
      { text: 'transnational ', change: 'inserted', attribution: { amendmentId: 'MEX:00000001', delegation: 'MEX', how: 'accepted', decision: 7 } },
    ]);
  });

  it('leaves a paragraph whose proposal was rejected unchanged, and shows a removed paragraph where it stood', () => {
    expect(comparison.paragraphs.find((x) => x.pid === 'p2')?.change).toBe('same');
    const removed = comparison.paragraphs.find((x) => x.pid === 'p3')!;
    expect(removed).toMatchObject({ change: 'removed', segments: [{ text: 'a paragraph that goes', change: 'removed', attribution: { how: 'edited' } }] });
    expect(comparison.paragraphs.map((x) => x.pid)).toEqual(['p1', 'p2', 'p3']);
  });

  it('summarises accepted, rejected and newly proposed amendments', () => {
    expect(comparison.summary.accepted.map((a) => [a.id, a.decision])).toEqual([['MEX:00000001', 7]]);
    expect(comparison.summary.rejected.map((a) => a.id)).toEqual(['USA:00000002']);
    expect(comparison.summary.proposed.map((a) => a.id)).toEqual(['BRA:00000003']);
    expect(comparison.summary.withdrawn).toEqual([]);
  });

  it('credits each of two amendments accepted in one paragraph by one decision to its own delegation, even with words in common', () => {
    const older = doc(p('p1', 'to promote ', ins('MEX:00000001', 'regional '), 'cooperation', ins('CAN:00000002', ' and regional dialogue')));
    const result = applyDecisions(older, [{ action: 'accept', scope: { kind: 'paragraph', pid: 'p1' } }]);
    const trace = rows(result, 3);
    const compared = compareDocuments({ older: { label: 'a', doc: older }, newer: { label: 'b', doc: result.doc }, steps: decisionSteps(older, result.doc, trace), decisions: trace });
    const inserted = compared.paragraphs[0]!.segments.filter((s) => s.change === 'inserted').map((s) => [s.text, s.attribution?.delegation, s.attribution?.how]);
    expect(inserted).toEqual([['regional ', 'MEX', 'accepted'], [' and regional dialogue', 'CAN', 'accepted']]);
  });

  it('credits words a restore brought back to the restore, and lists what it set aside apart from withdrawals', () => {
    const before = doc(p('p1', 'to promote cooperation'), p('p2', 'in dealing ', ins('MEX:00000001', 'firmly '), 'with gangs'));
    const edited = doc(p('p1', 'to promote wide cooperation'), p('p2', 'in dealing ', ins('MEX:00000001', 'firmly '), 'with gangs'));
    const restored = doc(p('p1', 'to promote cooperation'), p('p2', 'in dealing with gangs'));
    const decisions: DecisionTrace[] = [
      { amendmentId: null, action: 'restored', delegation: null, inserted: '', deleted: '', pid: null, decision: 9, detail: 'Rev.1' },
      { amendmentId: 'MEX:00000001', action: 'restored', delegation: 'MEX', inserted: 'firmly ', deleted: '', pid: 'p2', decision: 9, detail: 'set aside' },
    ];
    const steps = [{ doc: edited, cause: { amendmentId: null, delegation: null, how: 'edited' as const, decision: null, by: 'Secretariat' } }, ...decisionSteps(edited, restored, decisions)];
    const compared = compareDocuments({ older: { label: 'Rev.2', doc: before }, newer: { label: 'Live', doc: restored }, steps, decisions });
    expect(compared.paragraphs.every((x) => x.change === 'same')).toBe(true);
    expect(compared.summary.withdrawn).toEqual([]);
    expect(compared.summary.setAside?.map((a) => [a.id, a.decision])).toEqual([['MEX:00000001', 9]]);

    const fromEdited = compareDocuments({ older: { label: 'Rev.3', doc: edited }, newer: { label: 'Live', doc: restored }, steps: decisionSteps(edited, restored, decisions), decisions });
    expect(fromEdited.paragraphs[0]!.segments.filter((s) => s.change !== 'same')).toEqual([
      { text: 'wide ', change: 'removed', attribution: { amendmentId: null, delegation: null, how: 'restored', decision: 9, detail: 'Rev.1' } },
    ]);
  });

  it('lists no empty “paragraph removed / new paragraph” rows for blocks without a pid that nothing changed', () => {
    const list = () => schema.nodes.bulletList!.create(null, [schema.nodes.listItem!.create(null, [schema.nodes.paragraph!.create({ pid: null })])]);
    const older = doc(p('p1', 'Work plan'), list());
    const newer = doc(p('p1', 'Work plan'), list());
    const compared = compareDocuments({ older: { label: 'Rev.1', doc: older }, newer: { label: 'Live', doc: newer }, decisions: [] });
    expect(compared.paragraphs.filter((x) => x.change !== 'same')).toEqual([]);
  });
});
