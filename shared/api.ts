import { z } from 'zod';
import type { DocumentSummary } from './documents.ts';
import type { Participant, Role } from './participants.ts';

/**
 * The REST API's shapes, shared by the server and the client.
 *
 *   GET    /api/health                         200 {ready:true, store, node, postgres?, redis?} | 503 (not ready, or a configured server does not answer)
 *   POST   /api/session {token}                200 Participant (sets the session cookie) | 401
 *   GET    /api/me                             200 Participant | 401
 *   GET    /api/roster                         200 Participant[] (names behind amendment authors)
 *   DELETE /api/session                        204 (cookie cleared)
 *   GET    /api/documents                      200 DocumentSummary[] (those the caller may open)
 *   POST   /api/documents NewDocument          201 DocumentSummary           (chair, secretariat)
 *   PATCH  /api/documents/:id DocumentChange   200 DocumentSummary           (chair, secretariat)
 *   GET    /api/participants                   200 ParticipantRecord[]       (chair, secretariat)
 *   POST   /api/participants NewParticipant    201 {participant, invitation: IssuedInvitation}
 *   POST   /api/participants/:id/invitations   201 IssuedInvitation (a new sign-in link)
 *   PATCH  /api/participants/:id ParticipantChange  200 Participant (a new role or delegation ends its sessions)
 *   DELETE /api/participants/:id               204 (participant, its links and sessions revoked)
 *   DELETE /api/invitations/:id                204 (one link revoked)
 *   GET    /api/participants/log               200 ParticipantLogRecord[] (chair, secretariat)
 *          (only the Chair makes, changes or revokes a Chair and its links: shared/duties.ts)
 *   POST   /api/documents/:id/decisions Decision | Decision[]   200 {decided, statusChanges} (chair)
 *          (shared/negotiation/decisions.ts: accept/reject an amendment, a paragraph's, a
 *          delegation's or all; set a paragraph open/agreed/adref) | 409 nothing matches |
 *          409 {error, pid, pending: [{id, delegation, shape}]} a paragraph to agree still
 *          holds pending amendments (decide them first, in the same request if need be)
 *   POST   /api/documents/:id/decisions/:decision/undo   200 {undone, restored} (chair);
 *          409 {error} when it cannot be undone (already undone, an undo, or its words are gone)
 *   GET    /api/documents/:id/audit            200 AuditRecord[] (chair, secretariat)
 *   GET    /api/documents/:id/revisions        200 RevisionRecord[]
 *   POST   /api/documents/:id/revisions {name?, note}   201 RevisionRecord (chair, secretariat)
 *   GET    /api/documents/:id/revisions/:rid?view=      200 RevisionText
 *   POST   /api/documents/:id/revisions/:rid/restore    200 RevisionRecord (chair; the live text becomes it)
 *   GET    /api/documents/:id/compare?from=&to=         200 Comparison (a revision id or `live` each)
 *   GET    /api/documents/:id/export?format=&variant=&revision=   the file (docx, html, md, pdf)
 *   GET    /api/documents/:id/compare/export?from=&to=&format=    the comparison as a file
 *   POST   /api/documents/import (multipart: file, title, symbol, kind)  201 DocumentSummary (secretariat, chair)
 *   POST   /api/documents/:id/word (multipart: file[, confirm])  200 WordPreview | 201 {created} (who may propose;
 *          server/routes/word-upload.ts: the Word round trip)
 *   GET/POST /api/organizations, PATCH /api/organizations/:code, GET /api/documents/:id/organizations,
 *   PUT    /api/documents/:id/organizations/:code {proposes}  (server/routes/organizations.ts)
 *   GET/POST /api/documents/:id/calls, GET /api/calls/:id, POST|DELETE /api/calls/:id/contributions,
 *   POST   /api/calls/:id/late {party}, POST /api/calls/:id/publish  (server/routes/calls.ts, shared/calls.ts)
 *   POST|GET /api/calls/:id/working-copy, POST /api/calls/:id/contributions/working-copy  (a party's
 *          private copy of the text and its amendments as its contribution: server/routes/working-copies.ts,
 *          shared/working-copy.ts; who reaches a copy: shared/access.ts)
 *
 * Errors answer {error: string, issues?: [...]} with 400, 401, 403, 404 or 409.
 */

export const signInSchema = z.object({ token: z.string().trim().min(16).max(200) }).strict();

export interface ApiError {
  error: string;
  issues?: { path: string; message: string }[];
}

/** An invitation link as issued: the token is shown once and stored only as a hash. */
export interface IssuedInvitation {
  id: string;
  token: string;
  url: string;
}

export interface InvitationRecord {
  id: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ParticipantRecord extends Participant {
  createdAt: string;
  revokedAt: string | null;
  invitations: InvitationRecord[];
}

/** What was done to a participant or one of its sign-in links. */
export type ParticipantAction = 'created' | 'changed' | 'revoked' | 'link-issued' | 'link-revoked';

/** One line of the participants' log: who created, changed or revoked whom, and when. */
export interface ParticipantLogRecord {
  id: number;
  at: string;
  /** A participant id, `system` (the demo seed) or `operator` (the command line). */
  actorId: string;
  actorRole: string;
  action: ParticipantAction;
  participantId: string;
  invitationId: string | null;
  /** The participant after the change… */
  name: string;
  role: string;
  delegation: string | null;
  /** …and, for a change, before it. */
  previous: { name: string; role: string; delegation: string | null } | null;
}

/** One line of a document's audit log: a decision of the Chair and what it did. */
export interface AuditEntry {
  /** `undone`: the Chair undid an earlier decision (`undoes`); its rows name what came back. */
  action: 'accepted' | 'rejected' | 'status' | 'restored' | 'undone';
  amendmentId: string | null;
  /** The proposer of the amendment decided. */
  delegation: string | null;
  inserted: string;
  deleted: string;
  pid: string | null;
  /** For an alternative rejected because another was accepted: that one's id. */
  because: string | null;
  /** For a status decision: the new status. */
  status: string | null;
  /**
   * For a restore: the revision restored (its head row), or `set aside` / `brought back` for an
   * amendment the restore removed or returned. For an undo: the action undone.
   */
  detail?: string | null;
  /** For an undo: the decision undone (its number). */
  undoes?: number | null;
}

/** A frozen state of a document (Rev.1, Rev.2 …): a Yjs snapshot of the live document. */
export interface RevisionRecord {
  id: string;
  documentId: string;
  number: number;
  name: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

/** An audit log line as stored and as GET /api/documents/:id/audit answers it. */
export interface AuditRecord extends AuditEntry {
  id: number;
  /**
   * The decision this row belongs to: the id of its first row. One request of the Chair (a
   * bulk decision on 44 amendments, a restore) is one decision, undone as a whole.
   */
  decision: number;
  seq: number | null;
  participantId: string;
  role: string;
  at: string;
  undoes: number | null;
  /** The undo that undid this row's decision, if any. */
  undoneBy: number | null;
  /** The Chair may undo this row's decision (see POST /decisions/:decision/undo). */
  undoable: boolean;
}

/** One of the three views of a text: every bracket, as if all accepted, as if all rejected. */
export const textViewSchema = z.enum(['compilation', 'clean', 'agreed']);
export type TextView = z.infer<typeof textViewSchema>;

/** A revision opened in a view: its text as ProseMirror JSON of the shared schema. */
export interface RevisionText {
  revision: RevisionRecord;
  content: Record<string, unknown>;
  /** Amendment id → the delegations supporting it. */
  supporters: Record<string, string[]>;
}

export type { DocumentSummary, Participant, Role };
