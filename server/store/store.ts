import type { DocumentChange, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import type { AuditEntry as AuditLine, AuditRecord, InvitationRecord, ParticipantLogRecord, ParticipantRecord, RevisionRecord } from '../../shared/api.ts';
import type { RecordedDecision } from './audit-table.ts';
import type { Fence } from './fence.ts';

export type { AuditRecord, Fence, ParticipantLogRecord, RecordedDecision, RevisionRecord };

/** An audit line as the server records it. */
export interface AuditEntry extends AuditLine {
  /**
   * The text's Yjs snapshot just before the decision (kept with its first row): with the update
   * that carried the decision, it is what undoing the decision needs. Never sent to clients.
   */
  before?: Uint8Array | null;
}
import type { CallRecord, ContributionRecord, DocumentSources, NewCall } from '../../shared/calls.ts';
import type { NewCompilation } from './compilation-rows.ts';
import type { NewWorkingCopy } from './working-copy-rows.ts';
import type { SubmittedWorkingCopy } from '../../shared/working-copy.ts';
import type { NewOrganization, Organization, OrganizationChange } from '../../shared/organizations.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { NewParticipant, Participant, ParticipantChange, Role } from '../../shared/participants.ts';
import type { DocumentLanguage, ParagraphAlignment } from '../../shared/i18n/language-versions.ts';

/** Who sent a stored update: the audit trail of every change to a document. */
export interface UpdateAuthor {
  /** A participant id, or SYSTEM_AUTHOR for the server's own changes (seeding, decisions). */
  participantId: string;
  role: Role | 'system';
  delegation: string | null;
}

export const SYSTEM_AUTHOR: UpdateAuthor = { participantId: 'system', role: 'system', delegation: null };
/** Whoever runs the server, acting from the command line. */
export const OPERATOR: UpdateAuthor = { participantId: 'operator', role: 'system', delegation: null };

/** An accepted update as it is committed: who sent it, the client ids it introduces, why (decisions). */
export interface StoredChange {
  update: Uint8Array;
  author: UpdateAuthor;
  newClients: readonly number[];
  audit?: readonly AuditEntry[];
}

export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
  author: UpdateAuthor;
  at: string;
}

/** Everything needed to rebuild a document: the last snapshot and the updates after it. */
/** How much of a document's history one participant wrote: what the Secretariat reads when a document fills up. */
export interface HistoryUsage {
  participantId: string;
  updates: number;
  /** Encoded bytes of the updates it sent, as stored. */
  bytes: number;
  lastAt: string;
}

export interface StoredDocumentState {
  snapshot: Uint8Array | null;
  updates: StoredUpdate[];
  /** Yjs client ids seen in this document, each bound to the participant who first used it. */
  clients: Map<number, string>;
}

/**
 * All persistence behind one interface, so a server database can replace the embedded one
 * without touching rooms or routes. Every method resolves only once its write is durable.
 *
 * The writes that change a document's history (appendUpdates, recordAudit, createRevision,
 * compact) take an optional `fence`: the document's lease as the writing process holds it. A
 * store several processes share (PostgreSQL) checks it in the write's own transaction and throws
 * LeaseLost, writing nothing, if another process took the lease over. Without a fence (one
 * process, the command line) nothing is checked; SQLite, opened by one process, ignores it.
 */
export interface Store {
  /** Which database holds the data (GET /api/health says it). */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Resolves once writes can be made (the database reached, its schema migrated, durability
   * checked); rejects with the reason if they cannot. The server waits for it before it listens.
   */
  ready(): Promise<void>;
  /** Whether the database answers a query now (GET /api/health asks). */
  answers(): Promise<boolean>;
  isEmpty(): Promise<boolean>;

  /*
   * Every change to a participant or its links is written to the participants' log with who
   * made it (`actor`, SYSTEM_AUTHOR when not given), in the same transaction.
   */
  createParticipant(input: NewParticipant, actor?: UpdateAuthor): Promise<Participant>;
  getParticipant(id: string): Promise<ParticipantRecord | null>;
  listParticipants(): Promise<ParticipantRecord[]>;
  /**
   * Changes a participant's name, role or delegation. A change of role or delegation ends its
   * sessions (its links stay valid): whoever holds them signs in again as what they now are.
   */
  updateParticipant(id: string, change: ParticipantChange, actor?: UpdateAuthor): Promise<Participant | null>;
  /** Revokes the participant, its invitations and its sessions; false if unknown. */
  revokeParticipant(id: string, actor?: UpdateAuthor): Promise<boolean>;
  /** Who created, changed or revoked whom, oldest first. */
  listParticipantLog(): Promise<ParticipantLogRecord[]>;

  /** Records an organization; null if its code is taken. */
  createOrganization(input: NewOrganization): Promise<Organization | null>;
  getOrganization(code: string): Promise<Organization | null>;
  /** By code. */
  listOrganizations(): Promise<Organization[]>;
  renameOrganization(code: string, change: OrganizationChange): Promise<Organization | null>;
  /** The codes of the organizations the Chair lets propose amendments on a document, in order. */
  proposingOrganizations(documentId: string): Promise<string[]>;
  /**
   * Lets an organization propose amendments on a document (`allowedBy`, the Chair's participant
   * id, is kept with it) or stops it; false, changing nothing, if either is unknown.
   */
  setOrganizationProposes(documentId: string, code: string, proposes: boolean, allowedBy: string): Promise<boolean>;

  /** A document's language and original (null: never said — an English original). */
  documentLanguage(documentId: string): Promise<DocumentLanguage | null>;
  /** Says a document's language, and which document it is a version of; false, changing nothing, if either is unknown. */
  setDocumentLanguage(documentId: string, language: Language, originalId: string | null): Promise<boolean>;
  /** The versions of an original, by language. */
  languageVersions(originalId: string): Promise<DocumentLanguage[]>;
  /** What the Secretariat last confirmed for each paragraph of a version. */
  paragraphAlignments(documentId: string): Promise<ParagraphAlignment[]>;
  /** Records paragraphs of a version as aligned with the original (`by`: the participant). */
  alignParagraphs(documentId: string, alignments: readonly ParagraphAlignment[], by: string): Promise<void>;

  /** The language a participant chose, or null if they never chose one. */
  participantLanguage(participantId: string): Promise<Language | null>;
  /** Keeps a participant's language; false, changing nothing, if there is no such participant. */
  setParticipantLanguage(participantId: string, language: Language): Promise<boolean>;

  /*
   * Calls for contributions (shared/calls.ts). `at` is the server's time of the act; who may do
   * what, and when, is the routes' to check; the store keeps every contribution, withdrawn or not.
   */
  createCall(documentId: string, input: NewCall, openedBy: string, at: string): Promise<CallRecord>;
  getCall(id: string): Promise<CallRecord | null>;
  /** A document's calls, oldest first. */
  listCalls(documentId: string): Promise<CallRecord[]>;
  /** Makes the contributions visible to all (once: a second publication keeps the first time); null if no such call. */
  publishCall(id: string, at: string): Promise<CallRecord | null>;
  /** Lets an invited party contribute after the deadline; false if the party is not invited (or no such call). */
  allowLateContribution(callId: string, party: string, allowedBy: string, at: string): Promise<boolean>;
  /**
   * Submits the party's contribution, replacing (withdrawing) its standing one in the same
   * transaction. `workingCopy`: one proposed in the app, its copy and the paragraphs it amended.
   */
  submitContribution(callId: string, party: string, submittedBy: string, body: string, late: boolean, at: string, workingCopy?: SubmittedWorkingCopy): Promise<ContributionRecord>;
  /** Withdraws the party's standing contribution; false if it has none. */
  withdrawContribution(callId: string, party: string, at: string): Promise<boolean>;
  /** Every contribution to the call, withdrawn ones included, oldest first. */
  listContributions(callId: string): Promise<ContributionRecord[]>;

  createInvitation(participantId: string, tokenHash: string, actor?: UpdateAuthor): Promise<InvitationRecord>;
  /** The live invitation with this hash and its (unrevoked) participant, marking it used. */
  redeemInvitation(tokenHash: string): Promise<Participant | null>;
  revokeInvitation(id: string, actor?: UpdateAuthor): Promise<boolean>;
  /** The participant an invitation signs in, or null if there is no such invitation. */
  invitationParticipant(id: string): Promise<ParticipantRecord | null>;

  createSession(participantId: string, sessionHash: string): Promise<void>;
  /** The participant of a live session, or null if the session or the participant is revoked. */
  findSession(sessionHash: string): Promise<Participant | null>;
  deleteSession(sessionHash: string): Promise<void>;

  /** With `compilation`, the document is a call's consolidated draft: its call and sources are written in the same transaction. */
  createDocument(input: NewDocument, initialState: Uint8Array | null, clients: number[], compilation?: NewCompilation): Promise<DocumentSummary>;
  /**
   * A party's working copy for a call (issue 16), made from `initialState` if the party has none
   * yet; if it has one, that one, and nothing is written (`created` says which). One per call
   * and party, even when two of its participants ask at once.
   */
  createWorkingCopy(copy: NewWorkingCopy, input: NewDocument, initialState: Uint8Array, clients: number[]): Promise<{ document: DocumentSummary; created: boolean }>;
  /** The party's working copy for the call, if it has one. */
  findWorkingCopy(callId: string, party: string): Promise<DocumentSummary | null>;
  /** The call a document was compiled from and its paragraphs' sources; null if it was not compiled. */
  documentSources(documentId: string): Promise<DocumentSources | null>;
  getDocument(id: string): Promise<DocumentSummary | null>;
  listDocuments(): Promise<DocumentSummary[]>;
  updateDocument(id: string, change: DocumentChange): Promise<DocumentSummary | null>;

  loadDocumentState(documentId: string): Promise<StoredDocumentState>;
  /**
   * Appends accepted updates in order, binds the new client ids they introduce and records the
   * audit entries that explain them, all in one transaction (one disk flush for a batch): all
   * are stored or none. Resolves with the sequence number of the last: each document numbers its
   * updates 1, 2, 3… (its first state, if it had one, is 1), in the order the appends were asked for.
   */
  appendUpdates(documentId: string, changes: readonly StoredChange[], fence?: Fence): Promise<number>;
  /** Every participant's share of a document's stored history, largest first. */
  historyUsage(documentId: string): Promise<HistoryUsage[]>;
  /**
   * Records decisions that changed no text (a status already set, a revision identical to the
   * live text): no update explains them, so their rows have no seq. Every decision is logged.
   */
  recordAudit(documentId: string, author: UpdateAuthor, audit: readonly AuditEntry[], fence?: Fence): Promise<void>;
  listAudit(documentId: string): Promise<AuditRecord[]>;
  /** One decision (by its number) with what undoing it needs; null if there is none. */
  getDecision(documentId: string, decision: number): Promise<RecordedDecision | null>;
  /** The updates that carried decisions, by seq. */
  listDecisionUpdates(documentId: string): Promise<Map<number, Uint8Array>>;

  /** Records a revision: the next number, the given name or `Rev.N`, and its snapshot. */
  createRevision(documentId: string, input: { name?: string; note: string }, snapshot: Uint8Array, createdBy: string, fence?: Fence): Promise<RevisionRecord>;
  listRevisions(documentId: string): Promise<RevisionRecord[]>;
  getRevision(documentId: string, revisionId: string): Promise<{ record: RevisionRecord; snapshot: Uint8Array } | null>;
  /** The updates of a document with seq > afterSeq, in order: the audit log. */
  listUpdates(documentId: string, afterSeq?: number): Promise<StoredUpdate[]>;
  /** Replaces the snapshot by `state`, which must contain every update up to `uptoSeq`. */
  compact(documentId: string, state: Uint8Array, uptoSeq: number, fence?: Fence): Promise<void>;

  close(): Promise<void>;
}
