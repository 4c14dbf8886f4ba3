import type { Node as PMNode } from '@tiptap/pm/model';
import { settleAmendments } from '../negotiation/settle.ts';
import type { ComparisonStep, DecisionTrace } from './compare.ts';
import type { Attribution } from './comparison.ts';

/**
 * The changes one decision made to the text, as comparison steps: a decision on many amendments
 * is taken apart into one step per amendment it accepted (rejections leave the agreed text as it
 * was), so each amendment's words are credited to it; an undo and a restore are one step each.
 * `before` and `after` are the text just before and just after the decision.
 */
export function decisionSteps(before: PMNode, after: PMNode, rows: readonly DecisionTrace[]): ComparisonStep[] {
  const head = rows[0];
  if (!head) return [];
  const decision = head.decision ?? null;
  if (head.action === 'restored') {
    return [{ doc: after, cause: { amendmentId: null, delegation: null, how: 'restored', decision, detail: head.detail ?? null } }];
  }
  if (head.action === 'undone') {
    const amendments = rows.filter((r) => r.amendmentId);
    const only = amendments.length === 1 ? amendments[0]! : null;
    const cause: Attribution = { amendmentId: only?.amendmentId ?? null, delegation: only?.delegation ?? null, how: 'undone', decision, detail: head.undoes ? `decision ${head.undoes}` : null };
    return [{ doc: after, cause }];
  }
  const steps: ComparisonStep[] = [];
  let current = before;
  for (const row of rows) {
    if (row.action !== 'accepted' || !row.amendmentId) continue;
    current = settleAmendments(current, new Map([[row.amendmentId, true]]));
    steps.push({ doc: current, cause: { amendmentId: row.amendmentId, delegation: row.delegation, how: 'accepted', decision } });
  }
  // Whatever the decision did beyond its amendments' own words (none is expected) is still its own.
  steps.push({ doc: after, cause: { amendmentId: null, delegation: null, how: 'accepted', decision } });
  return steps;
}
