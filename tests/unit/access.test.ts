import { describe, expect, it } from 'vitest';
import { documentAccess, mayOpenDocument, readsByInvitation } from '../../shared/access.ts';
import type { Participant } from '../../shared/participants.ts';

const who = (role: Participant['role'], delegation: string | null = null) => ({ role, delegation });

describe('a restricted document with a call for contributions on it (issue 16)', () => {
  const draft = { restricted: true, invitedParties: ['IACHR', 'MEX'] };

  it('is read, and only read, by the delegations and organizations invited to the call', () => {
    expect(documentAccess(who('delegation', 'MEX'), draft)).toBe('read');
    expect(documentAccess(who('organization', 'IACHR'), draft)).toBe('read');
    expect(readsByInvitation(who('delegation', 'MEX'), draft)).toBe(true);
  });

  it('is reached by nobody else: another delegation, another organization, an observer, a party-less participant', () => {
    expect(documentAccess(who('delegation', 'USA'), draft)).toBe('none');
    expect(documentAccess(who('organization', 'CICAD'), draft)).toBe('none');
    expect(documentAccess(who('observer'), draft)).toBe('none');
    // A code alone is not a party: only a delegation or an organization speaks for one.
    expect(documentAccess(who('observer', 'MEX'), draft)).toBe('none');
    expect(documentAccess(who('delegation', null), draft)).toBe('none');
    expect(mayOpenDocument(who('delegation', 'USA'), draft)).toBe(false);
  });

  it('stays the officers’ to work on', () => {
    for (const role of ['chair', 'secretariat'] as const) {
      expect(documentAccess(who(role), draft)).toBe('write');
      expect(readsByInvitation(who(role), draft)).toBe(false);
    }
  });

  it('is the officers’ alone again with no call on it, and everyone’s to work on when not restricted', () => {
    expect(documentAccess(who('delegation', 'MEX'), { restricted: true })).toBe('none');
    expect(documentAccess(who('delegation', 'MEX'), { restricted: true, invitedParties: [] })).toBe('none');
    expect(documentAccess(who('delegation', 'MEX'), { restricted: false, invitedParties: ['MEX'] })).toBe('write');
    expect(readsByInvitation(who('delegation', 'MEX'), { restricted: false, invitedParties: ['MEX'] })).toBe(false);
  });

  it('opens no party’s working copy to another party invited to the same call', () => {
    const copy = { restricted: true, invitedParties: ['MEX', 'USA'], workingCopy: { callId: 'c', sourceId: 's', party: 'MEX', contributionsPublished: true } };
    expect(documentAccess(who('delegation', 'USA'), copy)).toBe('none');
    expect(documentAccess(who('delegation', 'MEX'), copy)).toBe('write');
    expect(readsByInvitation(who('delegation', 'USA'), copy)).toBe(false);
  });
});
