import { expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';

/**
 * The Store contract for working copies (issue 16), run inside storeContract by every store:
 * one copy per call and party, flagged on its summary with its call's publication, and the
 * contributions submitted from it keep their paragraphs.
 */
export function workingCopyContract(makeStore: () => Promise<Store>): void {
  it('keeps one working copy per call and party, says so on its summary, and keeps what was submitted from it', async () => {
    const store = await makeStore();
    const source = await store.createDocument({ title: 'Strategy', symbol: 'S/1', kind: 'strategy', restricted: false }, null, []);
    const call = await store.createCall(source.id, { title: 'Contributions', deadline: '2026-12-15T17:00:00Z', invitees: ['MEX', 'IACHR'] }, 'p-sec', '2026-12-01T10:00:00.000Z');
    await store.createOrganization({ code: 'IACHR', name: 'Inter-American Commission on Human Rights' });
    const input = { title: 'MEX working copy — Strategy', symbol: 'S/1', kind: 'strategy' as const, restricted: true };
    const state = new Uint8Array([0, 0]);
    expect(await store.findWorkingCopy(call.id, 'MEX')).toBeNull();
    // Two of the party's participants at once: one copy.
    const [a, b] = await Promise.all([
      store.createWorkingCopy({ callId: call.id, party: 'MEX', createdBy: 'p-mex-1', organization: false }, input, state, [1]),
      store.createWorkingCopy({ callId: call.id, party: 'MEX', createdBy: 'p-mex-2', organization: false }, input, state, [2]),
    ]);
    expect(a.document.id).toBe(b.document.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const copy = a.document;
    expect(copy).toEqual({
      id: expect.any(String), title: input.title, symbol: 'S/1', kind: 'strategy', restricted: true, updatedAt: expect.any(String),
      workingCopy: { callId: call.id, sourceId: source.id, party: 'MEX', contributionsPublished: false },
    });
    expect(await store.getDocument(copy.id)).toEqual(copy);
    expect(await store.findWorkingCopy(call.id, 'MEX')).toEqual(copy);
    expect((await store.listDocuments()).find((d) => d.id === copy.id)).toEqual(copy);
    // An ordinary document says nothing of working copies.
    expect(Object.keys((await store.getDocument(source.id))!)).not.toContain('workingCopy');
    expect((await store.loadDocumentState(copy.id)).updates).toHaveLength(1);

    // An organization's copy is one it proposes on.
    const iachr = await store.createWorkingCopy({ callId: call.id, party: 'IACHR', createdBy: 'p-iachr', organization: true }, { ...input, title: 'IACHR working copy' }, state, [3]);
    expect(await store.proposingOrganizations(iachr.document.id)).toEqual(['IACHR']);
    expect(await store.proposingOrganizations(copy.id)).toEqual([]);

    const paragraphs = [{ pid: 'p-1', content: { type: 'paragraph', attrs: { pid: 'p-1' }, content: [{ type: 'text', text: 'effective ', marks: [{ type: 'insertion', attrs: { id: 'MEX:aaaaaaaa', delegation: 'MEX', author: 'p-mex-1', at: '2026-12-02T09:00:00.000Z' } }] }] }, proposed: 'effective' }];
    const submitted = await store.submitContribution(call.id, 'MEX', 'p-mex-1', 'effective', false, '2026-12-02T10:00:00.000Z', { documentId: copy.id, paragraphs });
    expect(submitted.workingCopy).toEqual({ documentId: copy.id, paragraphs });
    const text = await store.submitContribution(call.id, 'IACHR', 'p-iachr', 'A text.', false, '2026-12-02T11:00:00.000Z');
    expect(Object.keys(text)).not.toContain('workingCopy');
    expect((await store.listContributions(call.id)).map((c) => [c.party, c.workingCopy ?? null])).toEqual([['MEX', { documentId: copy.id, paragraphs }], ['IACHR', null]]);

    // Publishing the call's contributions shows on the copy's summary.
    await store.publishCall(call.id, '2026-12-17T10:00:00.000Z');
    expect((await store.getDocument(copy.id))?.workingCopy?.contributionsPublished).toBe(true);
    // Renaming keeps what it is.
    expect((await store.updateDocument(copy.id, { title: 'Renamed' }))?.workingCopy?.party).toBe('MEX');
    await store.close();
  });

  it('names on a restricted document the parties invited to its calls, and on no other', async () => {
    const store = await makeStore();
    const zero = await store.createDocument({ title: 'Zero draft', symbol: '', kind: 'strategy', restricted: true }, null, []);
    const open = await store.createDocument({ title: 'Work plan', symbol: '', kind: 'work-plan', restricted: false }, null, []);
    expect(Object.keys((await store.getDocument(zero.id))!)).not.toContain('invitedParties');
    await store.createCall(zero.id, { title: 'First round', deadline: '2026-12-15T17:00:00Z', invitees: ['MEX', 'IACHR'] }, 'p-sec', '2026-12-01T10:00:00.000Z');
    await store.createCall(zero.id, { title: 'Second round', deadline: '2026-12-20T17:00:00Z', invitees: ['USA', 'MEX'] }, 'p-sec', '2026-12-02T10:00:00.000Z');
    await store.createCall(open.id, { title: 'On the work plan', deadline: '2026-12-15T17:00:00Z', invitees: ['CAN'] }, 'p-sec', '2026-12-01T10:00:00.000Z');
    // Each party once, in order, whichever call invited it.
    expect((await store.getDocument(zero.id))?.invitedParties).toEqual(['IACHR', 'MEX', 'USA']);
    expect((await store.listDocuments()).find((d) => d.id === zero.id)?.invitedParties).toEqual(['IACHR', 'MEX', 'USA']);
    // A document everyone reads carries none; made restricted, it names its invitees, and none again when opened.
    expect(Object.keys((await store.getDocument(open.id))!)).not.toContain('invitedParties');
    expect((await store.updateDocument(open.id, { restricted: true }))?.invitedParties).toEqual(['CAN']);
    expect(Object.keys((await store.updateDocument(open.id, { restricted: false }))!)).not.toContain('invitedParties');
    await store.close();
  });
}
