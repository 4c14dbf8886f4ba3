import { partyOf } from './calls.ts';
import type { DocumentSummary } from './documents.ts';
import { managesWorkspace, type Participant } from './participants.ts';

/**
 * What a participant may do with a document: nothing (it is not told the document exists),
 * read it, or work on it (what that allows, the rules for its role decide, as everywhere).
 */
export type DocumentAccess = 'none' | 'read' | 'write';

/** What of a document the rule reads: all in its summary, so every route and the socket apply the same. */
export type AccessedDocument = Pick<DocumentSummary, 'restricted' | 'workingCopy' | 'invitedParties'>;

/**
 * Restricted documents (drafts being prepared) are for the Chair and the Secretariat, who work
 * on them; a delegation or organization invited to a call for contributions on one reads it (the
 * text it is asked to contribute to, and to make its working copy of), never changes it, and
 * keeps reading it once the deadline has passed: it was asked on this text, its contribution is
 * read against it, and the Secretariat may yet accept it late. Everyone else is not told it exists.
 * A party's working copy for a call (issue 16) is its own: its delegation or organization
 * works on it; the Chair and the Secretariat read it once the call's contributions are
 * published (until then they see only what the party submits, at compilation), and never
 * change it; nobody else reaches it.
 */
export function documentAccess(participant: Pick<Participant, 'role' | 'delegation'>, document: AccessedDocument): DocumentAccess {
  const copy = document.workingCopy;
  if (copy) {
    if (partyOf(participant) === copy.party) return 'write';
    return managesWorkspace(participant.role) && copy.contributionsPublished ? 'read' : 'none';
  }
  if (!document.restricted || managesWorkspace(participant.role)) return 'write';
  return readsByInvitation(participant, document) ? 'read' : 'none';
}

/** Whether the participant reads a restricted document only as a party invited to a call on it. */
export function readsByInvitation(participant: Pick<Participant, 'role' | 'delegation'>, document: AccessedDocument): boolean {
  const party = partyOf(participant);
  return document.restricted && !document.workingCopy && !managesWorkspace(participant.role) && party !== null && (document.invitedParties ?? []).includes(party);
}

/**
 * The participant as the sync socket serves it on a document: as it is where it may work, as an
 * observer where it may only read (the judge then refuses every change of its), and not at all
 * (null) where it may not open the document. The socket admits by it, and the sweep of open
 * sockets compares with it, so a reader is not mistaken for a participant whose role changed.
 */
export function servedParticipant<P extends Pick<Participant, 'role' | 'delegation'>>(participant: P, document: AccessedDocument): P | null {
  const access = documentAccess(participant, document);
  if (access === 'none') return null;
  return access === 'read' ? { ...participant, role: 'observer' } : participant;
}

export function mayOpenDocument(participant: Pick<Participant, 'role' | 'delegation'>, document: AccessedDocument): boolean {
  return documentAccess(participant, document) !== 'none';
}
