import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import type { RevisionRecord } from '../../server/store/store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { rawSocket } from '../support/raw-socket.ts';
import { api, connect, eventually, me, signIn, until, type TestServer } from '../support/server.ts';
import { serverPair, type ServerPair } from '../support/server-pair.ts';

/**
 * Two processes on one PostgreSQL schema and Redis (issue 15): whichever a request reaches, the
 * document's authority does the work. A process that does not lead the document answers
 * decisions, undo, revisions and exports through it, and a revocation on one closes the
 * participant's sockets on the other at once (pushed over the bus, not found by the session
 * check, which these servers run only every minute).
 */
const OPERATIVE_1 = 10;

let pair: ServerPair;
let leader: TestServer;
let other: TestServer;
let documentId: string;
const open: DocumentConnection[] = [];

beforeAll(async () => {
  pair = await serverPair('routes', { limits: { maxConnectionsPerParticipant: 3 }, trustProxy: 1 });
  ({ leader, other, documentId } = pair);
}, 60_000);
afterAll(async () => {
  for (const c of open) c.destroy();
  await pair?.dispose();
});

async function enter(server: TestServer, who: { role: 'delegation' | 'chair'; delegation?: string }) {
  const cookie = await signIn(server, who);
  const connection = connect(server, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return { cookie, connection, participant: await me(server, cookie) };
}

describe('routes on a process that does not lead the document', () => {
  it('decide, undo, issue revisions and export through the authority, and everyone sees it live', async () => {
    // Mexico opens the document first, on the first process: that one leads it.
    const mexico = await enter(leader, { role: 'delegation', delegation: 'MEX' });
    expect((await leader.cluster!.authorityOf(documentId))?.node).toBe(leader.node);
    const chair = await enter(other, { role: 'chair' });
    expect((await other.cluster!.authorityOf(documentId))?.node).toBe(leader.node);

    const words = ' and to share what works';
    propose(mexico.connection.doc, mexico.participant, (tr) => tr.insertText(words, blockStart(editorDoc(mexico.connection.doc), OPERATIVE_1 + 1) - 2));
    await until(mexico.connection, (s) => s.save === 'saved');
    // The Chair, on the other process, sees it through the authority's broadcast.
    const amendment = await eventually(
      () => listAmendments(editorDoc(chair.connection.doc)).find((a) => a.inserted === words),
      (a) => a !== undefined,
    );

    // Presence crosses too: Mexico's, announced on the first process, named from its session, on the second.
    mexico.connection.provider.awareness.setLocalStateField('cursor', null);
    await eventually(
      () => [...chair.connection.provider.awareness.getStates().values()].map((state) => (state as { user?: { name?: string } }).user?.name),
      (names) => names.includes(mexico.participant.name),
    );

    const notices: string[] = [];
    mexico.connection.onNotice((n) => notices.push(n));
    const ask = (path: string, init: RequestInit = {}) => api(other, chair.cookie, `/api/documents/${documentId}${path}`, init);
    const post = (path: string, body: unknown) => ask(path, { method: 'POST', body: JSON.stringify(body) });

    // A decision that matches nothing is refused there and said here, as on one process.
    const nothing = await post('/decisions', { action: 'accept', scope: { kind: 'amendment', id: 'no-such-amendment' } });
    expect(nothing.status).toBe(409);
    expect(((await nothing.json()) as { error: string }).error).toMatch(/no-such-amendment|no pending|matches/i);

    const decided = await post('/decisions', { action: 'accept', scope: { kind: 'amendment', id: amendment!.id } });
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as { decided: { id: string }[] }).decided.map((d) => d.id)).toEqual([amendment!.id]);
    // Applied to the authoritative text, stored, and seen live by a client of the authority.
    await eventually(() => listAmendments(editorDoc(mexico.connection.doc)).some((a) => a.id === amendment!.id), (pending) => !pending);
    expect(editorDoc(mexico.connection.doc).textContent).toContain(words);
    const stored = editorDoc(restoreDocument(await leader.store.loadDocumentState(documentId)));
    expect(listAmendments(stored).some((a) => a.id === amendment!.id)).toBe(false);
    expect(stored.textContent).toContain(words);

    const revision = await post('/revisions', { note: 'after the first decision' });
    expect(revision.status).toBe(201);
    const record = (await revision.json()) as RevisionRecord;
    await eventually(() => notices, (n) => n.includes('revisions'));

    const exported = await ask('/export?format=md&variant=agreed');
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain(words.trim());
    const comparison = await ask(`/compare?from=${record.id}&to=live`);
    expect(comparison.status).toBe(200);
    const usage = await ask('/usage');
    expect(((await usage.json()) as { sizeBytes: number }).sizeBytes).toBeGreaterThan(0);

    const audit = (await (await ask('/audit')).json()) as { id: number; action: string; amendmentId: string | null }[];
    const row = audit.find((r) => r.amendmentId === amendment!.id && r.action === 'accepted')!;
    const undone = await post(`/decisions/${row.id}/undo`, {});
    expect(undone.status).toBe(200);
    await eventually(() => listAmendments(editorDoc(mexico.connection.doc)).some((a) => a.id === amendment!.id), Boolean);
    // Still led by the first process: the second never loaded the text to answer.
    expect((await leader.cluster!.authorityOf(documentId))?.node).toBe(leader.node);
  }, 60_000);

  it('revoking a participant on one process closes its sockets on the other within a second', async () => {
    const usa = await enter(leader, { role: 'delegation', delegation: 'USA' });
    const chairCookie = await signIn(other, { role: 'chair' });
    const revokedAt = performance.now();
    expect((await api(other, chairCookie, `/api/participants/${usa.participant.id}`, { method: 'DELETE' })).status).toBe(204);
    await until(usa.connection, (s) => s.link === 'closed', 1_000);
    expect(performance.now() - revokedAt).toBeLessThan(1_000);
  });

  it('count failed sign-ins from one address across processes', async () => {
    // An address of this run's own (behind the trusted proxy): the count lives a minute in Redis.
    const address = `10.${process.pid % 250}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const attempt = (server: TestServer, i: number) => fetch(`${server.url}/api/session`, {
      method: 'POST',
      body: JSON.stringify({ token: `wrong-token-${i}-`.padEnd(43, 'x') }),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    }).then((r) => r.status);
    const statuses: number[] = [];
    // Ten on each: twenty in all, the allowance for a minute; the next is refused on either.
    for (let i = 0; i < 10; i++) statuses.push(await attempt(leader, i), await attempt(other, 100 + i));
    expect(statuses).toEqual(new Array(20).fill(401));
    expect(await attempt(leader, 50)).toBe(429);
    expect(await attempt(other, 150)).toBe(429);
  });

  it('cap a participant\u2019s connections over every process', async () => {
    const cookie = await signIn(leader, { role: 'observer' });
    // Three in all (the cap here), two of them on the first process: under its own count of three.
    const sockets = [await rawSocket(leader, cookie, documentId), await rawSocket(leader, cookie, documentId), await rawSocket(other, cookie, documentId)];
    await expect(rawSocket(leader, cookie, documentId)).rejects.toThrow(/429/);
    // One closed on the second process: the first admits one again.
    sockets.pop()!.close();
    const again = await eventually(() => rawSocket(leader, cookie, documentId).then((s) => s, () => null), (s) => s !== null, 5_000);
    for (const s of [...sockets, again!]) s.close();
  });
});
