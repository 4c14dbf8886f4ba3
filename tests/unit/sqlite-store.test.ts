import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { ThreadedWriter } from '../../server/store/update-log-writer.ts';
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

  it('takes revisions and participant changes while the thread commits keystrokes', async () => {
    const store = new SqliteStore(freshFile());
    const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
    const p = await store.createParticipant({ name: 'Chair', role: 'chair', delegation: null });
    let typing = true;
    const typist = (async () => {
      for (const update of typed(4000)) {
        if (!typing) break;
        await store.appendUpdates(d.id, [{ update, author, newClients: [] }]);
      }
    })();
    // Each reads, then writes: it must wait for the thread's lock, not fail on it.
    for (let i = 1; i <= 400; i++) {
      expect((await store.createRevision(d.id, { note: '' }, new Uint8Array([0, 0]), p.id)).number).toBe(i);
      expect(await store.updateParticipant(p.id, { name: `Chair ${i}` })).not.toBeNull();
      await new Promise((r) => setImmediate(r));
    }
    typing = false;
    await typist;
    expect(await store.listRevisions(d.id)).toHaveLength(400);
    await store.close();
  });

  it('refuses every write with the reason when its thread cannot start, and does not try again', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const writer = new ThreadedWriter(join(tmpdir(), 'accord-no-such-directory', 'accord.sqlite'));
    const [update] = typed(1);
    const change = { update: update!, author, newClients: [] };
    await expect(writer.ready()).rejects.toThrow(/Cannot open database because the directory does not exist/);
    const first = await writer.append('d', [change]).catch((error: unknown) => error);
    const second = await writer.append('d', [change]).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(Error);
    // The same failure, not a new thread failing anew.
    expect(second).toBe(first);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
    await writer.close();
  });

  it('lets a process that closes the store without waiting end only once the writes are on disk', async () => {
    const file = freshFile();
    const setup = new SqliteStore(file);
    const d = await setup.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, null, []);
    await setup.close();
    // Appends and a close, none awaited: nothing but the writer thread keeps this process alive.
    const script = `
      import { SqliteStore } from ${JSON.stringify(new URL('../../server/store/sqlite-store.ts', import.meta.url).href)};
      const store = new SqliteStore(${JSON.stringify(file)});
      const author = { participantId: 'p', role: 'delegation', delegation: 'MEX' };
      const updates = JSON.parse(process.argv[1]).map((u) => new Uint8Array(u));
      for (const update of updates) void store.appendUpdates(${JSON.stringify(d.id)}, [{ update, author, newClients: [] }]);
      void store.close().then(() => console.log('closed'));`;
    const updates = typed(20).map((u) => [...u]);
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(updates)], { encoding: 'utf8', cwd: process.cwd() });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('closed');
    const reopened = new SqliteStore(file);
    expect(restoreDocument(await reopened.loadDocumentState(d.id)).getText('t').toString()).toBe(typed(20).map((_, i) => i % 10).join(''));
    await reopened.close();
  });

  it('refuses writes once closed', async () => {
    const store = new SqliteStore(freshFile());
    await store.close();
    const [update] = typed(1);
    await expect(store.appendUpdates('d', [{ update: update!, author, newClients: [] }])).rejects.toThrow('the store is closed');
  });
});
