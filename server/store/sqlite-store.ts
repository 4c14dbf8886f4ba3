import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { InvitationRecord, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { DocumentChange, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import type { CallRecord, ContributionRecord, DocumentSources, NewCall } from '../../shared/calls.ts';
import type { NewOrganization, Organization, OrganizationChange } from '../../shared/organizations.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { NewParticipant, Participant, ParticipantChange } from '../../shared/participants.ts';
import { SYSTEM_AUTHOR, type AuditEntry, type AuditRecord, type RevisionRecord, type HistoryUsage, type Store, type StoredDocumentState, type StoredChange, type StoredUpdate, type UpdateAuthor } from './store.ts';
import { AuditTable, insertDecisionRows, type RecordedDecision } from './audit-table.ts';
import { CallTable } from './call-table.ts';
import { readSourcesSqlite, type NewCompilation } from './compilation-rows.ts';
import { OrganizationTable } from './organization-table.ts';
import { ParticipantTable } from './participant-table.ts';
import { DEFAULT_SESSION_LIFETIME, Sessions, type SessionLifetime } from './sessions.ts';
import { migrateSqlite } from './sqlite-migrations.ts';
import { openDatabase, UpdateLog } from './update-log.ts';
import { inlineWriter, ThreadedWriter, type UpdateLogWriter } from './update-log-writer.ts';
import type { DocumentLanguage, ParagraphAlignment } from '../../shared/i18n/language-versions.ts';
import { LanguageVersionTable } from './language-version-table.ts';
import type { SubmittedWorkingCopy } from '../../shared/working-copy.ts';
import type { NewWorkingCopy } from './working-copy-rows.ts';
import { DocumentTable } from './document-table.ts';

interface UpdateRow { seq: number; update_data: Buffer; participant_id: string; role: UpdateAuthor['role']; delegation: string | null; at: string }

interface RevisionRow { id: string; document_id: string; number: number; name: string; note: string; snapshot: Buffer; created_by: string; created_at: string }

const now = () => new Date().toISOString();
const toRevision = (r: RevisionRow): RevisionRecord => ({
  id: r.id, documentId: r.document_id, number: r.number, name: r.name, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
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
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  /** Prepared once: compiling a statement costs more than running most of these. */
  private readonly statements = new Map<string, Database.Statement>();
  /** The update log on this connection: a new document's first state is written with its row. */
  private readonly log: UpdateLog;
  private readonly writer: UpdateLogWriter;
  private readonly participants: ParticipantTable;
  private readonly organizations: OrganizationTable;
  private readonly languageVersions_: LanguageVersionTable;
  private readonly calls: CallTable;
  private readonly documents: DocumentTable;
  private readonly sessions: Sessions;
  private readonly audit: AuditTable;

  constructor(file: string, options: { sessions?: SessionLifetime } = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = openDatabase(file);
    try {
      migrateSqlite(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.audit = new AuditTable(this.db);
    this.participants = new ParticipantTable(this.db, (work) => this.writing(work));
    this.organizations = new OrganizationTable(this.db, (work) => this.writing(work));
    this.languageVersions_ = new LanguageVersionTable(this.db, (work) => this.writing(work));
    this.calls = new CallTable(this.db, (work) => this.writing(work));
    this.sessions = new Sessions(this.db, options.sessions ?? DEFAULT_SESSION_LIFETIME);
    this.log = new UpdateLog(this.db);
    this.documents = new DocumentTable(this.db, (work) => this.writing(work), (source) => this.sql(source), this.log);
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

  /** A file in this process: it answers while it is open. */
  async answers(): Promise<boolean> {
    return this.db.open;
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

  async createParticipant(input: NewParticipant, actor = SYSTEM_AUTHOR): Promise<Participant> {
    return this.participants.create(input, actor);
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    return this.participants.get(id);
  }

  async listParticipants(): Promise<ParticipantRecord[]> {
    return this.participants.list();
  }

  async updateParticipant(id: string, change: ParticipantChange, actor = SYSTEM_AUTHOR): Promise<Participant | null> {
    return this.participants.update(id, change, actor);
  }

  async revokeParticipant(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    return this.participants.revoke(id, actor);
  }

  async listParticipantLog(): Promise<ParticipantLogRecord[]> {
    return this.participants.listLog();
  }

  async createOrganization(input: NewOrganization): Promise<Organization | null> {
    return this.organizations.create(input);
  }

  async getOrganization(code: string): Promise<Organization | null> {
    return this.organizations.get(code);
  }

  async listOrganizations(): Promise<Organization[]> {
    return this.organizations.list();
  }

  async renameOrganization(code: string, change: OrganizationChange): Promise<Organization | null> {
    return this.organizations.rename(code, change);
  }

  async proposingOrganizations(documentId: string): Promise<string[]> {
    return this.organizations.proposing(documentId);
  }

  async setOrganizationProposes(documentId: string, code: string, proposes: boolean, allowedBy: string): Promise<boolean> {
    return this.organizations.setProposes(documentId, code, proposes, allowedBy);
  }

  async documentLanguage(documentId: string): Promise<DocumentLanguage | null> {
    return this.languageVersions_.get(documentId);
  }

  async setDocumentLanguage(documentId: string, language: Language, originalId: string | null): Promise<boolean> {
    return this.languageVersions_.set(documentId, language, originalId);
  }

  async languageVersions(originalId: string): Promise<DocumentLanguage[]> {
    return this.languageVersions_.versionsOf(originalId);
  }

  async paragraphAlignments(documentId: string): Promise<ParagraphAlignment[]> {
    return this.languageVersions_.alignments(documentId);
  }

  async alignParagraphs(documentId: string, alignments: readonly ParagraphAlignment[], by: string): Promise<void> {
    this.languageVersions_.align(documentId, alignments, by);
  }

  async participantLanguage(participantId: string): Promise<Language | null> {
    const row = this.db.prepare('SELECT language FROM participant_languages WHERE participant_id = ?').get(participantId) as { language: Language } | undefined;
    return row?.language ?? null;
  }

  async setParticipantLanguage(participantId: string, language: Language): Promise<boolean> {
    return this.writing(() => {
      if (!this.db.prepare('SELECT 1 FROM participants WHERE id = ?').get(participantId)) return false;
      this.db
        .prepare('INSERT INTO participant_languages (participant_id, language, chosen_at) VALUES (?, ?, ?) ON CONFLICT (participant_id) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at')
        .run(participantId, language, new Date().toISOString());
      return true;
    });
  }

  async createCall(documentId: string, input: NewCall, openedBy: string, at: string): Promise<CallRecord> {
    return this.calls.create(documentId, input, openedBy, at);
  }

  async getCall(id: string): Promise<CallRecord | null> {
    return this.calls.get(id);
  }

  async listCalls(documentId: string): Promise<CallRecord[]> {
    return this.calls.list(documentId);
  }

  async publishCall(id: string, at: string): Promise<CallRecord | null> {
    return this.calls.publish(id, at);
  }

  async allowLateContribution(callId: string, party: string, allowedBy: string, at: string): Promise<boolean> {
    return this.calls.allowLate(callId, party, allowedBy, at);
  }

  async submitContribution(callId: string, party: string, submittedBy: string, body: string, late: boolean, at: string, workingCopy?: SubmittedWorkingCopy): Promise<ContributionRecord> {
    return this.calls.submit(callId, party, submittedBy, body, late, at, workingCopy);
  }

  async withdrawContribution(callId: string, party: string, at: string): Promise<boolean> {
    return this.calls.withdraw(callId, party, at);
  }

  async listContributions(callId: string): Promise<ContributionRecord[]> {
    return this.calls.contributions(callId);
  }

  async createInvitation(participantId: string, tokenHash: string, actor = SYSTEM_AUTHOR): Promise<InvitationRecord> {
    return this.participants.createInvitation(participantId, tokenHash, actor);
  }

  async redeemInvitation(tokenHash: string): Promise<Participant | null> {
    return this.participants.redeemInvitation(tokenHash);
  }

  async revokeInvitation(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    return this.participants.revokeInvitation(id, actor);
  }

  async invitationParticipant(id: string): Promise<ParticipantRecord | null> {
    return this.participants.invitationParticipant(id);
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

  async documentSources(documentId: string): Promise<DocumentSources | null> {
    return readSourcesSqlite(this.db, documentId);
  }

  async createDocument(input: NewDocument, initialState: Uint8Array | null, clients: number[], compilation?: NewCompilation): Promise<DocumentSummary> {
    return this.documents.create(input, initialState, clients, compilation);
  }

  async createWorkingCopy(copy: NewWorkingCopy, input: NewDocument, initialState: Uint8Array, clients: number[]): Promise<{ document: DocumentSummary; created: boolean }> {
    return this.documents.createWorkingCopy(copy, input, initialState, clients);
  }

  async findWorkingCopy(callId: string, party: string): Promise<DocumentSummary | null> {
    return this.documents.findWorkingCopy(callId, party);
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    return this.documents.get(id);
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    return this.documents.list();
  }

  async updateDocument(id: string, change: DocumentChange): Promise<DocumentSummary | null> {
    return this.documents.update(id, change);
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

  async historyUsage(documentId: string): Promise<HistoryUsage[]> {
    const rows = this.sql(
      `SELECT participant_id, count(*) AS updates, sum(length(update_data)) AS bytes, max(at) AS last_at
       FROM document_updates WHERE document_id = ? GROUP BY participant_id ORDER BY bytes DESC`,
    ).all(documentId) as { participant_id: string; updates: number; bytes: number; last_at: string }[];
    return rows.map((r) => ({ participantId: r.participant_id, updates: r.updates, bytes: r.bytes, lastAt: r.last_at }));
  }

  async recordAudit(documentId: string, author: UpdateAuthor, audit: readonly AuditEntry[]): Promise<void> {
    if (audit.length === 0) return;
    this.writing(() => insertDecisionRows(this.db, documentId, null, author, now(), audit));
  }

  async listAudit(documentId: string): Promise<AuditRecord[]> {
    return this.audit.list(documentId);
  }

  async getDecision(documentId: string, decision: number): Promise<RecordedDecision | null> {
    return this.audit.decision(documentId, decision);
  }

  async listDecisionUpdates(documentId: string): Promise<Map<number, Uint8Array>> {
    return this.audit.decisionUpdates(documentId);
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
