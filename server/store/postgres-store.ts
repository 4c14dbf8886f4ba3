import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { InvitationRecord, ParticipantLogRecord, ParticipantRecord } from '../../shared/api.ts';
import type { DocumentChange, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import type { CallRecord, ContributionRecord, DocumentSources, NewCall } from '../../shared/calls.ts';
import type { NewOrganization, Organization, OrganizationChange } from '../../shared/organizations.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { NewParticipant, Participant, ParticipantChange } from '../../shared/participants.ts';
import type { RecordedDecision } from './audit-table.ts';
import { insertDecisionRows, PostgresAudit } from './postgres-audit.ts';
import type { Fence } from './fence.ts';
import { checkDurability, durabilityOf, inTransaction, openPool } from './postgres-connection.ts';
import { checkFence } from './postgres-fence.ts';
import { PostgresLeases } from './postgres-leases.ts';
import { migratePostgres } from './postgres-migrations.ts';
import { PostgresCalls } from './postgres-calls.ts';
import { readSourcesPostgres, type NewCompilation } from './compilation-rows.ts';
import { PostgresOrganizations } from './postgres-organizations.ts';
import { PostgresParticipants } from './postgres-participants.ts';
import { PostgresSessions } from './postgres-sessions.ts';
import { PostgresUpdateLog } from './postgres-update-log.ts';
import { DEFAULT_SESSION_LIFETIME, type SessionLifetime } from './sessions.ts';
import {
  SYSTEM_AUTHOR, type AuditEntry, type AuditRecord, type HistoryUsage, type RevisionRecord, type Store, type StoredChange,
  type StoredDocumentState, type StoredUpdate, type UpdateAuthor,
} from './store.ts';
import type { DocumentLanguage, ParagraphAlignment } from '../../shared/i18n/language-versions.ts';
import { PostgresLanguageVersions } from './postgres-language-versions.ts';
import type { SubmittedWorkingCopy } from '../../shared/working-copy.ts';
import type { NewWorkingCopy } from './working-copy-rows.ts';
import { PostgresDocuments } from './postgres-documents.ts';

interface RevisionRow { id: string; document_id: string; number: number; name: string; note: string; created_by: string; created_at: string }

const now = () => new Date().toISOString();
const REVISION_COLUMNS = 'id, document_id, number, name, note, created_by, created_at';
const toRevision = (r: RevisionRow): RevisionRecord => ({
  id: r.id, documentId: r.document_id, number: r.number, name: r.name, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
});

/**
 * The server database: PostgreSQL at DATABASE_URL, for deployments that outgrow one process.
 * The same behaviour as the SQLite store (the contract suite runs against both); every method
 * resolves once its transaction is committed with `synchronous_commit = on`, i.e. on disk.
 *
 * The schema is migrated and durability checked on first use (or `ready()`); every method
 * waits for that, and fails with its reason if it failed.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  private readonly log: PostgresUpdateLog;
  private readonly participants: PostgresParticipants;
  private readonly organizations: PostgresOrganizations;
  private readonly languageVersions_: PostgresLanguageVersions;
  private readonly calls: PostgresCalls;
  private readonly documents: PostgresDocuments;
  private readonly sessions: PostgresSessions;
  private readonly audit: PostgresAudit;
  /** Which process is each document's authority; the fences every write may carry come from here. */
  readonly leases: PostgresLeases;
  private opening: Promise<void> | null = null;
  private closing: Promise<void> | null = null;

  constructor(databaseUrl: string, options: { sessions?: SessionLifetime } = {}) {
    this.pool = openPool(databaseUrl);
    this.log = new PostgresUpdateLog(this.pool, () => this.ready());
    this.participants = new PostgresParticipants(this.pool);
    this.organizations = new PostgresOrganizations(this.pool);
    this.languageVersions_ = new PostgresLanguageVersions(this.pool);
    this.calls = new PostgresCalls(this.pool);
    this.documents = new PostgresDocuments(this.pool);
    this.sessions = new PostgresSessions(this.pool, options.sessions ?? DEFAULT_SESSION_LIFETIME);
    this.audit = new PostgresAudit(this.pool);
    this.leases = new PostgresLeases(this.pool, () => this.ready());
  }

  ready(): Promise<void> {
    this.opening ??= (async () => {
      await checkDurability(this.pool);
      await migratePostgres(this.pool);
    })();
    return this.opening;
  }

  async answers(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** The settings in force on the pool's connections, for the start-up check's test. */
  durability(): Promise<{ synchronousCommit: string; fsync: string }> {
    return durabilityOf(this.pool);
  }

  async isEmpty(): Promise<boolean> {
    await this.ready();
    const { rows } = await this.pool.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM participants) AND NOT EXISTS (SELECT 1 FROM documents) AS empty');
    return rows[0]!.empty;
  }

  async createParticipant(input: NewParticipant, actor = SYSTEM_AUTHOR): Promise<Participant> {
    await this.ready();
    return this.participants.create(input, actor);
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    await this.ready();
    return this.participants.get(id);
  }

  async listParticipants(): Promise<ParticipantRecord[]> {
    await this.ready();
    return this.participants.list();
  }

  async updateParticipant(id: string, change: ParticipantChange, actor = SYSTEM_AUTHOR): Promise<Participant | null> {
    await this.ready();
    return this.participants.update(id, change, actor);
  }

  async revokeParticipant(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    await this.ready();
    return this.participants.revoke(id, actor);
  }

  async listParticipantLog(): Promise<ParticipantLogRecord[]> {
    await this.ready();
    return this.participants.listLog();
  }

  async documentLanguage(documentId: string): Promise<DocumentLanguage | null> {
    await this.ready();
    return this.languageVersions_.get(documentId);
  }

  async setDocumentLanguage(documentId: string, language: Language, originalId: string | null): Promise<boolean> {
    await this.ready();
    return this.languageVersions_.set(documentId, language, originalId);
  }

  async languageVersions(originalId: string): Promise<DocumentLanguage[]> {
    await this.ready();
    return this.languageVersions_.versionsOf(originalId);
  }

  async paragraphAlignments(documentId: string): Promise<ParagraphAlignment[]> {
    await this.ready();
    return this.languageVersions_.alignments(documentId);
  }

  async alignParagraphs(documentId: string, alignments: readonly ParagraphAlignment[], by: string): Promise<void> {
    await this.ready();
    await this.languageVersions_.align(documentId, alignments, by);
  }

  async participantLanguage(participantId: string): Promise<Language | null> {
    await this.ready();
    const { rows: [row] } = await this.pool.query<{ language: Language }>('SELECT language FROM participant_languages WHERE participant_id = $1', [participantId]);
    return row?.language ?? null;
  }

  async setParticipantLanguage(participantId: string, language: Language): Promise<boolean> {
    await this.ready();
    // One statement: a participant that does not exist inserts nothing, so nothing changes.
    const { rowCount } = await this.pool.query(
      `INSERT INTO participant_languages (participant_id, language, chosen_at) SELECT id, $2, now() FROM participants WHERE id = $1
       ON CONFLICT (participant_id) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at`,
      [participantId, language],
    );
    return (rowCount ?? 0) > 0;
  }

  async createOrganization(input: NewOrganization): Promise<Organization | null> {
    await this.ready();
    return this.organizations.create(input);
  }

  async getOrganization(code: string): Promise<Organization | null> {
    await this.ready();
    return this.organizations.get(code);
  }

  async listOrganizations(): Promise<Organization[]> {
    await this.ready();
    return this.organizations.list();
  }

  async renameOrganization(code: string, change: OrganizationChange): Promise<Organization | null> {
    await this.ready();
    return this.organizations.rename(code, change);
  }

  async proposingOrganizations(documentId: string): Promise<string[]> {
    await this.ready();
    return this.organizations.proposing(documentId);
  }

  async setOrganizationProposes(documentId: string, code: string, proposes: boolean, allowedBy: string): Promise<boolean> {
    await this.ready();
    return this.organizations.setProposes(documentId, code, proposes, allowedBy);
  }

  async createCall(documentId: string, input: NewCall, openedBy: string, at: string): Promise<CallRecord> {
    await this.ready();
    return this.calls.create(documentId, input, openedBy, at);
  }

  async getCall(id: string): Promise<CallRecord | null> {
    await this.ready();
    return this.calls.get(id);
  }

  async listCalls(documentId: string): Promise<CallRecord[]> {
    await this.ready();
    return this.calls.list(documentId);
  }

  async publishCall(id: string, at: string): Promise<CallRecord | null> {
    await this.ready();
    return this.calls.publish(id, at);
  }

  async allowLateContribution(callId: string, party: string, allowedBy: string, at: string): Promise<boolean> {
    await this.ready();
    return this.calls.allowLate(callId, party, allowedBy, at);
  }

  async submitContribution(callId: string, party: string, submittedBy: string, body: string, late: boolean, at: string, workingCopy?: SubmittedWorkingCopy): Promise<ContributionRecord> {
    await this.ready();
    return this.calls.submit(callId, party, submittedBy, body, late, at, workingCopy);
  }

  async withdrawContribution(callId: string, party: string, at: string): Promise<boolean> {
    await this.ready();
    return this.calls.withdraw(callId, party, at);
  }

  async listContributions(callId: string): Promise<ContributionRecord[]> {
    await this.ready();
    return this.calls.contributions(callId);
  }

  async createInvitation(participantId: string, tokenHash: string, actor = SYSTEM_AUTHOR): Promise<InvitationRecord> {
    await this.ready();
    return this.participants.createInvitation(participantId, tokenHash, actor);
  }

  async redeemInvitation(tokenHash: string): Promise<Participant | null> {
    await this.ready();
    return this.participants.redeemInvitation(tokenHash);
  }

  async revokeInvitation(id: string, actor = SYSTEM_AUTHOR): Promise<boolean> {
    await this.ready();
    return this.participants.revokeInvitation(id, actor);
  }

  async invitationParticipant(id: string): Promise<ParticipantRecord | null> {
    await this.ready();
    return this.participants.invitationParticipant(id);
  }

  async createSession(participantId: string, sessionHash: string): Promise<void> {
    await this.ready();
    await this.sessions.create(participantId, sessionHash);
  }

  async findSession(sessionHash: string): Promise<Participant | null> {
    await this.ready();
    return this.sessions.find(sessionHash);
  }

  async deleteSession(sessionHash: string): Promise<void> {
    await this.ready();
    await this.sessions.delete(sessionHash);
  }

  async documentSources(documentId: string): Promise<DocumentSources | null> {
    await this.ready();
    return readSourcesPostgres(this.pool, documentId);
  }

  async createDocument(input: NewDocument, initialState: Uint8Array | null, clients: number[], compilation?: NewCompilation): Promise<DocumentSummary> {
    await this.ready();
    return this.documents.create(input, initialState, clients, compilation);
  }

  async createWorkingCopy(copy: NewWorkingCopy, input: NewDocument, initialState: Uint8Array, clients: number[]): Promise<{ document: DocumentSummary; created: boolean }> {
    await this.ready();
    return this.documents.createWorkingCopy(copy, input, initialState, clients);
  }

  async findWorkingCopy(callId: string, party: string): Promise<DocumentSummary | null> {
    await this.ready();
    return this.documents.findWorkingCopy(callId, party);
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    await this.ready();
    return this.documents.get(id);
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    await this.ready();
    return this.documents.list();
  }

  async updateDocument(id: string, change: DocumentChange): Promise<DocumentSummary | null> {
    await this.ready();
    return this.documents.update(id, change);
  }

  async loadDocumentState(documentId: string): Promise<StoredDocumentState> {
    await this.ready();
    return this.log.load(documentId);
  }

  appendUpdates(documentId: string, changes: readonly StoredChange[], fence?: Fence): Promise<number> {
    // Handed to the log at once, not after an await: a close() asked for next must find it queued.
    return this.log.append(documentId, changes, fence);
  }

  async historyUsage(documentId: string): Promise<HistoryUsage[]> {
    await this.ready();
    return this.log.usage(documentId);
  }

  async recordAudit(documentId: string, author: UpdateAuthor, audit: readonly AuditEntry[], fence?: Fence): Promise<void> {
    if (audit.length === 0) return;
    await this.ready();
    await inTransaction(this.pool, async (client) => {
      await checkFence(client, documentId, fence);
      await insertDecisionRows(client, documentId, null, author, now(), audit);
    });
  }

  async listAudit(documentId: string): Promise<AuditRecord[]> {
    await this.ready();
    return this.audit.list(documentId);
  }

  async getDecision(documentId: string, decision: number): Promise<RecordedDecision | null> {
    await this.ready();
    return this.audit.decision(documentId, decision);
  }

  async listDecisionUpdates(documentId: string): Promise<Map<number, Uint8Array>> {
    await this.ready();
    return this.audit.decisionUpdates(documentId);
  }

  async createRevision(
    documentId: string, input: { name?: string; note: string }, snapshot: Uint8Array, createdBy: string, fence?: Fence,
  ): Promise<RevisionRecord> {
    await this.ready();
    return inTransaction(this.pool, async (client) => {
      await checkFence(client, documentId, fence);
      // The document's row lock: two revisions asked for at once take numbers one after the other.
      await client.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [documentId]);
      const { rows: [counted] } = await client.query<{ next: number }>('SELECT coalesce(max(number), 0) + 1 AS next FROM revisions WHERE document_id = $1', [documentId]);
      const next = counted!.next;
      const record: RevisionRecord = {
        id: randomUUID(), documentId, number: next, name: input.name?.trim() || `Rev.${next}`, note: input.note, createdBy, createdAt: now(),
      };
      await client.query(
        'INSERT INTO revisions (id, document_id, number, name, note, snapshot, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [record.id, documentId, record.number, record.name, record.note, snapshot, createdBy, record.createdAt],
      );
      return record;
    });
  }

  async listRevisions(documentId: string): Promise<RevisionRecord[]> {
    await this.ready();
    const { rows } = await this.pool.query<RevisionRow>(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE document_id = $1 ORDER BY number`, [documentId]);
    return rows.map(toRevision);
  }

  async getRevision(documentId: string, revisionId: string): Promise<{ record: RevisionRecord; snapshot: Uint8Array } | null> {
    await this.ready();
    const { rows: [row] } = await this.pool.query<RevisionRow & { snapshot: Buffer }>(
      `SELECT ${REVISION_COLUMNS}, snapshot FROM revisions WHERE document_id = $1 AND id = $2`, [documentId, revisionId],
    );
    return row ? { record: toRevision(row), snapshot: new Uint8Array(row.snapshot) } : null;
  }

  async listUpdates(documentId: string, afterSeq = 0): Promise<StoredUpdate[]> {
    await this.ready();
    return this.log.list(documentId, afterSeq);
  }

  compact(documentId: string, state: Uint8Array, uptoSeq: number, fence?: Fence): Promise<void> {
    return this.log.snapshot(documentId, state, uptoSeq, fence);
  }

  /** Finishes the writes already asked for, then closes the connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.log.close();
      // Opening may still be under way (a store closed at once): its queries must not outlive the pool.
      await this.opening?.catch(() => undefined);
      await this.pool.end();
    })();
    return this.closing;
  }
}
