import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import type { ComparisonStep, DecisionTrace } from '../../shared/revisions/compare.ts';
import { decisionSteps } from '../../shared/revisions/decision-steps.ts';
import type { AuditRecord, Store, StoredUpdate } from '../store/store.ts';
import { copyDocument, newYDoc } from '../sync/document-state.ts';

export interface ComparisonHistory {
  steps: ComparisonStep[];
  /** The audit log's rows of the decisions between the two states. */
  decisions: DecisionTrace[];
}

/** Only these write the text outside amendments: a delegation's update never changes the agreed text. */
const EDITS_DIRECTLY = new Set(['chair', 'secretariat', 'system']);

/** The index of the first update a snapshot does not hold: updates are committed in order, revisions taken between. */
function firstOutside(updates: readonly StoredUpdate[], snapshot: Y.Snapshot): number {
  let [low, high] = [0, updates.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (Y.snapshotContainsUpdate(snapshot, updates[middle]!.update)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * What happened to the text between two states of a document, in order, from its own history:
 * the stored updates between the two (each revision is a snapshot, so which updates it holds is
 * exact, whatever the clocks say) are replayed from the older state. An update that carried a
 * decision is that decision (its audit rows say which amendments, which undo, which restore);
 * the others that an officer sent are direct edits, one step per run by one person.
 * `older` / `newer`: a revision's snapshot, or null for the live text.
 */
export async function comparisonHistory(store: Store, live: Y.Doc, documentId: string, older: Uint8Array | null, newer: Uint8Array | null): Promise<ComparisonHistory> {
  const updates = await store.listUpdates(documentId, 0);
  const from = older ? firstOutside(updates, Y.decodeSnapshot(older)) : updates.length;
  const to = newer ? firstOutside(updates, Y.decodeSnapshot(newer)) : updates.length;
  const between = updates.slice(from, Math.max(from, to));
  if (between.length === 0) return { steps: [], decisions: [] };

  const bySeq = new Map<number, AuditRecord[]>();
  for (const row of await store.listAudit(documentId)) if (row.seq !== null) bySeq.set(row.seq, [...(bySeq.get(row.seq) ?? []), row]);
  const names = new Map((await store.listParticipants()).map((p) => [p.id, p.name]));

  const chain = older ? Y.createDocFromSnapshot(live, Y.decodeSnapshot(older), newYDoc()) : copyDocument(live);
  const steps: ComparisonStep[] = [];
  const decisions: DecisionTrace[] = [];
  let editing: string | null = null;
  /** Updates not yet applied: applied together, in one transaction, when the text is next read. */
  let waiting: Uint8Array[] = [];
  const catchUp = () => {
    // One transaction for a run of keystrokes: replaying each on its own is many times slower.
    if (waiting.length > 0) chain.transact(() => waiting.forEach((u) => Y.applyUpdate(chain, u)));
    waiting = [];
  };
  const text = (): PMNode => {
    catchUp();
    return yXmlFragmentToProseMirrorRootNode(chain.getXmlFragment(TEXT_FIELD), documentSchema());
  };
  const endEdit = () => {
    if (editing === null) return;
    steps.push({ doc: text(), cause: { amendmentId: null, delegation: null, how: 'edited', decision: null, by: names.get(editing) ?? editing } });
    editing = null;
  };
  try {
    for (const { seq, update, author } of between) {
      const rows = bySeq.get(seq);
      if (rows) {
        endEdit();
        const before = text();
        waiting.push(update);
        steps.push(...decisionSteps(before, text(), rows));
        decisions.push(...rows);
        continue;
      }
      if (EDITS_DIRECTLY.has(author.role) && editing !== author.participantId) {
        endEdit();
        editing = author.participantId;
      }
      waiting.push(update);
    }
    endEdit();
    return { steps, decisions };
  } finally {
    chain.destroy();
  }
}
