import type Database from 'better-sqlite3';

/**
 * The SQLite file's schema as numbered steps, each applied once, in order, in a transaction
 * of its own, and recorded in `schema_migrations`. A step is never edited once released: a
 * change to the schema is a new step at the end.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** The tables as they stood when versions began, with the update log's one global counter. */
const INITIAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT,
  created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS invitations (
  id TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id),
  token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
  session_hash TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id), created_at TEXT NOT NULL,
  last_seen_at TEXT
);
CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, symbol TEXT NOT NULL, kind TEXT NOT NULL,
  restricted INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS document_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id),
  update_data BLOB NOT NULL, participant_id TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS document_updates_by_document ON document_updates(document_id, seq);
CREATE TABLE IF NOT EXISTS document_snapshots (
  document_id TEXT PRIMARY KEY REFERENCES documents(id), state BLOB NOT NULL, upto_seq INTEGER NOT NULL, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, document_id TEXT NOT NULL REFERENCES documents(id), seq INTEGER,
  participant_id TEXT NOT NULL, role TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, amendment_id TEXT,
  delegation TEXT, inserted TEXT NOT NULL, deleted TEXT NOT NULL, pid TEXT, because TEXT, status TEXT, detail TEXT
);
CREATE TABLE IF NOT EXISTS revisions (
  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), number INTEGER NOT NULL, name TEXT NOT NULL,
  note TEXT NOT NULL, snapshot BLOB NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (document_id, number)
);
CREATE INDEX IF NOT EXISTS audit_log_by_document ON audit_log(document_id, id);
CREATE TABLE IF NOT EXISTS document_clients (
  document_id TEXT NOT NULL REFERENCES documents(id), client_id INTEGER NOT NULL, participant_id TEXT NOT NULL,
  PRIMARY KEY (document_id, client_id)
);
CREATE TABLE IF NOT EXISTS participant_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
  action TEXT NOT NULL, participant_id TEXT NOT NULL, invitation_id TEXT,
  name TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT,
  previous_name TEXT, previous_role TEXT, previous_delegation TEXT
);
`;

const columnsOf = (db: Database.Database, table: string): Set<string> =>
  new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));

/**
 * Version 1: today's schema before versions. Files written before then carry no version but
 * may lack what later releases added at open (the participants' log, sessions' last use, the
 * audit log's decision columns), so this step must stay safe to run on any of them: it creates
 * only what is missing and adds only missing columns. Such a file thus becomes version 1.
 */
function initialSchema(db: Database.Database): void {
  db.exec(INITIAL_SCHEMA);
  // Sessions expire on last use since a later release; until then a session was last used when made.
  if (!columnsOf(db, 'sessions').has('last_seen_at')) {
    db.exec('ALTER TABLE sessions ADD COLUMN last_seen_at TEXT');
    db.exec('UPDATE sessions SET last_seen_at = created_at');
  }
  // `decision` groups the rows of one decision (the id of its first row), `undoes` names the
  // decision an undo undid, `before_state` is the text's Yjs snapshot just before a decision.
  if (!columnsOf(db, 'audit_log').has('decision')) {
    db.exec('ALTER TABLE audit_log ADD COLUMN decision INTEGER');
    db.exec('ALTER TABLE audit_log ADD COLUMN undoes INTEGER');
    db.exec('ALTER TABLE audit_log ADD COLUMN before_state BLOB');
    // Rows written before: those committed with one update were one decision.
    db.exec(`UPDATE audit_log SET decision = coalesce(
      (SELECT min(a.id) FROM audit_log a WHERE a.document_id = audit_log.document_id AND a.seq = audit_log.seq), id)`);
  }
  db.exec('CREATE INDEX IF NOT EXISTS audit_log_by_decision ON audit_log(document_id, decision)');
}

/**
 * Version 2: each document numbers its updates 1, 2, 3… instead of sharing one counter with
 * every other document: a document's history reads the same whichever database holds it, and
 * several processes can write different documents without contending for one counter. The
 * rows are renumbered in their order; the audit rows and snapshots that name a seq follow.
 */
function perDocumentSeq(db: Database.Database): void {
  db.exec(`
    CREATE TEMP TABLE renumbered AS
      SELECT seq AS old_seq, document_id, row_number() OVER (PARTITION BY document_id ORDER BY seq) AS new_seq FROM document_updates;
    CREATE UNIQUE INDEX temp.renumbered_by_old ON renumbered(old_seq);
    ALTER TABLE document_updates RENAME TO document_updates_global;
    CREATE TABLE document_updates (
      document_id TEXT NOT NULL REFERENCES documents(id), seq INTEGER NOT NULL,
      update_data BLOB NOT NULL, participant_id TEXT NOT NULL, role TEXT NOT NULL, delegation TEXT, at TEXT NOT NULL,
      PRIMARY KEY (document_id, seq)
    );
    INSERT INTO document_updates (document_id, seq, update_data, participant_id, role, delegation, at)
      SELECT u.document_id, r.new_seq, u.update_data, u.participant_id, u.role, u.delegation, u.at
      FROM document_updates_global u JOIN renumbered r ON r.old_seq = u.seq ORDER BY u.seq;
    DROP TABLE document_updates_global;
    -- An audit row names the update that carried its decision. One that names no update of its
    -- own document (none was ever written so) would otherwise come to name an unrelated later one.
    UPDATE audit_log SET seq = (SELECT r.new_seq FROM renumbered r WHERE r.old_seq = audit_log.seq AND r.document_id = audit_log.document_id)
      WHERE seq IS NOT NULL;
    -- A snapshot holds every update of its document up to its seq: the last of them, renumbered.
    UPDATE document_snapshots SET upto_seq = coalesce(
      (SELECT max(r.new_seq) FROM renumbered r WHERE r.document_id = document_snapshots.document_id AND r.old_seq <= document_snapshots.upto_seq), 0);
    DROP TABLE temp.renumbered;
  `);
}

/**
 * Version 3: organizations (issue 16). The Secretariat records the organizations a meeting
 * invites; a participant of role `organization` carries one's code in `participants.delegation`.
 * A row of `document_organizations` is the Chair's word that an organization proposes amendments
 * on a document; without one it reads.
 */
const ORGANIZATIONS = `
CREATE TABLE IF NOT EXISTS organizations (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS document_organizations (
  document_id TEXT NOT NULL REFERENCES documents(id), organization_code TEXT NOT NULL REFERENCES organizations(code),
  allowed_by TEXT NOT NULL, allowed_at TEXT NOT NULL, PRIMARY KEY (document_id, organization_code)
);
`;

/**
 * Version 4: each participant's language (issue 17), the one the interface, the server's
 * messages and the exports speak to them in. A table of its own: a preference, not part of who
 * the participant is or what they may do. No row: never chosen (the browser's guess serves).
 */
const PARTICIPANT_LANGUAGES = `
CREATE TABLE IF NOT EXISTS participant_languages (
  participant_id TEXT PRIMARY KEY REFERENCES participants(id),
  language TEXT NOT NULL CHECK (language IN ('es', 'en', 'fr', 'pt')),
  chosen_at TEXT NOT NULL
);
`;

/**
 * Version 5: calls for contributions (issue 16). The Secretariat opens a call on a document with
 * a deadline and the parties invited (delegation or organization codes); each party's
 * contributions are kept, the withdrawn and the replaced ones too (`withdrawn_at`); a party the
 * Secretariat lets contribute after the deadline is in `call_late_parties`, and what it then
 * submits is marked late.
 */
const CALLS = `
CREATE TABLE IF NOT EXISTS calls (
  id TEXT PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id), title TEXT NOT NULL, deadline TEXT NOT NULL,
  opened_by TEXT NOT NULL, opened_at TEXT NOT NULL, published_at TEXT
);
CREATE INDEX IF NOT EXISTS calls_by_document ON calls(document_id, opened_at);
CREATE TABLE IF NOT EXISTS call_invitees (call_id TEXT NOT NULL REFERENCES calls(id), party TEXT NOT NULL, PRIMARY KEY (call_id, party));
CREATE TABLE IF NOT EXISTS call_late_parties (
  call_id TEXT NOT NULL REFERENCES calls(id), party TEXT NOT NULL, allowed_by TEXT NOT NULL, allowed_at TEXT NOT NULL, PRIMARY KEY (call_id, party)
);
CREATE TABLE IF NOT EXISTS contributions (
  id TEXT PRIMARY KEY, call_id TEXT NOT NULL REFERENCES calls(id), party TEXT NOT NULL, submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL, body TEXT NOT NULL, late INTEGER NOT NULL, withdrawn_at TEXT
);
CREATE INDEX IF NOT EXISTS contributions_by_call ON contributions(call_id, submitted_at);
`;

/**
 * Version 6: language versions of a text (issue 17). A document's language, and for a version
 * the original it translates (no row: an English original); for each paragraph of a version,
 * the fingerprints of the original's and its own agreed words when the Secretariat last said
 * they agree (shared/i18n/language-versions.ts).
 */
const LANGUAGE_VERSIONS = `
CREATE TABLE IF NOT EXISTS document_languages (
  document_id TEXT PRIMARY KEY REFERENCES documents(id), language TEXT NOT NULL CHECK (language IN ('es', 'en', 'fr', 'pt')),
  original_id TEXT REFERENCES documents(id)
);
CREATE INDEX IF NOT EXISTS document_languages_by_original ON document_languages(original_id);
CREATE TABLE IF NOT EXISTS paragraph_alignments (
  document_id TEXT NOT NULL REFERENCES documents(id), pid TEXT NOT NULL, source_hash TEXT NOT NULL, own_hash TEXT NOT NULL,
  aligned_by TEXT NOT NULL, aligned_at TEXT NOT NULL, PRIMARY KEY (document_id, pid)
);
`;

/**
 * Version 7: the consolidated draft a call's contributions became (issue 16): which call a
 * document was compiled from, and each paragraph's sources (the parties whose contributions it
 * takes its wording from, comma-separated codes).
 */
const COMPILATIONS = `
CREATE TABLE IF NOT EXISTS compilations (
  document_id TEXT PRIMARY KEY REFERENCES documents(id), call_id TEXT NOT NULL REFERENCES calls(id), compiled_by TEXT NOT NULL, compiled_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paragraph_sources (document_id TEXT NOT NULL REFERENCES documents(id), pid TEXT NOT NULL, sources TEXT NOT NULL, PRIMARY KEY (document_id, pid));
`;

/**
 * Version 8: working copies (issue 16). A party invited to a call proposes its contribution on a
 * private copy of the call's text: the copy is a document with a row here (one per call and
 * party). A contribution submitted from it names it and keeps the paragraphs it amended, as
 * submitted (JSON: pid, the paragraph with the party's marks, its words as proposed).
 */
function workingCopies(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS working_copies (
      document_id TEXT PRIMARY KEY REFERENCES documents(id), call_id TEXT NOT NULL REFERENCES calls(id), party TEXT NOT NULL,
      created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (call_id, party)
    );
  `);
  const columns = columnsOf(db, 'contributions');
  if (!columns.has('working_copy_id')) db.exec('ALTER TABLE contributions ADD COLUMN working_copy_id TEXT REFERENCES documents(id)');
  if (!columns.has('working_copy_paragraphs')) db.exec('ALTER TABLE contributions ADD COLUMN working_copy_paragraphs TEXT');
}

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  { version: 1, name: 'initial schema', up: initialSchema },
  { version: 2, name: 'per-document update numbers', up: perDocumentSeq },
  { version: 3, name: 'organizations', up: (db) => db.exec(ORGANIZATIONS) },
  { version: 4, name: 'participant languages', up: (db) => db.exec(PARTICIPANT_LANGUAGES) },
  { version: 5, name: 'calls for contributions', up: (db) => db.exec(CALLS) },
  { version: 6, name: 'language versions', up: (db) => db.exec(LANGUAGE_VERSIONS) },
  { version: 7, name: 'compilations', up: (db) => db.exec(COMPILATIONS) },
  { version: 8, name: 'working copies', up: workingCopies },
];

/**
 * Brings the file up to the last version. Each step runs in a write transaction that first
 * checks the step is still missing, so two processes opening the file at once (the server and
 * the CLI) apply it once. Refuses a file written by a newer Accord. Returns the versions applied.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const known = migrations.at(-1)?.version ?? 0;
  const recorded = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const newest = Math.max(0, ...recorded);
  if (newest > known) throw new Error(`the database is at schema version ${newest}, newer than this Accord knows (${known}): run a newer Accord`);
  const applied: number[] = [];
  // Only a missing step takes the write lock: the CLI opening the file of a running server waits for nothing.
  for (const migration of migrations.filter((m) => !recorded.has(m.version))) {
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return;
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
