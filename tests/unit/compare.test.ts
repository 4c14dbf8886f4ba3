import { describe, expect, it } from 'vitest';
import { applyDecisions } from '../../shared/negotiation/decisions.ts';
import { compareDocuments } from '../../shared/revisions/compare.ts';
import { doc, ins, p } from '../support/builders.ts';

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
  const decisions = accepted.decided.map((d) => ({ amendmentId: d.id, action: d.outcome, delegation: d.delegation, inserted: d.inserted, deleted: d.deleted, pid: d.pid }));

  const comparison = compareDocuments({ older: { label: 'Rev.1', doc: rev1 }, newer: { label: 'Rev.2', doc: rev2 }, decisions });

  it('shows the accepted words as inserted, attributed to the delegation whose amendment it was', () => {
    const first = comparison.paragraphs.find((x) => x.pid === 'p1')!;
    expect(first.change).toBe('changed');
    expect(first.number).toBe('1');
    expect(first.segments.filter((s) => s.change === 'inserted')).toEqual([
      { text: 'transnational ', change: 'inserted', attribution: { amendmentId: 'MEX:00000001', delegation: 'MEX', how: 'accepted' } },
    ]);
  });

  it('leaves a paragraph whose proposal was rejected unchanged, and shows a removed paragraph where it stood', () => {
    expect(comparison.paragraphs.find((x) => x.pid === 'p2')?.change).toBe('same');
    const removed = comparison.paragraphs.find((x) => x.pid === 'p3')!;
    expect(removed).toMatchObject({ change: 'removed', segments: [{ text: 'a paragraph that goes', change: 'removed', attribution: { how: 'edited' } }] });
    expect(comparison.paragraphs.map((x) => x.pid)).toEqual(['p1', 'p2', 'p3']);
  });

  it('summarises accepted, rejected and newly proposed amendments', () => {
    expect(comparison.summary.accepted.map((a) => a.id)).toEqual(['MEX:00000001']);
    expect(comparison.summary.rejected.map((a) => a.id)).toEqual(['USA:00000002']);
    expect(comparison.summary.proposed.map((a) => a.id)).toEqual(['BRA:00000003']);
    expect(comparison.summary.withdrawn).toEqual([]);
  });
});
