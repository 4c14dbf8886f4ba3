import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
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
