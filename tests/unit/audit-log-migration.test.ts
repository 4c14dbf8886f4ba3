import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite-store.ts';

/** The audit log as the first releases wrote it: no decision numbers, nothing to undo with. */
const OLD_SCHEMA = `
CREATE TABLE documents (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, symbol TEXT NOT NULL, kind TEXT NOT NULL,
  restricted INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id), seq INTEGER,
  participant_id TEXT NOT NULL, role TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, amendment_id TEXT,
  delegation TEXT, inserted TEXT NOT NULL, deleted TEXT NOT NULL, pid TEXT, because TEXT, status TEXT, detail TEXT
);
`;

it('opens an audit log written before decisions had numbers: rows of one update are one decision, none undoable', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'accord-audit-')), 'accord.sqlite');
  const old = new Database(file);
  old.exec(OLD_SCHEMA);
  old.prepare("INSERT INTO documents VALUES ('d', 'T', 'S', 'resolution', 0, 'x', 'x')").run();
  const row = old.prepare("INSERT INTO audit_log (document_id, seq, participant_id, role, at, action, amendment_id, delegation, inserted, deleted) VALUES ('d', ?, 'chair', 'chair', 'x', ?, ?, 'JAM', 'a', '')");
  row.run(7, 'rejected', 'JAM:aaaaaaaa');
  row.run(7, 'rejected', 'JAM:bbbbbbbb');
  row.run(null, 'status', null);
  row.run(9, 'accepted', 'JAM:cccccccc');
  old.close();

  const store = new SqliteStore(file);
  const log = await store.listAudit('d');
  expect(log.map((r) => [r.id, r.decision, r.undoable, r.undoneBy, r.undoes])).toEqual([
    [1, 1, false, null, null],
    [2, 1, false, null, null],
    [3, 3, false, null, null],
    [4, 4, false, null, null],
  ]);
  expect((await store.getDecision('d', 1))?.entries.map((r) => r.amendmentId)).toEqual(['JAM:aaaaaaaa', 'JAM:bbbbbbbb']);
  await store.close();
  // Opening it again finds it migrated and changes nothing.
  const again = new SqliteStore(file);
  expect((await again.listAudit('d')).map((r) => r.decision)).toEqual([1, 1, 3, 4]);
  await again.close();
});
