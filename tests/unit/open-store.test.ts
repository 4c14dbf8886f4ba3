import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { describeStore, openStore } from '../../server/store/open-store.ts';

it('reads DATABASE_URL: a PostgreSQL URL, unset when empty, refused with the reason otherwise', () => {
  expect(readConfig({}).databaseUrl).toBeUndefined();
  expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  expect(readConfig({ DATABASE_URL: 'postgres://accord@db:5432/accord' }).databaseUrl).toBe('postgres://accord@db:5432/accord');
  expect(readConfig({ DATABASE_URL: 'postgresql:///accord?host=/var/run/postgresql' }).databaseUrl).toBe('postgresql:///accord?host=/var/run/postgresql');
  for (const wrong of ['mysql://accord@db/accord', 'db:5432/accord', 'accord.sqlite']) {
    expect(() => readConfig({ DATABASE_URL: wrong })).toThrow(/DATABASE_URL: must be a PostgreSQL URL such as postgres:\/\//);
  }
});

it('opens SQLite under the data directory when DATABASE_URL is unset, PostgreSQL when it is given', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-open-'));
  const sqlite = openStore({ dataDir });
  expect(sqlite.kind).toBe('sqlite');
  await sqlite.close();
  // Not reached until used: opening it needs no server.
  const postgres = openStore({ dataDir, databaseUrl: 'postgres://accord@127.0.0.1:1/accord' });
  expect(postgres.kind).toBe('postgres');
  await postgres.close();
  expect(() => openStore({ dataDir, databaseUrl: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
});

it('names where the data is without the password', () => {
  expect(describeStore({ dataDir: '/srv/accord' })).toBe('SQLite in /srv/accord');
  expect(describeStore({ dataDir: '/srv/accord', databaseUrl: 'postgres://accord:s3cret@db.example.org:5432/accord' })).toBe('PostgreSQL at db.example.org:5432/accord');
});
