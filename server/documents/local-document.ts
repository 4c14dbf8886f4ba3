import type * as Y from 'yjs';
import type { Decision } from '../../shared/negotiation/decisions.ts';
import type { Participant } from '../../shared/participants.ts';
import { changeTextAudited } from '../negotiation/audited-change.ts';
import { decide, type DecisionOutcome } from '../negotiation/decide.ts';
import { undoDecision, type UndoOutcome } from '../negotiation/undo.ts';
import { restoreRows } from '../revisions/restore-rows.ts';
import { revisionState, takeSnapshot } from '../revisions/revision-text.ts';
import type { RevisionRecord, Store } from '../store/store.ts';
import { copyDocument } from '../sync/document-state.ts';
import type { Room } from '../sync/room.ts';
import type { RoomRegistry } from '../sync/rooms.ts';
import type { CreatedAmendment } from '../word/apply-plan.ts';
import { amendFromWord } from '../word/word-amendments.ts';
import type { WordReading } from '../word/word-reading.ts';
import type { DocumentHandle, Documents } from './document-handle.ts';

/** A document whose room is in this process: the work is done on its live text, in its queue. */
export class LocalDocument implements DocumentHandle {
  constructor(
    private readonly room: Room,
    private readonly store: Store,
  ) {}

  get documentId(): string {
    return this.room.documentId;
  }

  async copy(): Promise<Y.Doc> {
    await this.room.idle();
    return copyDocument(this.room.doc);
  }

  decide(chair: Participant, decisions: readonly Decision[]): Promise<DecisionOutcome> {
    return decide(this.room, this.store, chair, decisions);
  }

  undo(chair: Participant, decision: number): Promise<UndoOutcome> {
    return undoDecision(this.room, this.store, chair, decision);
  }

  async restore(chair: Participant, revisionId: string): Promise<RevisionRecord | null> {
    const { room, store } = this;
    const revision = await store.getRevision(room.documentId, revisionId);
    if (!revision) return null;
    const author = { participantId: chair.id, role: chair.role, delegation: chair.delegation };
    // The live text becomes the revision's as new edits: history stays, and so does support.
    await changeTextAudited(room, store, author, (current) => {
      const text = revisionState(room.doc, revision.snapshot).doc;
      return { text, audit: restoreRows(revision.record.name, current, text, takeSnapshot(room.doc)), result: undefined };
    });
    return revision.record;
  }

  async createRevision(input: { name?: string; note: string }, createdBy: string): Promise<RevisionRecord> {
    await this.room.idle();
    const record = await this.store.createRevision(this.room.documentId, input, takeSnapshot(this.room.doc), createdBy, this.room.fence);
    // Everyone with the document open sees the new revision in their list.
    this.room.notify('revisions');
    return record;
  }

  async sizeBytes(): Promise<number> {
    return this.room.sizeBytes;
  }

  amendFromWord(proposer: Participant, reading: WordReading, expected: string): Promise<CreatedAmendment[]> {
    return amendFromWord(this.room, proposer, reading, expected);
  }
}

/** One process, one store: every document's room is here (SQLite, or PostgreSQL without Redis). */
export class LocalDocuments implements Documents {
  constructor(
    private readonly registry: RoomRegistry,
    private readonly store: Store,
  ) {}

  async use<T>(documentId: string, work: (handle: DocumentHandle) => Promise<T>): Promise<T> {
    const room = await this.registry.hold(documentId);
    try {
      return await work(new LocalDocument(room, this.store));
    } finally {
      void this.registry.release(room, true);
    }
  }
}

/** A Y.Doc copy read by `read`, then destroyed whatever happens. */
export async function readCopy<T>(handle: DocumentHandle, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
  const doc = await handle.copy();
  try {
    return await read(doc);
  } finally {
    doc.destroy();
  }
}
