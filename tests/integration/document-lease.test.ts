import { afterAll, describe, expect, it } from 'vitest';
import { LeaseLost } from '../../server/store/fence.ts';
import { PostgresStore } from '../../server/store/postgres-store.ts';
import type { AuditEntry } from '../../server/store/store.ts';
import { reachPostgres, typedUpdates } from '../support/postgres.ts';

/**
 * One authority per document (issue 15): the lease in PostgreSQL and the fence every write to a
 * document's history checks. Two stores on one schema stand for two Accord processes.
 */
const postgres = await reachPostgres();
afterAll(() => postgres.end());

const chair = { participantId: 'p-chair', role: 'chair' as const, delegation: null };
const newDocument = { title: 'Strategy', symbol: 'OEA/Ser.G', kind: 'other' as const, restricted: false };
const status: AuditEntry = { action: 'status', amendmentId: null, delegation: null, inserted: '', deleted: '', pid: 'p-1', because: null, status: 'agreed' };

const typed = typedUpdates;

/** Two processes on one database, and a document they both could serve. */
async function twoProcesses(count = 2): Promise<{ stores: PostgresStore[]; documentId: string; close(): Promise<void> }> {
  const url = postgres.urlFor(await postgres.freshSchema());
  const stores = Array.from({ length: count }, () => new PostgresStore(url));
  await Promise.all(stores.map((s) => s.ready()));
  const { id } = await stores[0]!.createDocument(newDocument, null, []);
  return { stores, documentId: id, close: () => Promise.all(stores.map((s) => s.close())).then(() => undefined) };
}

/** Waits until the database's clock says the lease ran out (the processes' clocks are not asked). */
async function untilExpired(store: PostgresStore, documentId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await store.leases.current(documentId))?.live) {
    if (Date.now() > deadline) throw new Error('the lease never ran out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('document leases on PostgreSQL', () => {
  it('grants a free lease to one process only; the other gets nothing while it runs', async () => {
    const { stores: [a, b], documentId, close } = await twoProcesses();
    const token = await a!.leases.acquire(documentId, 'node-a', 60_000);
    expect(token).toBe(1);
    expect(await b!.leases.acquire(documentId, 'node-b', 60_000)).toBeNull();
    // Not even its holder gets a second grant while it runs: it renews instead.
    expect(await a!.leases.acquire(documentId, 'node-a', 60_000)).toBeNull();
    expect(await b!.leases.current(documentId)).toMatchObject({ node: 'node-a', token: 1, live: true });
    await close();
  });

  it('hands an expired lease to the other process with a higher token; the old holder can neither renew nor write', async () => {
    const { stores: [a, b], documentId, close } = await twoProcesses();
    const [first, second, third] = typed(['one ', 'two ', 'three']);
    const old = (await a!.leases.acquire(documentId, 'node-a', 300))!;
    const oldFence = { node: 'node-a', token: old };
    expect(await a!.appendUpdates(documentId, [{ update: first!, author: chair, newClients: [11] }], oldFence)).toBe(1);

    await untilExpired(b!, documentId);
    const taken = await b!.leases.acquire(documentId, 'node-b', 60_000);
    expect(taken).toBeGreaterThan(old);
    expect(await a!.leases.renew(documentId, 'node-a', old, 60_000)).toBe(false);
    expect(await a!.leases.release(documentId, 'node-a', old)).toBe(false);

    // The old holder, back from a pause, tries every kind of write to the document's history.
    const stale = a!.appendUpdates(documentId, [{ update: second!, author: chair, newClients: [12], audit: [status] }], oldFence);
    await expect(stale).rejects.toBeInstanceOf(LeaseLost);
    await expect(stale).rejects.toThrow(`lease lost on document ${documentId}: node-a wrote with token ${old}, but node-b holds token ${taken}`);
    await expect(a!.recordAudit(documentId, chair, [status], oldFence)).rejects.toBeInstanceOf(LeaseLost);
    await expect(a!.createRevision(documentId, { note: 'stale' }, new Uint8Array([1]), 'p-chair', oldFence)).rejects.toBeInstanceOf(LeaseLost);
    await expect(a!.compact(documentId, new Uint8Array([1]), 1, oldFence)).rejects.toBeInstanceOf(LeaseLost);

    // Nothing of it was written: no update, no number taken, no client bound, no audit, revision or snapshot.
    const state = await b!.loadDocumentState(documentId);
    expect(state.snapshot).toBeNull();
    expect(state.updates.map((u) => u.seq)).toEqual([1]);
    expect([...state.clients.keys()]).toEqual([11]);
    expect(await b!.listAudit(documentId)).toEqual([]);
    expect(await b!.listRevisions(documentId)).toEqual([]);

    // The new holder writes on from there.
    const fence = { node: 'node-b', token: taken! };
    expect(await b!.appendUpdates(documentId, [{ update: second!, author: chair, newClients: [12] }, { update: third!, author: chair, newClients: [] }], fence)).toBe(3);
    await b!.recordAudit(documentId, chair, [status], fence);
    expect((await b!.createRevision(documentId, { note: 'Rev.1' }, new Uint8Array([1]), 'p-chair', fence)).number).toBe(1);
    await b!.compact(documentId, new Uint8Array([2]), 3, fence);
    expect((await a!.loadDocumentState(documentId)).snapshot).toEqual(new Uint8Array([2]));
    await close();
  });

  it('refuses a fenced write when nobody holds the lease, or when another node presents the holder token', async () => {
    const { stores: [a, b], documentId, close } = await twoProcesses();
    const [update] = typed(['x']);
    const change = [{ update: update!, author: chair, newClients: [] }];
    await expect(a!.appendUpdates(documentId, change, { node: 'node-a', token: 1 })).rejects.toThrow(/nobody holds its lease/);
    const token = (await a!.leases.acquire(documentId, 'node-a', 60_000))!;
    // The token alone does not do: it is node-a's.
    await expect(b!.appendUpdates(documentId, change, { node: 'node-b', token })).rejects.toBeInstanceOf(LeaseLost);
    expect(await b!.listUpdates(documentId)).toEqual([]);
    // Unfenced writes (one process, the command line) are not checked.
    expect(await b!.appendUpdates(documentId, change)).toBe(1);
    await close();
  });

  it('renews only for the holder with its token, and keeps the lease from the other process while renewed', async () => {
    const { stores: [a, b], documentId, close } = await twoProcesses();
    const token = (await a!.leases.acquire(documentId, 'node-a', 400))!;
    expect(await b!.leases.renew(documentId, 'node-b', token, 60_000)).toBe(false);
    expect(await a!.leases.renew(documentId, 'node-a', token + 1, 60_000)).toBe(false);
    expect(await a!.leases.renew(documentId, 'node-a', token, 60_000)).toBe(true);
    // Well past the first 400 ms: the renewal holds it.
    await new Promise((r) => setTimeout(r, 800));
    expect(await b!.leases.acquire(documentId, 'node-b', 60_000)).toBeNull();
    expect(await b!.leases.current(documentId)).toMatchObject({ node: 'node-a', token, live: true });
    await close();
  });

  it('renews a lease that ran out if nobody took it over: nobody else can have written meanwhile', async () => {
    const { stores: [a], documentId, close } = await twoProcesses(1);
    const token = (await a!.leases.acquire(documentId, 'node-a', 200))!;
    await untilExpired(a!, documentId);
    expect(await a!.leases.renew(documentId, 'node-a', token, 60_000)).toBe(true);
    expect(await a!.leases.current(documentId)).toMatchObject({ node: 'node-a', token, live: true });
    await close();
  });

  it('lets a released lease go at once, to the next process with the next token', async () => {
    const { stores: [a, b], documentId, close } = await twoProcesses();
    const token = (await a!.leases.acquire(documentId, 'node-a', 60_000))!;
    expect(await b!.leases.release(documentId, 'node-b', token)).toBe(false);
    expect(await a!.leases.release(documentId, 'node-a', token)).toBe(true);
    expect(await b!.leases.acquire(documentId, 'node-b', 60_000)).toBe(token + 1);
    await close();
  });

  it('grants exactly one of many processes asking at once, for a lease never held and for one that ran out', async () => {
    const { stores, documentId, close } = await twoProcesses(4);
    const race = () => Promise.all(Array.from({ length: 24 }, (_, i) => stores[i % stores.length]!.leases.acquire(documentId, `node-${i}`, 300)));
    const first = await race();
    expect(first.filter((t) => t !== null)).toEqual([1]);
    await untilExpired(stores[0]!, documentId);
    const second = await race();
    expect(second.filter((t) => t !== null)).toEqual([2]);
    const winner = second.findIndex((t) => t !== null);
    expect(await stores[0]!.leases.current(documentId)).toMatchObject({ node: `node-${winner}`, token: 2 });
    await close();
  });

  it('refuses a lease on a document that does not exist, and a lease of no length', async () => {
    const { stores: [a], documentId, close } = await twoProcesses(1);
    await expect(a!.leases.acquire('no-such-document', 'node-a', 1_000)).rejects.toThrow(/no such document/);
    await expect(a!.leases.acquire(documentId, 'node-a', 0)).rejects.toThrow(RangeError);
    await expect(a!.leases.acquire(documentId, 'node-a', Number.NaN)).rejects.toThrow(RangeError);
    await close();
  });
});
