import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Store } from '../../server/store/store.ts';
import { SYSTEM_AUTHOR } from '../../server/store/store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { workingCopyContract } from './store-contract-working-copies.ts';

/**
 * The behaviour every Store must have. Each implementation runs this same suite, so rooms
 * and routes can rely on it whatever the database.
 */
export function storeContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`${name}: the Store contract`, () => {
    workingCopyContract(makeStore);

    it('starts empty and stops being empty once something is created', async () => {
      const store = await makeStore();
      expect(await store.isEmpty()).toBe(true);
      await store.createParticipant({ name: 'Mexico', role: 'delegation', delegation: 'MEX' });
      expect(await store.isEmpty()).toBe(false);
      await store.close();
    });

    it('redeems live invitations only, and revoking a participant ends its links and sessions', async () => {
      const store = await makeStore();
      const p = await store.createParticipant({ name: 'Chile', role: 'delegation', delegation: 'CHL' });
      const first = await store.createInvitation(p.id, 'hash-1');
      await store.createInvitation(p.id, 'hash-2');
      expect(await store.redeemInvitation('hash-1')).toEqual(p);
      expect(await store.redeemInvitation('unknown')).toBeNull();
      expect((await store.getParticipant(p.id))?.invitations.find((i) => i.id === first.id)?.lastUsedAt).not.toBeNull();

      expect(await store.revokeInvitation(first.id)).toBe(true);
      expect(await store.revokeInvitation(first.id)).toBe(false);
      expect(await store.redeemInvitation('hash-1')).toBeNull();
      expect(await store.redeemInvitation('hash-2')).toEqual(p);

      await store.createSession(p.id, 'session-1');
      expect(await store.findSession('session-1')).toEqual(p);
      expect(await store.revokeParticipant(p.id)).toBe(true);
      expect(await store.findSession('session-1')).toBeNull();
      expect(await store.redeemInvitation('hash-2')).toBeNull();
      expect((await store.getParticipant(p.id))?.revokedAt).not.toBeNull();
      await store.close();
    });

    it('deletes a session on sign-out', async () => {
      const store = await makeStore();
      const p = await store.createParticipant({ name: 'Chair', role: 'chair', delegation: null });
      await store.createSession(p.id, 's');
      await store.deleteSession('s');
      expect(await store.findSession('s')).toBeNull();
      await store.close();
    });

    it('creates, lists and renames documents', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'Draft', symbol: 'X/1', kind: 'resolution', restricted: false }, null, []);
      expect(await store.getDocument(d.id)).toEqual(d);
      expect((await store.updateDocument(d.id, { title: 'Draft (rev.)' }))?.title).toBe('Draft (rev.)');
      expect((await store.getDocument(d.id))?.symbol).toBe('X/1');
      expect(await store.updateDocument('missing', { title: 'x' })).toBeNull();
      expect((await store.listDocuments()).map((x) => x.id)).toEqual([d.id]);
      await store.close();
    });

    it('keeps every update with its author, binds client ids, and rebuilds the document from them', async () => {
      const store = await makeStore();
      const source = new Y.Doc();
      const initial = Y.encodeStateAsUpdate(source);
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, initial, [source.clientID]);
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      source.getText('t').insert(0, 'hello');
      source.getText('t').insert(5, ' world');
      const author = { participantId: 'p-1', role: 'delegation' as const, delegation: 'MEX' };
      for (const [i, u] of updates.entries()) await store.appendUpdates(d.id, [{ update: u, author, newClients: i === 0 ? [source.clientID + 1] : [] }]);

      const state = await store.loadDocumentState(d.id);
      expect(state.snapshot).toBeNull();
      expect(state.updates.map((u) => u.author)).toEqual([SYSTEM_AUTHOR, author, author]);
      expect(state.clients.get(source.clientID)).toBe('system');
      expect(state.clients.get(source.clientID + 1)).toBe('p-1');
      expect(restoreDocument(state).getText('t').toString()).toBe('hello world');
      await store.close();
    });

    it('commits a batch of updates in one go, in order, or none of it', async () => {
      const store = await makeStore();
      const source = new Y.Doc();
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
      const updates: Uint8Array[] = [];
      source.on('update', (u: Uint8Array) => updates.push(u));
      for (const word of ['one ', 'two ', 'three']) source.getText('t').insert(source.getText('t').length, word);
      const mex = { participantId: 'p-mex', role: 'delegation' as const, delegation: 'MEX' };
      const chair = { participantId: 'p-chair', role: 'chair' as const, delegation: null };
      const accepted = { action: 'accepted' as const, amendmentId: 'a-1', delegation: 'MEX', inserted: 'two ', deleted: '', pid: 'p-1', because: null, status: null };

      const last = await store.appendUpdates(d.id, [
        { update: updates[0]!, author: mex, newClients: [source.clientID] },
        { update: updates[1]!, author: chair, newClients: [], audit: [accepted] },
      ]);
      const stored = await store.listUpdates(d.id);
      expect(stored.map((u) => u.author)).toEqual([mex, chair]);
      expect(stored.at(-1)!.seq).toBe(last);
      expect((await store.listAudit(d.id)).map((r) => [r.seq, r.participantId, r.amendmentId])).toEqual([[last, 'p-chair', 'a-1']]);

      // The second change binds a client id that is already bound: the whole batch is refused.
      await expect(store.appendUpdates(d.id, [
        { update: updates[2]!, author: mex, newClients: [] },
        { update: updates[2]!, author: chair, newClients: [source.clientID] },
      ])).rejects.toThrow();
      expect(await store.listUpdates(d.id)).toHaveLength(2);
      expect(restoreDocument(await store.loadDocumentState(d.id)).getText('t').toString()).toBe('one two ');
      await expect(store.appendUpdates(d.id, [])).rejects.toThrow();
      await store.close();
    });

    it('numbers each document’s updates 1, 2, 3… on its own, in the order the appends were asked for', async () => {
      const store = await makeStore();
      const typed = (words: string[]) => {
        const source = new Y.Doc();
        const updates: Uint8Array[] = [];
        source.on('update', (u: Uint8Array) => updates.push(u));
        for (const word of words) source.getText('t').insert(source.getText('t').length, word);
        return updates;
      };
      const author = { participantId: 'p', role: 'chair' as const, delegation: null };
      const seeded = await store.createDocument({ title: 'A', symbol: '', kind: 'other', restricted: false }, Y.encodeStateAsUpdate(new Y.Doc()), []);
      const empty = await store.createDocument({ title: 'B', symbol: '', kind: 'other', restricted: false }, null, []);
      const a = typed(['one ', 'two ', 'three']);
      const b = typed(['uno ', 'dos']);
      // Asked for without waiting, interleaved across the two documents.
      const answered = await Promise.all([
        store.appendUpdates(seeded.id, [{ update: a[0]!, author, newClients: [] }]),
        store.appendUpdates(empty.id, [{ update: b[0]!, author, newClients: [] }, { update: b[1]!, author, newClients: [] }]),
        store.appendUpdates(seeded.id, [{ update: a[1]!, author, newClients: [] }]),
        store.appendUpdates(seeded.id, [{ update: a[2]!, author, newClients: [] }]),
      ]);
      expect(answered).toEqual([2, 2, 3, 4]);
      expect((await store.listUpdates(seeded.id)).map((u) => u.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.listUpdates(empty.id)).map((u) => u.seq)).toEqual([1, 2]);
      expect((await store.listUpdates(seeded.id, 2)).map((u) => u.seq)).toEqual([3, 4]);
      expect(restoreDocument(await store.loadDocumentState(seeded.id)).getText('t').toString()).toBe('one two three');
      await store.close();
    });

    it('records a decision that changed no text in the audit log, with no update behind it', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
      const chair = { participantId: 'p-chair', role: 'chair' as const, delegation: null };
      const status = { action: 'status' as const, amendmentId: null, delegation: null, inserted: '', deleted: '', pid: 'p-1', because: null, status: 'agreed' };
      await store.recordAudit(d.id, chair, [status]);
      await store.recordAudit(d.id, chair, []);
      expect(await store.listUpdates(d.id)).toEqual([]);
      expect(await store.listAudit(d.id)).toEqual([expect.objectContaining({ seq: null, participantId: 'p-chair', role: 'chair', action: 'status', pid: 'p-1', status: 'agreed' })]);
      await store.close();
    });

    it('groups a decision’s rows, keeps the update that carried it and what undoing it needs, and marks what was undone', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
      const [first, second] = (() => {
        const source = new Y.Doc();
        const updates: Uint8Array[] = [];
        source.on('update', (u: Uint8Array) => updates.push(u));
        source.getText('t').insert(0, 'one ');
        source.getText('t').insert(4, 'two');
        return updates;
      })();
      const chair = { participantId: 'p-chair', role: 'chair' as const, delegation: null };
      const row = (amendmentId: string) => ({ action: 'accepted' as const, amendmentId, delegation: 'MEX', inserted: 'x', deleted: '', pid: 'p-1', because: null, status: null });
      const before = new Uint8Array([1, 2, 3]);
      const seq = await store.appendUpdates(d.id, [{ update: first!, author: chair, newClients: [], audit: [{ ...row('a-1'), before }, row('a-2')] }]);
      await store.recordAudit(d.id, chair, [{ action: 'status', amendmentId: null, delegation: null, inserted: '', deleted: '', pid: 'p-1', because: null, status: 'agreed' }]);
      const [a1] = await store.listAudit(d.id);
      const undo = { action: 'undone' as const, amendmentId: 'a-1', delegation: 'MEX', inserted: '', deleted: 'x', pid: 'p-1', because: null, status: null, detail: 'accepted', undoes: a1!.decision };
      const undoSeq = await store.appendUpdates(d.id, [{ update: second!, author: chair, newClients: [], audit: [{ ...undo, before: new Uint8Array([9]) }] }]);

      const log = await store.listAudit(d.id);
      expect(log.map((r) => [r.seq, r.amendmentId, r.action])).toEqual([[seq, 'a-1', 'accepted'], [seq, 'a-2', 'accepted'], [null, null, 'status'], [undoSeq, 'a-1', 'undone']]);
      const [r1, r2, status, undone] = log;
      expect(r2!.decision).toBe(r1!.decision);
      expect(new Set([r1!.decision, status!.decision, undone!.decision]).size).toBe(3);
      expect(r1!.id).toBe(r1!.decision);
      expect(log.map((r) => [r.undoneBy, r.undoable])).toEqual([[undone!.decision, false], [undone!.decision, false], [null, false], [null, false]]);
      expect(undone).toMatchObject({ undoes: r1!.decision, detail: 'accepted', role: 'chair', participantId: 'p-chair' });
      expect(typeof r1!.at).toBe('string');
      expect(Number.isNaN(Date.parse(r1!.at))).toBe(false);

      const decision = await store.getDecision(d.id, r1!.decision);
      expect(decision?.entries.map((e) => e.amendmentId)).toEqual(['a-1', 'a-2']);
      expect([...decision!.update!]).toEqual([...first!]);
      expect([...decision!.before!]).toEqual([...before]);
      expect(await store.getDecision(d.id, status!.decision)).toMatchObject({ update: null, before: null });
      expect(await store.getDecision(d.id, 999_999)).toBeNull();
      expect([...(await store.listDecisionUpdates(d.id)).keys()].sort()).toEqual([seq, undoSeq]);
      await store.close();
    });

    it('numbers revisions per document, names them Rev.N unless named, and keeps their snapshots', async () => {
      const store = await makeStore();
      const a = await store.createDocument({ title: 'A', symbol: '', kind: 'other', restricted: false }, null, []);
      const b = await store.createDocument({ title: 'B', symbol: '', kind: 'other', restricted: false }, null, []);
      const one = await store.createRevision(a.id, { note: 'zero draft' }, new Uint8Array([1]), 'p-sec');
      const two = await store.createRevision(a.id, { name: '  Chair’s text  ', note: '' }, new Uint8Array([2, 2]), 'p-chair');
      const other = await store.createRevision(b.id, { name: ' ', note: '' }, new Uint8Array([3]), 'p-chair');
      expect([one, two, other].map((r) => [r.number, r.name])).toEqual([[1, 'Rev.1'], [2, 'Chair’s text'], [1, 'Rev.1']]);
      expect(await store.listRevisions(a.id)).toEqual([one, two]);
      const fetched = await store.getRevision(a.id, two.id);
      expect(fetched?.record).toEqual(two);
      expect([...fetched!.snapshot]).toEqual([2, 2]);
      expect(await store.getRevision(b.id, two.id)).toBeNull();
      await store.close();
    });

    it('changes and revokes participants with a log line each; a new role or delegation ends the sessions', async () => {
      const store = await makeStore();
      const chair = { participantId: 'p-chair', role: 'chair' as const, delegation: null };
      const p = await store.createParticipant({ name: 'Mexico', role: 'delegation', delegation: 'MEX' }, chair);
      const link = await store.createInvitation(p.id, 'hash-mex', chair);
      await store.createSession(p.id, 's-1');
      expect(await store.updateParticipant(p.id, { name: 'México' }, chair)).toEqual({ ...p, name: 'México' });
      expect(await store.findSession('s-1')).toEqual({ ...p, name: 'México' });
      expect(await store.updateParticipant(p.id, { role: 'observer', delegation: null }, chair)).toEqual({ ...p, name: 'México', role: 'observer', delegation: null });
      expect(await store.findSession('s-1')).toBeNull();
      expect(await store.updateParticipant('no-such-participant', { name: 'x' })).toBeNull();
      expect((await store.invitationParticipant(link.id))?.invitations.map((i) => i.id)).toEqual([link.id]);
      expect(await store.invitationParticipant('no-such-link')).toBeNull();
      expect(await store.revokeInvitation(link.id, chair)).toBe(true);
      expect(await store.revokeParticipant(p.id, chair)).toBe(true);
      expect(await store.revokeParticipant(p.id, chair)).toBe(false);
      expect(await store.updateParticipant(p.id, { name: 'again' })).toBeNull();

      const log = await store.listParticipantLog();
      expect(log.map((l) => [l.action, l.actorId, l.role, l.previous?.role ?? null])).toEqual([
        ['created', 'p-chair', 'delegation', null],
        ['link-issued', 'p-chair', 'delegation', null],
        ['changed', 'p-chair', 'delegation', 'delegation'],
        ['changed', 'p-chair', 'observer', 'delegation'],
        ['link-revoked', 'p-chair', 'observer', null],
        ['revoked', 'p-chair', 'observer', null],
      ]);
      expect(log[1]!.invitationId).toBe(link.id);
      expect(log[3]!.previous).toEqual({ name: 'México', role: 'delegation', delegation: 'MEX' });
      await store.close();
    });

    it('records organizations once per code and keeps which documents the Chair lets each propose on', async () => {
      const store = await makeStore();
      const iachr = await store.createOrganization({ code: 'IACHR', name: 'Inter-American Commission on Human Rights' });
      expect(iachr).toEqual({ code: 'IACHR', name: 'Inter-American Commission on Human Rights', createdAt: expect.any(String) });
      expect(await store.createOrganization({ code: 'IACHR', name: 'someone else' })).toBeNull();
      await store.createOrganization({ code: 'CICAD', name: 'Inter-American Drug Abuse Control Commission' });
      expect((await store.listOrganizations()).map((o) => [o.code, o.name])).toEqual([
        ['CICAD', 'Inter-American Drug Abuse Control Commission'], ['IACHR', 'Inter-American Commission on Human Rights'],
      ]);
      expect(await store.renameOrganization('CICAD', { name: 'CICAD' })).toEqual(expect.objectContaining({ code: 'CICAD', name: 'CICAD' }));
      expect(await store.renameOrganization('UNODC', { name: 'x' })).toBeNull();
      expect(await store.getOrganization('UNODC')).toBeNull();

      const d = await store.createDocument({ title: 'Strategy', symbol: '', kind: 'strategy', restricted: false }, null, []);
      const other = await store.createDocument({ title: 'Resolution', symbol: '', kind: 'resolution', restricted: false }, null, []);
      expect(await store.proposingOrganizations(d.id)).toEqual([]);
      expect(await store.setOrganizationProposes(d.id, 'IACHR', true, 'p-chair')).toBe(true);
      expect(await store.setOrganizationProposes(d.id, 'IACHR', true, 'p-chair')).toBe(true);
      expect(await store.setOrganizationProposes(d.id, 'CICAD', true, 'p-chair')).toBe(true);
      expect(await store.setOrganizationProposes(d.id, 'UNODC', true, 'p-chair')).toBe(false);
      expect(await store.setOrganizationProposes('no-such-document', 'IACHR', true, 'p-chair')).toBe(false);
      expect(await store.proposingOrganizations(d.id)).toEqual(['CICAD', 'IACHR']);
      expect(await store.proposingOrganizations(other.id)).toEqual([]);
      expect(await store.setOrganizationProposes(d.id, 'CICAD', false, 'p-chair')).toBe(true);
      expect(await store.setOrganizationProposes(d.id, 'UNODC', false, 'p-chair')).toBe(false);
      expect(await store.proposingOrganizations(d.id)).toEqual(['IACHR']);

      // A participant speaking for an organization carries its code, like a delegation's.
      const p = await store.createParticipant({ name: 'IACHR Secretariat', role: 'organization', delegation: 'IACHR' });
      expect(await store.getParticipant(p.id)).toEqual(expect.objectContaining({ role: 'organization', delegation: 'IACHR' }));
      await store.close();
    });

    it('keeps each participant’s language: none until chosen, the last choice, nothing for someone unknown', async () => {
      const store = await makeStore();
      const p = await store.createParticipant({ name: 'Delegate of Guatemala', role: 'delegation', delegation: 'GTM' });
      const other = await store.createParticipant({ name: 'Delegate of Brazil', role: 'delegation', delegation: 'BRA' });
      expect(await store.participantLanguage(p.id)).toBeNull();
      expect(await store.setParticipantLanguage(p.id, 'es')).toBe(true);
      expect(await store.setParticipantLanguage(other.id, 'pt')).toBe(true);
      expect(await store.setParticipantLanguage(p.id, 'fr')).toBe(true);
      expect(await store.participantLanguage(p.id)).toBe('fr');
      expect(await store.participantLanguage(other.id)).toBe('pt');
      expect(await store.setParticipantLanguage('no-such-participant', 'es')).toBe(false);
      expect(await store.participantLanguage('no-such-participant')).toBeNull();
      await store.close();
    });

    it('keeps calls for contributions: invitees, late parties, publication, and every contribution, one standing per party', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'Strategy', symbol: '', kind: 'strategy', restricted: false }, null, []);
      const call = await store.createCall(d.id, { title: 'Contributions to the strategy', deadline: '2026-12-15T17:00:00-05:00', invitees: ['USA', 'MEX', 'IACHR', 'MEX'] }, 'p-sec', '2026-12-01T10:00:00.000Z');
      expect(call).toEqual({
        id: expect.any(String), documentId: d.id, title: 'Contributions to the strategy', deadline: '2026-12-15T22:00:00.000Z', invitees: ['IACHR', 'MEX', 'USA'],
        lateParties: [], openedBy: 'p-sec', openedAt: '2026-12-01T10:00:00.000Z', publishedAt: null,
      });
      expect(await store.getCall(call.id)).toEqual(call);
      expect(await store.getCall('no-such-call')).toBeNull();
      expect(await store.listCalls(d.id)).toEqual([call]);

      const first = await store.submitContribution(call.id, 'MEX', 'p-mex', 'Our first text.', false, '2026-12-02T10:00:00.000Z');
      await store.submitContribution(call.id, 'IACHR', 'p-iachr', 'The Commission proposes…', false, '2026-12-02T11:00:00.000Z');
      const second = await store.submitContribution(call.id, 'MEX', 'p-mex', 'Our second text.', false, '2026-12-03T10:00:00.000Z');
      expect(await store.withdrawContribution(call.id, 'IACHR', '2026-12-04T10:00:00.000Z')).toBe(true);
      expect(await store.withdrawContribution(call.id, 'IACHR', '2026-12-04T11:00:00.000Z')).toBe(false);
      expect((await store.listContributions(call.id)).map((c) => [c.party, c.body, c.late, c.withdrawnAt])).toEqual([
        ['MEX', 'Our first text.', false, '2026-12-03T10:00:00.000Z'],
        ['IACHR', 'The Commission proposes…', false, '2026-12-04T10:00:00.000Z'],
        ['MEX', 'Our second text.', false, null],
      ]);
      expect(first.id).not.toBe(second.id);

      expect(await store.allowLateContribution(call.id, 'USA', 'p-sec', '2026-12-16T09:00:00.000Z')).toBe(true);
      expect(await store.allowLateContribution(call.id, 'USA', 'p-sec', '2026-12-16T09:30:00.000Z')).toBe(true);
      expect(await store.allowLateContribution(call.id, 'CAN', 'p-sec', '2026-12-16T09:00:00.000Z')).toBe(false);
      const late = await store.submitContribution(call.id, 'USA', 'p-usa', 'Late but welcome.', true, '2026-12-16T10:00:00.000Z');
      expect(late).toMatchObject({ party: 'USA', late: true, withdrawnAt: null });
      const published = await store.publishCall(call.id, '2026-12-17T10:00:00.000Z');
      expect(published).toMatchObject({ lateParties: ['USA'], publishedAt: '2026-12-17T10:00:00.000Z' });
      expect((await store.publishCall(call.id, '2026-12-18T10:00:00.000Z'))?.publishedAt).toBe('2026-12-17T10:00:00.000Z');
      expect(await store.publishCall('no-such-call', '2026-12-18T10:00:00.000Z')).toBeNull();
      await store.close();
    });

    it('keeps each document’s language, the versions of an original, and what the Secretariat aligned', async () => {
      const store = await makeStore();
      const english = await store.createDocument({ title: 'Resolution', symbol: '', kind: 'resolution', restricted: false }, null, []);
      const spanish = await store.createDocument({ title: 'Resolución', symbol: '', kind: 'resolution', restricted: false }, null, []);
      const french = await store.createDocument({ title: 'Résolution', symbol: '', kind: 'resolution', restricted: false }, null, []);
      expect(await store.documentLanguage(english.id)).toBeNull();
      expect(await store.setDocumentLanguage(english.id, 'en', null)).toBe(true);
      expect(await store.setDocumentLanguage(spanish.id, 'es', english.id)).toBe(true);
      expect(await store.setDocumentLanguage(french.id, 'fr', english.id)).toBe(true);
      expect(await store.setDocumentLanguage('no-such-document', 'pt', english.id)).toBe(false);
      expect(await store.setDocumentLanguage(french.id, 'fr', 'no-such-document')).toBe(false);
      expect(await store.documentLanguage(spanish.id)).toEqual({ documentId: spanish.id, language: 'es', originalId: english.id });
      expect((await store.languageVersions(english.id)).map((v) => [v.documentId, v.language])).toEqual([[spanish.id, 'es'], [french.id, 'fr']]);
      expect(await store.languageVersions(spanish.id)).toEqual([]);

      expect(await store.paragraphAlignments(spanish.id)).toEqual([]);
      await store.alignParagraphs(spanish.id, [{ pid: 'p1', sourceHash: 'a1', ownHash: 'b1' }, { pid: 'p2', sourceHash: 'a2', ownHash: 'b2' }], 'p-secretariat');
      await store.alignParagraphs(spanish.id, [{ pid: 'p1', sourceHash: 'a1-new', ownHash: 'b1-new' }], 'p-secretariat');
      expect(await store.paragraphAlignments(spanish.id)).toEqual([{ pid: 'p1', sourceHash: 'a1-new', ownHash: 'b1-new' }, { pid: 'p2', sourceHash: 'a2', ownHash: 'b2' }]);
      expect(await store.paragraphAlignments(french.id)).toEqual([]);
      await store.close();
    });

    it('creates a consolidated draft with its call and paragraph sources in one transaction, or nothing', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'Strategy', symbol: '', kind: 'strategy', restricted: false }, null, []);
      const call = await store.createCall(d.id, { title: 'Contributions', deadline: '2026-12-15T17:00:00Z', invitees: ['MEX', 'IACHR'] }, 'p-sec', '2026-12-01T10:00:00.000Z');
      expect(await store.documentSources(d.id)).toBeNull();
      const draft = await store.createDocument({ title: 'Consolidated draft', symbol: '', kind: 'strategy', restricted: true }, null, [], {
        callId: call.id, compiledBy: 'p-sec', sources: { 'p-1': ['MEX', 'IACHR'], 'p-2': ['IACHR'] },
      });
      expect(await store.documentSources(draft.id)).toEqual({ callId: call.id, compiledAt: expect.any(String), paragraphs: { 'p-1': ['MEX', 'IACHR'], 'p-2': ['IACHR'] } });
      const before = (await store.listDocuments()).length;
      await expect(store.createDocument({ title: 'Orphan', symbol: '', kind: 'strategy', restricted: true }, null, [], { callId: 'no-such-call', compiledBy: 'p-sec', sources: {} })).rejects.toThrow();
      expect((await store.listDocuments()).length).toBe(before);
      await store.close();
    });

    it('lists participants by role, then delegation (none first), then name', async () => {
      const store = await makeStore();
      for (const [name, role, delegation] of [
        ['Mexico', 'delegation', 'MEX'], ['Argentina', 'delegation', 'ARG'], ['Secretariat', 'secretariat', null],
        ['Guest', 'observer', 'OAS'], ['Press', 'observer', null], ['Chair', 'chair', null],
      ] as const) await store.createParticipant({ name, role, delegation });
      expect((await store.listParticipants()).map((p) => p.name)).toEqual(['Chair', 'Argentina', 'Mexico', 'Press', 'Guest', 'Secretariat']);
      await store.close();
    });

    it('tells each participant’s share of a document’s history, largest first', async () => {
      const store = await makeStore();
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
      const big = new Y.Doc();
      const small = new Y.Doc();
      const updates: Uint8Array[] = [];
      big.on('update', (u: Uint8Array) => updates.push(u));
      big.getText('t').insert(0, 'a much longer contribution to the text');
      big.getText('t').insert(0, 'and more');
      small.on('update', (u: Uint8Array) => updates.push(u));
      small.getText('t').insert(0, 'x');
      const [b1, b2, s1] = updates;
      const mex = { participantId: 'p-mex', role: 'delegation' as const, delegation: 'MEX' };
      const arg = { participantId: 'p-arg', role: 'delegation' as const, delegation: 'ARG' };
      await store.appendUpdates(d.id, [{ update: s1!, author: arg, newClients: [] }]);
      await store.appendUpdates(d.id, [{ update: b1!, author: mex, newClients: [] }, { update: b2!, author: mex, newClients: [] }]);
      const usage = await store.historyUsage(d.id);
      expect(usage.map((u) => [u.participantId, u.updates, u.bytes])).toEqual([['p-mex', 2, b1!.length + b2!.length], ['p-arg', 1, s1!.length]]);
      expect(Number.isNaN(Date.parse(usage[0]!.lastAt))).toBe(false);
      expect(await store.historyUsage('no-such-document')).toEqual([]);
      await store.close();
    });

    it('compacts into a snapshot that replaces the replay; compacting twice or with an older snapshot changes nothing', async () => {
      const store = await makeStore();
      const source = new Y.Doc();
      const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
      const author = { participantId: 'p', role: 'chair' as const, delegation: null };
      let appended = Promise.resolve(0);
      source.on('update', (u: Uint8Array) => (appended = store.appendUpdates(d.id, [{ update: u, author, newClients: [] }])));
      source.getText('t').insert(0, 'one ');
      const olderSeq = await appended;
      const older = Y.encodeStateAsUpdate(source);
      source.getText('t').insert(4, 'two');
      const seq = await appended;
      expect(seq).toBeGreaterThan(olderSeq);

      await store.compact(d.id, Y.encodeStateAsUpdate(source), seq);
      await store.compact(d.id, Y.encodeStateAsUpdate(source), seq);
      await store.compact(d.id, older, olderSeq);
      const state = await store.loadDocumentState(d.id);
      expect(state.updates).toHaveLength(0);
      expect(restoreDocument(state).getText('t').toString()).toBe('one two');
      // The audit trail survives compaction.
      expect(await store.listUpdates(d.id)).toHaveLength(2);
      await store.close();
    });
  });
}
