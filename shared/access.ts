import { partyOf } from './calls.ts';
import type { DocumentSummary } from './documents.ts';
import { managesWorkspace, type Participant } from './participants.ts';

/**
 * What a participant may do with a document: nothing (it is not told the document exists),
 * read it, or work on it (what that allows, the rules for its role decide, as everywhere).
 */
export type DocumentAccess = 'none' | 'read' | 'write';

/**
 * Restricted documents (drafts being prepared) are for the Chair and the Secretariat only.
 * A party's working copy for a call (issue 16) is its own: its delegation or organization
 * works on it; the Chair and the Secretariat read it once the call's contributions are
 * published (until then they see only what the party submits, at compilation), and never
 * change it; nobody else reaches it.
 */
export function documentAccess(participant: Pick<Participant, 'role' | 'delegation'>, document: Pick<DocumentSummary, 'restricted' | 'workingCopy'>): DocumentAccess {
  const copy = document.workingCopy;
  if (copy) {
    if (partyOf(participant) === copy.party) return 'write';
    return managesWorkspace(participant.role) && copy.contributionsPublished ? 'read' : 'none';
  }
  return !document.restricted || managesWorkspace(participant.role) ? 'write' : 'none';
}

export function mayOpenDocument(participant: Pick<Participant, 'role' | 'delegation'>, document: Pick<DocumentSummary, 'restricted' | 'workingCopy'>): boolean {
  return documentAccess(participant, document) !== 'none';
}
