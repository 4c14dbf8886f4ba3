import { describe, expect, it } from 'vitest';
import { newOrganizationSchema } from '../../shared/organizations.ts';
import { mayEditDocument, newParticipantSchema, participantLabel, roleOnDocument, type Participant } from '../../shared/participants.ts';
import { SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import { propose } from '../support/editing.ts';
import { accepted, at, judge, MEX } from '../support/rule-fixture.ts';

const IACHR: Participant = { id: 'iachr-rep', name: 'IACHR', role: 'organization', delegation: 'IACHR' };
/** The organization as the server judges it on a document where the Chair lets it propose. */
const IACHR_PROPOSING: Participant = { ...IACHR, role: roleOnDocument(IACHR.role, true) };

describe('an organization as a participant', () => {
  it('carries the code of a recorded organization, never a member state\u2019s or none', () => {
    expect(newParticipantSchema.safeParse({ name: 'IACHR', role: 'organization', delegation: 'IACHR' }).success).toBe(true);
    for (const delegation of ['MEX', null, 'iachr', 'Chair', 'I', 'IACHR:1']) {
      expect(newParticipantSchema.safeParse({ name: 'x', role: 'organization', delegation }).success).toBe(false);
    }
    // A delegation cannot take an organization's code, nor an observer any code.
    expect(newParticipantSchema.safeParse({ name: 'x', role: 'delegation', delegation: 'IACHR' }).success).toBe(false);
    expect(newParticipantSchema.safeParse({ name: 'x', role: 'observer', delegation: 'IACHR' }).success).toBe(false);
    expect(newOrganizationSchema.safeParse({ code: 'USA', name: 'x' }).success).toBe(false);
    expect(newOrganizationSchema.safeParse({ code: 'UNODC', name: 'United Nations Office on Drugs and Crime' }).success).toBe(true);
  });

  it('is labelled with its code, reads by default and proposes only where allowed', () => {
    expect(participantLabel(IACHR)).toBe('IACHR');
    expect(mayEditDocument(IACHR.role)).toBe(false);
    expect(mayEditDocument(roleOnDocument('organization', false))).toBe(false);
    expect(mayEditDocument(roleOnDocument('organization', true))).toBe(true);
    expect(roleOnDocument('organization', false)).toBe('organization');
    expect(roleOnDocument('chair', true)).toBe('chair');
    expect(roleOnDocument('observer', true)).toBe('observer');
    expect(roleOnDocument('delegation', false)).toBe('delegation');
  });
});

describe('the server judging an organization', () => {
  it('refuses its amendments where the Chair has not allowed it to propose', () => {
    const verdict = judge(IACHR, (r) => propose(r, IACHR, (tr) => tr.insertText('further ', at(r, 0, 3))));
    expect(verdict).toMatchObject({ accepted: false, reason: expect.stringMatching(/organization proposes amendments only on documents where the Chair allows it/) });
  });

  it('takes its amendments, under its own code, where the Chair allows it', () => {
    expect(accepted(judge(IACHR_PROPOSING, (r) => propose(r, IACHR_PROPOSING, (tr) => tr.insertText('further ', at(r, 0, 3)))))).toBe(true);
    expect(accepted(judge(IACHR_PROPOSING, (r) => propose(r, IACHR_PROPOSING, (tr) => tr.delete(at(r, 0, 3), at(r, 0, 11)))))).toBe(true);
    expect(accepted(judge(IACHR_PROPOSING, (r) => r.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'IACHR'), { author: IACHR.id, at: new Date().toISOString() })))).toBe(true);
  });

  it('refuses, even where it proposes, anything written under a delegation\u2019s name', () => {
    expect(accepted(judge(IACHR_PROPOSING, (r) => propose(r, MEX, (tr) => tr.insertText('further ', at(r, 0, 3)))))).toBe(false);
    expect(accepted(judge(IACHR_PROPOSING, (r) => r.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'MEX'), { author: IACHR.id, at: new Date().toISOString() })))).toBe(false);
  });
});
