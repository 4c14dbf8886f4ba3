import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { migrateSqlite, SQLITE_MIGRATIONS } from '../../server/store/sqlite-migrations.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { openDatabase } from '../../server/store/update-log.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'accord-migrations-')), 'accord.sqlite');

/** The schema as the releases before versions left a file: one counter for every document's updates. */
const GLOBAL_SEQ_SCHEMA = `
CREATE TABLE participants (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT, created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id),
  token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT
);
CREATE TABLE sessions (
  session_hash TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id), created_at TEXT NOT NULL, last_seen_at TEXT
);
CREATE TABLE documents (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, symbol TEXT NOT NULL, kind TEXT NOT NULL,
  restricted INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE document_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id),
  update_data BLOB NOT NULL, participant_id TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT, at TEXT NOT NULL
);
CREATE INDEX document_updates_by_document ON document_updates(document_id, seq);
CREATE TABLE document_snapshots (
  document_id TEXT PRIMARY KEY REFERENCES documents(id), state BLOB NOT NULL, upto_seq INTEGER NOT NULL, at TEXT NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id), seq INTEGER,
  participant_id TEXT NOT NULL, role TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, amendment_id TEXT,
  delegation TEXT, inserted TEXT NOT NULL, deleted TEXT NOT NULL, pid TEXT, because TEXT, status TEXT, detail TEXT,
  decision INTEGER, undoes INTEGER, before_state BLOB
);
CREATE TABLE revisions (
  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), number INTEGER NOT NULL, name TEXT NOT NULL,
  note TEXT NOT NULL, snapshot BLOB NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (document_id, number)
);
CREATE INDEX audit_log_by_document ON audit_log(document_id, id);
CREATE INDEX audit_log_by_decision ON audit_log(document_id, decision);
CREATE TABLE document_clients (
  document_id TEXT NOT NULL REFERENCES documents(id), client_id INTEGER NOT NULL, participant_id TEXT NOT NULL, PRIMARY KEY (document_id, client_id)
);
CREATE TABLE participant_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
  action TEXT NOT NULL, participant_id TEXT NOT NULL, invitation_id TEXT, name TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT,
  previous_name TEXT, previous_role TEXT, previous_delegation TEXT
);
`;

/** Typing into a document, one update per word, as a room would have stored them. */
function typist(words: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word);
  return updates;
}

const author = { participantId: 'p-1', role: 'delegation' as const, delegation: 'MEX' };

describe('SQLite schema versions', () => {
  it('renumbers a file written with one global counter per document, keeping audit rows and snapshots on the same updates', async () => {
    const file = freshFile();
    const old = new Database(file);
    old.exec(GLOBAL_SEQ_SCHEMA);
    const document = old.prepare("INSERT INTO documents VALUES (?, ?, '', 'other', 0, 'x', 'x')");
    document.run('a', 'A');
    document.run('b', 'B');
    const a = typist(['one ', 'two ', 'three ', 'four']);
    const b = typist(['uno ', 'dos ', 'tres']);
    // Interleaved, as two rooms typing at once wrote them: global seqs a:1,3,5,7 b:2,4,6.
    const insert = old.prepare("INSERT INTO document_updates (document_id, update_data, participant_id, role, delegation, at) VALUES (?, ?, 'p-1', 'delegation', 'MEX', 'x')");
    const order: [string, Uint8Array][] = [['a', a[0]!], ['b', b[0]!], ['a', a[1]!], ['b', b[1]!], ['a', a[2]!], ['b', b[2]!], ['a', a[3]!]];
    for (const [doc, update] of order) insert.run(doc, Buffer.from(update));
    // A decision carried by b's second update (global 4), with what undoing it needs; a status on a with no update.
    const audit = old.prepare(
      `INSERT INTO audit_log (document_id, seq, participant_id, role, at, action, amendment_id, delegation, inserted, deleted, decision, before_state)
       VALUES (?, ?, 'chair', 'chair', 'x', ?, ?, 'MEX', '', '', ?, ?)`,
    );
    audit.run('b', 4, 'accepted', 'MEX:aaaaaaaa', 1, Buffer.from([0, 0]));
    audit.run('a', null, 'status', null, 2, null);
    // a's snapshot covers its first two updates (global 1 and 3), taken when global 4 was the last.
    const snapshot = new Y.Doc();
    Y.applyUpdate(snapshot, a[0]!);
    Y.applyUpdate(snapshot, a[1]!);
    old.prepare("INSERT INTO document_snapshots VALUES ('a', ?, 4, 'x')").run(Buffer.from(Y.encodeStateAsUpdate(snapshot)));
    old.close();

    const store = new SqliteStore(file);
    expect((await store.listUpdates('a')).map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.listUpdates('b')).map((u) => u.seq)).toEqual([1, 2, 3]);
    expect((await store.listUpdates('a')).map((u) => [...u.update])).toEqual(a.map((u) => [...u]));
    expect((await store.listUpdates('b')).map((u) => [...u.update])).toEqual(b.map((u) => [...u]));

    const [decision] = await store.listAudit('b');
    expect(decision).toMatchObject({ seq: 2, amendmentId: 'MEX:aaaaaaaa', undoable: true });
    expect([...(await store.getDecision('b', decision!.decision))!.update!]).toEqual([...b[1]!]);
    expect([...(await store.listDecisionUpdates('b')).keys()]).toEqual([2]);
    expect(await store.listAudit('a')).toEqual([expect.objectContaining({ seq: null, action: 'status' })]);

    // The snapshot now says "a's first two", so loading replays exactly the other two.
    const state = await store.loadDocumentState('a');
    expect(state.snapshot).not.toBeNull();
    expect(state.updates.map((u) => u.seq)).toEqual([3, 4]);
    expect(restoreDocument(state).getText('t').toString()).toBe('one two three four');
    expect(restoreDocument(await store.loadDocumentState('b')).getText('t').toString()).toBe('uno dos tres');

    // Appends go on from each document's own last number.
    const [more] = typist(['five']);
    expect(await store.appendUpdates('b', [{ update: more!, author, newClients: [] }])).toBe(4);
    await store.close();

    const db = new Database(file);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      SQLITE_MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
    db.close();
  });

  it('records each step once: opening again applies nothing', async () => {
    const file = freshFile();
    const store = new SqliteStore(file);
    const d = await store.createDocument({ title: 'T', symbol: '', kind: 'other', restricted: false }, typist(['x'])[0]!, []);
    await store.close();
    const db = openDatabase(file);
    expect(migrateSqlite(db)).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(SQLITE_MIGRATIONS.length);
    db.close();
    const reopened = new SqliteStore(file);
    expect((await reopened.listUpdates(d.id)).map((u) => u.seq)).toEqual([1]);
    await reopened.close();
  });

  it('rolls a failing step back entirely and does not record it; the next run applies it', () => {
    const db = openDatabase(':memory:');
    let fail = true;
    const steps = [
      { version: 1, name: 'a table', up: (d: Database.Database) => d.exec('CREATE TABLE t (x INTEGER)') },
      {
        version: 2, name: 'a column', up: (d: Database.Database) => {
          d.exec('ALTER TABLE t ADD COLUMN y INTEGER');
          if (fail) throw new Error('disk on fire');
        },
      },
    ];
    expect(() => migrateSqlite(db, steps)).toThrow('disk on fire');
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
    expect((db.prepare('PRAGMA table_info(t)').all() as { name: string }[]).map((c) => c.name)).toEqual(['x']);
    fail = false;
    expect(migrateSqlite(db, steps)).toEqual([2]);
    db.close();
  });

  it('refuses a file written by a newer Accord', () => {
    const file = freshFile();
    const db = openDatabase(file);
    migrateSqlite(db);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')").run();
    db.close();
    expect(() => new SqliteStore(file)).toThrow(/schema version 99, newer than this Accord knows/);
  });
});
