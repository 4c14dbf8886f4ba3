import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { storeContract } from './store-contract.ts';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'accord-store-')), 'accord.sqlite');

storeContract('SqliteStore', async () => new SqliteStore(freshFile()));

it('runs SQLite in WAL mode with synchronous = FULL', async () => {
  const store = new SqliteStore(freshFile());
  expect(store.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
  await store.close();
});

it('keeps what it committed across reopening the file', async () => {
  const file = freshFile();
  const store = new SqliteStore(file);
  const p = await store.createParticipant({ name: 'Canada', role: 'delegation', delegation: 'CAN' });
  await store.close();
  const reopened = new SqliteStore(file);
  expect((await reopened.getParticipant(p.id))?.name).toBe('Canada');
  await reopened.close();
});

describe('the update log, written on its own thread', () => {
  const author = { participantId: 'p-mex', role: 'delegation' as const, delegation: 'MEX' };
  const typed = (count: number): Uint8Array[] => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < count; i++) source.getText('t').insert(i, String(i % 10));
    return updates;
  };

  it('finishes every write asked for before closing, in order', async () => {
    const file = freshFile();
    const store = new SqliteStore(file);
    const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
    const updates = typed(50);
    // Asked for without waiting, then closed at once: close waits for all of them.
    const seqs = updates.map((update) => store.appendUpdates(d.id, [{ update, author, newClients: [] }]));
    await store.close();
    const answered = await Promise.all(seqs);
    expect(answered).toEqual([...answered].sort((a, b) => a - b));
    expect(new Set(answered).size).toBe(50);

    const reopened = new SqliteStore(file);
    expect((await reopened.listUpdates(d.id)).map((u) => u.seq)).toEqual(answered);
    expect(restoreDocument(await reopened.loadDocumentState(d.id)).getText('t').toString()).toBe(typed(50).map((_, i) => i % 10).join(''));
    await reopened.close();
  });

  it('reports SQLite’s own error from the thread and stores nothing of the batch', async () => {
    const store = new SqliteStore(freshFile());
    const [update] = typed(1);
    const failure = store.appendUpdates('no-such-document', [{ update: update!, author, newClients: [] }]);
    await expect(failure).rejects.toThrow(/FOREIGN KEY/);
    await expect(failure).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(await store.listUpdates('no-such-document')).toEqual([]);
    await store.close();
  });

  it('refuses a change that cannot be handed to the thread, and goes on writing the next', async () => {
    const store = new SqliteStore(freshFile());
    const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
    const [first, second] = typed(2);
    const uncopyable = { ...author, note: () => 'a function' } as unknown as typeof author;
    await expect(store.appendUpdates(d.id, [{ update: first!, author: uncopyable, newClients: [] }])).rejects.toThrow(/could not be cloned/);
    const seq = await store.appendUpdates(d.id, [{ update: first!, author, newClients: [] }]);
    await store.appendUpdates(d.id, [{ update: second!, author, newClients: [] }]);
    expect((await store.listUpdates(d.id)).map((u) => u.seq)).toEqual([seq, seq + 1]);
    // Nothing was left waiting for the refused one: closing reports no write lost.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await store.close();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('refuses writes once closed', async () => {
    const store = new SqliteStore(freshFile());
    await store.close();
    const [update] = typed(1);
    await expect(store.appendUpdates('d', [{ update: update!, author, newClients: [] }])).rejects.toThrow('the store is closed');
  });
});
