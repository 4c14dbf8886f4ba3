import type { Amendment } from '../../shared/negotiation/amendments.ts';
import { checkUndo, UndoError } from '../../shared/negotiation/undo-check.ts';
import type { Participant } from '../../shared/participants.ts';
import { takeSnapshot } from '../revisions/revision-text.ts';
import type { AuditEntry, AuditRecord, Store } from '../store/store.ts';
import type { Room } from '../sync/room.ts';
import { changeTextAudited } from './audited-change.ts';
import { revertDecision } from './revert-decision.ts';

export { UndoError };

export interface UndoOutcome {
  /** The decision undone, and the undo's own number in the audit log. */
  undone: number;
  /** Amendments pending again, by id. */
  returned: string[];
  statuses: { pid: string; status: string }[];
}

/** One undo at a time per document: the second of two at once must see the first recorded. */
const running = new Map<string, Promise<unknown>>();

/**
 * The Chair undoes a decision: what it did is taken back in the live text (as the Chair, like
 * any decision), only if the words it restores are still there; the undo is recorded as a
 * decision of its own whose rows name the decision undone. Throws UndoError (changing nothing)
 * when the decision cannot be undone.
 */
export function undoDecision(room: Room, store: Store, chair: Participant, decision: number): Promise<UndoOutcome> {
  const previous = running.get(room.documentId) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => undoNow(room, store, chair, decision));
  running.set(room.documentId, next);
  void next.catch(() => undefined).finally(() => {
    if (running.get(room.documentId) === next) running.delete(room.documentId);
  });
  return next;
}

async function undoNow(room: Room, store: Store, chair: Participant, decision: number): Promise<UndoOutcome> {
  const recorded = await store.getDecision(room.documentId, decision);
  if (!recorded) throw new UndoError(`There is no decision ${decision} in this document’s log.`);
  const head = recorded.entries[0]!;
  if (head.action === 'undone') throw new UndoError(`Decision ${decision} is itself an undo; decide again instead.`);
  if (head.undoneBy !== null) throw new UndoError(`Decision ${decision} was already undone (decision ${head.undoneBy}).`);
  if (!recorded.update) throw new UndoError(`Decision ${decision} changed nothing in the text: there is nothing to undo.`);
  if (!recorded.before) throw new UndoError(`Decision ${decision} was recorded before decisions could be undone.`);
  const { before, update } = { before: recorded.before, update: recorded.update };
  const author = { participantId: chair.id, role: chair.role, delegation: chair.delegation };
  return changeTextAudited(room, store, author, () => {
    const snapshot = takeSnapshot(room.doc);
    const text = revertDecision(room.doc, before, update);
    const effect = checkUndo(text.before, text.after, text.reverted);
    const audit = undoRows(recorded.entries, effect.returned, effect.removed, effect.statuses, decision);
    audit[0]!.before = snapshot;
    return {
      text: text.reverted,
      audit,
      result: { undone: decision, returned: effect.returned.map((a) => a.id), statuses: [...effect.statuses].map(([pid, status]) => ({ pid, status })) },
    };
  });
}

/**
 * The undo's rows: one per amendment pending again (or set aside again, for a restore's), one
 * per status set back, each naming the decision undone and the action it took.
 */
function undoRows(entries: readonly AuditRecord[], returned: Amendment[], removed: Amendment[], statuses: Map<string, string>, decision: number): AuditEntry[] {
  const actionOf = (id: string) => entries.find((e) => e.amendmentId === id)?.action ?? entries[0]!.action;
  const row = (a: Amendment, detail: string): AuditEntry => ({
    action: 'undone', amendmentId: a.id, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid, because: null, status: null, detail, undoes: decision,
  });
  const rows = [
    ...returned.map((a) => row(a, actionOf(a.id))),
    ...removed.map((a) => row(a, 'brought back')),
    ...[...statuses].map(([pid, status]): AuditEntry => ({
      action: 'undone', amendmentId: null, delegation: null, inserted: '', deleted: '', pid, because: null, status, detail: 'status', undoes: decision,
    })),
  ];
  // A decision that settled no amendment and set no status (a restore of the same words) is still undone, and logged.
  return rows.length > 0 ? rows : [{ action: 'undone', amendmentId: null, delegation: null, inserted: '', deleted: '', pid: null, because: null, status: null, detail: entries[0]!.action, undoes: decision }];
}
