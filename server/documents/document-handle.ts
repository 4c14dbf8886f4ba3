import type * as Y from 'yjs';
import type { Decision } from '../../shared/negotiation/decisions.ts';
import type { Participant } from '../../shared/participants.ts';
import type { DecisionOutcome } from '../negotiation/decide.ts';
import type { UndoOutcome } from '../negotiation/undo.ts';
import type { RevisionRecord } from '../store/store.ts';
import type { CreatedAmendment } from '../word/apply-plan.ts';
import type { WordReading } from '../word/word-reading.ts';

/**
 * What routes may ask of a document's authoritative text (issue 15). The text lives in exactly
 * one process at a time, its authority; the process that took the HTTP request may be another.
 * So routes never reach into a room's Y.Doc: they ask a handle, which does the work where the
 * text is (`LocalDocument`) or asks the authority over the bus (`RemoteDocument`). Everything a
 * handle takes and gives back is plain data, so either answers the same.
 */
export interface DocumentHandle {
  readonly documentId: string;
  /**
   * A copy of the live text after every change asked for so far has been handled: the caller's
   * own (read it, convert it, destroy it); nobody else sees what is done to it.
   */
  copy(): Promise<Y.Doc>;
  /** The Chair's decisions, applied and recorded with their audit rows (DecisionError if one matches nothing). */
  decide(chair: Participant, decisions: readonly Decision[]): Promise<DecisionOutcome>;
  /** The Chair undoes a decision (UndoError if it cannot be undone). */
  undo(chair: Participant, decision: number): Promise<UndoOutcome>;
  /** The live text becomes the revision's, as new edits; null if there is no such revision. */
  restore(chair: Participant, revisionId: string): Promise<RevisionRecord | null>;
  /** Freezes the live text as the next revision, and tells everyone with the document open. */
  createRevision(input: { name?: string; note: string }, createdBy: string): Promise<RevisionRecord>;
  /** The document's encoded size as its room counts it against `maxDocumentBytes`. */
  sizeBytes(): Promise<number>;
  /**
   * The amendments a Word file proposes, made as `proposer`'s if the plan on the text as it
   * stands is still the previewed one (`expected`, its digest; PlanChanged otherwise), all in
   * one committed update or none (word-amendments.ts).
   */
  amendFromWord(proposer: Participant, reading: WordReading, expected: string): Promise<CreatedAmendment[]>;
}

/** Where handles come from: `use` keeps the document open (loaded or reachable) while `work` runs. */
export interface Documents {
  use<T>(documentId: string, work: (handle: DocumentHandle) => Promise<T>): Promise<T>;
}

/**
 * The document's authority could not be reached or changed hands while a request was under way
 * (issue 15): nothing was changed by this process; the request may be sent again.
 */
export class DocumentUnavailable extends Error {
  override readonly name = 'DocumentUnavailable';
}
