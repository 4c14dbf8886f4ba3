import type { DocumentSummary } from './documents.ts';
import { managesWorkspace, type Participant } from './participants.ts';

/** Restricted documents (drafts being prepared) are for the Chair and the Secretariat only. */
export function mayOpenDocument(participant: Pick<Participant, 'role'>, document: Pick<DocumentSummary, 'restricted'>): boolean {
  return !document.restricted || managesWorkspace(participant.role);
}
