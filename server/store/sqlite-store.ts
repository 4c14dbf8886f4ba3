import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { InvitationRecord, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { DocumentChange, DocumentKind, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import type { NewParticipant, Participant, ParticipantChange, Role } from '../../shared/participants.ts';
import { SYSTEM_AUTHOR, type AuditEntry, type AuditRecord, type RevisionRecord, type Store, type StoredDocumentState, type StoredChange, type StoredUpdate, type UpdateAuthor } from './store.ts';
import { ParticipantLog, PARTICIPANT_LOG_SCHEMA, type ParticipantLogLine } from './participant-log.ts';
import { DEFAULT_SESSION_LIFETIME, migrateSessions, Sessions, type SessionLifetime } from './sessions.ts';
import { openDatabase, UpdateLog } from './update-log.ts';
import { inlineWriter, ThreadedWriter, type UpdateLogWriter } from './update-log-writer.ts';

const SCHEMA = `
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
`;

interface ParticipantRow { id: string; name: string; role: Role; delegation: string | null; created_at: string; revoked_at: string | null }
interface InvitationRow { id: string; participant_id: string; created_at: string; revoked_at: string | null; last_used_at: string | null }
interface DocumentRow { id: string; title: string; symbol: string; kind: DocumentKind; restricted: number; updated_at: string }
interface UpdateRow { seq: number; update_data: Buffer; participant_id: string; role: UpdateAuthor['role']; delegation: string | null; at: string }

interface RevisionRow { id: string; document_id: string; number: number; name: string; note: string; snapshot: Buffer; created_by: string; created_at: string }

const now = () => new Date().toISOString();
const toRevision = (r: RevisionRow): RevisionRecord => ({
  id: r.id, documentId: r.document_id, number: r.number, name: r.name, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
});
const toParticipant = (r: ParticipantRow): Participant => ({ id: r.id, name: r.name, role: r.role, delegation: r.delegation });
const toInvitation = (r: InvitationRow): InvitationRecord => ({ id: r.id, createdAt: r.created_at, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at });
const toDocument = (r: DocumentRow): DocumentSummary => ({
  id: r.id, title: r.title, symbol: r.symbol, kind: r.kind, restricted: r.restricted === 1, updatedAt: r.updated_at,
});
const toUpdate = (r: UpdateRow): StoredUpdate => ({
  seq: r.seq,
  update: new Uint8Array(r.update_data),
  author: { participantId: r.participant_id, role: r.role, delegation: r.delegation },
  at: r.at,
});

/**
 * The embedded store: one SQLite file under DATA_DIR, every write committed with fsync. The
 * documents' update log, written at typing speed, goes through its own connection on a writer
 * thread; everything else (reads, participants, sessions, revisions) through this one.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  /** Prepared once: compiling a statement costs more than running most of these. */
  private readonly statements = new Map<string, Database.Statement>();
  /** The update log on this connection: a new document's first state is written with its row. */
  private readonly log: UpdateLog;
  private readonly writer: UpdateLogWriter;
  private readonly participantLog: ParticipantLog;
  private readonly sessions: Sessions;

  constructor(file: string, options: { sessions?: SessionLifetime } = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = openDatabase(file);
    this.db.exec(SCHEMA + PARTICIPANT_LOG_SCHEMA);
    migrateSessions(this.db);
    this.participantLog = new ParticipantLog(this.db);
    this.sessions = new Sessions(this.db, options.sessions ?? DEFAULT_SESSION_LIFETIME);
    this.log = new UpdateLog(this.db);
    // An in-memory database cannot be shared with another connection.
    this.writer = file === ':memory:' ? inlineWriter(this.log) : new ThreadedWriter(file);
  }

  /**
   * Starts the writer thread and resolves once it can write; rejects with the reason if it
   * cannot. The server waits for this before it listens; a command that only reads never starts it.
   */
  ready(): Promise<void> {
    return this.writer.ready();
  }

  /**
   * A transaction that writes, holding the write lock from its first statement. A deferred one
   * that reads first could not wait for the writer thread's lock: SQLite refuses ("database is
   * locked") to turn a read into a write while another connection writes or has just written.
   */
  private writing<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) this.statements.set(source, (statement = this.db.prepare(source)));
    return statement;
  }

  /** The pragmas in force, for the start-up check and its test. */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  async isEmpty(): Promise<boolean> {
    const row = this.sql('SELECT (SELECT count(*) FROM participants) + (SELECT count(*) FROM documents) AS n').get() as { n: number };
    return row.n === 0;
  }

  /** Writes a line of the participants' log, inside the caller's transaction. */
  private logged(actor: UpdateAuthor, line: ParticipantLogLine): void {
    this.participantLog.record(actor, line, now());
  }

  async createParticipant(input: NewParticipant, actor = SYSTEM_AUTHOR): Promise<Participant> {
    const row: ParticipantRow = {
      id: randomUUID(), name: input.name, role: input.role, delegation: input.delegation ?? null, created_at: now(), revoked_at: null,
    };
    return this.writing(() => {
      this.sql('INSERT INTO participants VALUES (@id, @name, @role, @delegation, @created_at, @revoked_at)').run(row);
      this.logged(actor, { action: 'created', participant: toParticipant(row) });
      return toParticipant(row);
    });
  }

  async listParticipantLog(): Promise<ParticipantLogRecord[]> {
    return this.participantLog.list();
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    const row = this.sql('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  async listParticipants(): Promise<ParticipantRecord[]> {
    const rows = this.sql('SELECT * FROM participants ORDER BY role, delegation, name').all() as ParticipantRow[];
    return rows.map((r) => this.toRecord(r));
  }

  private toRecord(row: ParticipantRow): ParticipantRecord {
    const invitations = this.db
      .prepare('SELECT * FROM invitations WHERE participant_id = ? ORDER BY created_at')
      .all(row.id) as InvitationRow[];
    return { ...toParticipant(row), createdAt: row.created_at, revokedAt: row.revoked_at, invitations: invitations.map(toInvitation) };
  }

  async updateParticipant(id: string, change: ParticipantChange, actor = SYSTEM_AUTHOR): Promise<Participant | null> {
    return this.writing(() => {
      const row = this.sql('SELECT * FROM participants WHERE id = ? AND revoked_at IS NULL').get(id) as ParticipantRow | undefined;
      if (!row) return null;
      const next = { ...row, ...change, delegation: change.delegation === undefined ? row.delegation : change.delegation };
      this.sql('UPDATE participants SET name = ?, role = ?, delegation = ? WHERE id = ?').run(next.name, next.role, next.delegation, id);
      if (next.role !== row.role || next.delegation !== row.delegation) this.sql('DELETE FROM sessions WHERE participant_id = ?').run(id);
      this.logged(actor, { action: 'changed', participant: toParticipant(next), previous: toParticipant(row) });
      return toParticipant(next);
    });
  }

  async revokeParticipant(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    return this.writing(() => {
      const at = now();
      const changed = this.sql('UPDATE participants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes;
      this.sql('UPDATE invitations SET revoked_at = ? WHERE participant_id = ? AND revoked_at IS NULL').run(at, id);
      this.sql('DELETE FROM sessions WHERE participant_id = ?').run(id);
      const row = this.sql('SELECT * FROM participants WHERE id = ?').get(id) as ParticipantRow | undefined;
      if (changed > 0 && row) this.logged(actor, { action: 'revoked', participant: toParticipant(row) });
      return changed > 0;
    });
  }

  async createInvitation(participantId: string, tokenHash: string, actor = SYSTEM_AUTHOR): Promise<InvitationRecord> {
    const row: InvitationRow = { id: randomUUID(), participant_id: participantId, created_at: now(), revoked_at: null, last_used_at: null };
    return this.writing(() => {
      this.sql('INSERT INTO invitations (id, participant_id, token_hash, created_at) VALUES (?, ?, ?, ?)').run(row.id, participantId, tokenHash, row.created_at);
      const owner = this.sql('SELECT * FROM participants WHERE id = ?').get(participantId) as ParticipantRow | undefined;
      if (owner) this.logged(actor, { action: 'link-issued', participant: toParticipant(owner), invitationId: row.id });
      return toInvitation(row);
    });
  }

  async redeemInvitation(tokenHash: string): Promise<Participant | null> {
    const row = this.db
      .prepare(
        `SELECT p.*, i.id AS invitation_id FROM invitations i JOIN participants p ON p.id = i.participant_id
         WHERE i.token_hash = ? AND i.revoked_at IS NULL AND p.revoked_at IS NULL`,
      )
      .get(tokenHash) as (ParticipantRow & { invitation_id: string }) | undefined;
    if (!row) return null;
    this.sql('UPDATE invitations SET last_used_at = ? WHERE id = ?').run(now(), row.invitation_id);
    return toParticipant(row);
  }

  async revokeInvitation(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    return this.writing(() => {
      const changed = this.sql('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), id).changes > 0;
      const owner = this.sql('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = ?').get(id) as ParticipantRow | undefined;
      if (changed && owner) this.logged(actor, { action: 'link-revoked', participant: toParticipant(owner), invitationId: id });
      return changed;
    });
  }

  async invitationParticipant(id: string): Promise<ParticipantRecord | null> {
    const owner = this.sql('SELECT p.* FROM invitations i JOIN participants p ON p.id = i.participant_id WHERE i.id = ?').get(id) as ParticipantRow | undefined;
    return owner ? this.toRecord(owner) : null;
  }

  async createSession(participantId: string, sessionHash: string): Promise<void> {
    this.sessions.create(participantId, sessionHash);
  }

  async findSession(sessionHash: string): Promise<Participant | null> {
    return this.sessions.find(sessionHash);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    this.sessions.delete(sessionHash);
  }

  async createDocument(input: NewDocument, initialState: Uint8Array | null, clients: number[]): Promise<DocumentSummary> {
    const at = now();
    const row: DocumentRow = {
      id: randomUUID(), title: input.title, symbol: input.symbol, kind: input.kind, restricted: input.restricted ? 1 : 0, updated_at: at,
    };
    this.writing(() => {
      this.sql('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.id, row.title, row.symbol, row.kind, row.restricted, at, at);
      if (initialState) this.log.insertUpdate(row.id, initialState, SYSTEM_AUTHOR, clients, at);
    });
    return toDocument(row);
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const row = this.sql('SELECT * FROM documents WHERE id = ?').get(id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    return (this.sql('SELECT * FROM documents ORDER BY created_at, title').all() as DocumentRow[]).map(toDocument);
  }

  async updateDocument(id: string, change: DocumentChange): Promise<DocumentSummary | null> {
    const current = await this.getDocument(id);
    if (!current) return null;
    const next = { ...current, ...change };
    this.db
      .prepare('UPDATE documents SET title = ?, symbol = ?, restricted = ?, updated_at = ? WHERE id = ?')
      .run(next.title, next.symbol, next.restricted ? 1 : 0, now(), id);
    return this.getDocument(id);
  }

  async loadDocumentState(documentId: string): Promise<StoredDocumentState> {
    return this.db.transaction(() => {
      const snap = this.sql('SELECT state, upto_seq FROM document_snapshots WHERE document_id = ?').get(documentId) as
        | { state: Buffer; upto_seq: number }
        | undefined;
      const updates = this.selectUpdates(documentId, snap?.upto_seq ?? 0);
      const clientRows = this.sql('SELECT client_id, participant_id FROM document_clients WHERE document_id = ?').all(documentId) as {
        client_id: number;
        participant_id: string;
      }[];
      return {
        snapshot: snap ? new Uint8Array(snap.state) : null,
        updates,
        clients: new Map(clientRows.map((r) => [r.client_id, r.participant_id])),
      };
    })();
  }

  appendUpdates(documentId: string, changes: readonly StoredChange[]): Promise<number> {
    return this.writer.append(documentId, changes);
  }

  async recordAudit(documentId: string, author: UpdateAuthor, audit: readonly AuditEntry[]): Promise<void> {
    if (audit.length === 0) return;
    this.writing(() => {
      const at = now();
      const record = this.sql(
        `INSERT INTO audit_log (document_id, seq, participant_id, role, at, action, amendment_id, delegation, inserted, deleted, pid, because, status, detail)
         VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const e of audit) {
        record.run(documentId, author.participantId, author.role, at, e.action, e.amendmentId, e.delegation, e.inserted, e.deleted, e.pid, e.because, e.status, e.detail ?? null);
      }
    });
  }

  async listAudit(documentId: string): Promise<AuditRecord[]> {
    const rows = this.sql('SELECT * FROM audit_log WHERE document_id = ? ORDER BY id').all(documentId) as {
      id: number; seq: number | null; participant_id: string; role: string; at: string; action: AuditEntry['action'];
      amendment_id: string | null; delegation: string | null; inserted: string; deleted: string; pid: string | null; because: string | null; status: string | null; detail: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id, seq: r.seq, participantId: r.participant_id, role: r.role, at: r.at, action: r.action, amendmentId: r.amendment_id,
      delegation: r.delegation, inserted: r.inserted, deleted: r.deleted, pid: r.pid, because: r.because, status: r.status, detail: r.detail,
    }));
  }

  async createRevision(documentId: string, input: { name?: string; note: string }, snapshot: Uint8Array, createdBy: string): Promise<RevisionRecord> {
    return this.writing(() => {
      const { next } = this.sql('SELECT coalesce(max(number), 0) + 1 AS next FROM revisions WHERE document_id = ?').get(documentId) as { next: number };
      const record: RevisionRecord = {
        id: randomUUID(), documentId, number: next, name: input.name?.trim() || `Rev.${next}`, note: input.note, createdBy, createdAt: now(),
      };
      this.db
        .prepare('INSERT INTO revisions VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(record.id, documentId, record.number, record.name, record.note, Buffer.from(snapshot), createdBy, record.createdAt);
      return record;
    });
  }

  async listRevisions(documentId: string): Promise<RevisionRecord[]> {
    const rows = this.sql('SELECT * FROM revisions WHERE document_id = ? ORDER BY number').all(documentId) as RevisionRow[];
    return rows.map(toRevision);
  }

  async getRevision(documentId: string, revisionId: string): Promise<{ record: RevisionRecord; snapshot: Uint8Array } | null> {
    const row = this.sql('SELECT * FROM revisions WHERE document_id = ? AND id = ?').get(documentId, revisionId) as RevisionRow | undefined;
    return row ? { record: toRevision(row), snapshot: new Uint8Array(row.snapshot) } : null;
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<StoredUpdate[]> {
    return this.selectUpdates(documentId, afterSeq);
  }

  private selectUpdates(documentId: string, afterSeq: number): StoredUpdate[] {
    const rows = this.db
      .prepare('SELECT seq, update_data, participant_id, role, delegation, at FROM document_updates WHERE document_id = ? AND seq > ? ORDER BY seq')
      .all(documentId, afterSeq) as UpdateRow[];
    return rows.map(toUpdate);
  }

  compact(documentId: string, state: Uint8Array, uptoSeq: number): Promise<void> {
    return this.writer.snapshot(documentId, state, uptoSeq);
  }

  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) this.db.close();
  }
}
