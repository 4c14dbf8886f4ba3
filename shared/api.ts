import { z } from 'zod';
import type { DocumentSummary } from './documents.ts';
import type { Participant, Role } from './participants.ts';

/**
 * The REST API's shapes, shared by the server and the client.
 *
 *   GET    /api/health                         200 {ready:true} | 503 {ready:false}
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
 *   POST   /api/documents/:id/decisions Decision | Decision[]   200 {decided, statusChanges} (chair)
 *          (shared/negotiation/decisions.ts: accept/reject an amendment, a paragraph's, a
 *          delegation's or all; set a paragraph open/agreed/adref) | 409 nothing matches
 *   GET    /api/documents/:id/audit            200 AuditRecord[] (chair, secretariat)
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

export type { DocumentSummary, Participant, Role };
