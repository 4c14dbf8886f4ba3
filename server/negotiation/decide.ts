import { applyDecisions, type DecidedAmendment, type Decision } from '../../shared/negotiation/decisions.ts';
import type { Participant } from '../../shared/participants.ts';
import { takeSnapshot } from '../revisions/revision-text.ts';
import type { AuditEntry, Store } from '../store/store.ts';
import type { Room } from '../sync/room.ts';
import { changeTextAudited } from './audited-change.ts';

export interface DecisionOutcome {
  decided: DecidedAmendment[];
  statusChanges: { pid: string; status: string }[];
}

const toAudit = (d: DecidedAmendment): AuditEntry => ({
  action: d.outcome, amendmentId: d.id, delegation: d.delegation, inserted: d.inserted, deleted: d.deleted, pid: d.pid, because: d.because, status: null,
});

/**
 * Applies the Chair's decisions to a room's authoritative text and records each in the audit
 * log, in the same transaction as the change (on its own when nothing changed), with the
 * snapshot that undoing it needs. Throws DecisionError (changing nothing) when a decision
 * matches nothing.
 */
export function decide(room: Room, store: Store, chair: Participant, decisions: readonly Decision[]): Promise<DecisionOutcome> {
  const author = { participantId: chair.id, role: chair.role, delegation: chair.delegation };
  return changeTextAudited(room, store, author, (text) => {
    const result = applyDecisions(text, decisions);
    const audit = [
      ...result.decided.map(toAudit),
      ...result.statusChanges.map((s): AuditEntry => ({ action: 'status', amendmentId: null, delegation: null, inserted: '', deleted: '', pid: s.pid, because: null, status: s.status })),
    ];
    // What undoing it needs besides its own update: the text as it stood just before.
    if (audit[0]) audit[0].before = takeSnapshot(room.doc);
    return { text: result.doc, audit, result: { decided: result.decided, statusChanges: result.statusChanges } };
  });
}
