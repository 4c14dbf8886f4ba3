import type { Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { z } from 'zod';
import { PARAGRAPH_STATUSES } from '../schema.ts';
import { byProposalTime, listAmendments, type Amendment } from './amendments.ts';
import { translate } from '../i18n/translate.ts';
import { paragraphLabel } from './numbering.ts';
import { settleAmendments } from './settle.ts';

// The views settle amendments too; they live apart and are re-exported for their readers.
export { agreedView, cleanView } from './views.ts';

/** What the Chair decides; `scope` says which pending amendments a decision covers. */
export const decisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.enum(['accept', 'reject']),
    scope: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('amendment'), id: z.string().min(1).max(40) }).strict(),
      z.object({ kind: z.literal('paragraph'), pid: z.string().min(1).max(40) }).strict(),
      z.object({ kind: z.literal('delegation'), delegation: z.string().min(2).max(16) }).strict(),
      z.object({ kind: z.literal('all') }).strict(),
    ]),
  }).strict(),
  z.object({ action: z.literal('status'), pid: z.string().min(1).max(40), status: z.enum(PARAGRAPH_STATUSES) }).strict(),
]);
export type Decision = z.infer<typeof decisionSchema>;
export const decisionsBodySchema = z.union([decisionSchema, z.array(decisionSchema).min(1).max(100)]);

/** One amendment's fate, as the audit log records it. */
export interface DecidedAmendment {
  id: string;
  outcome: 'accepted' | 'rejected';
  /** Why, when it was not the decision's own target: an alternative to the accepted one. */
  because: string | null;
  delegation: string;
  inserted: string;
  deleted: string;
  pid: string | null;
}

export interface DecisionResult {
  doc: PMNode;
  decided: DecidedAmendment[];
  statusChanges: { pid: string; status: string }[];
}

export class DecisionError extends Error {}

/** A paragraph cannot be agreed while amendments in it are pending: they are named. */
export class PendingAmendmentsError extends DecisionError {
  readonly pending: { id: string; delegation: string; shape: Amendment['shape'] }[];

  constructor(
    readonly pid: string,
    pending: readonly Amendment[],
    label: string,
  ) {
    // Worded by the English catalogue, whose patterns translate it for each reader (shared/i18n/localise-message.ts).
    const named = pending.map((a) => translate('en', 'msg.decision.pendingItem', { id: a.id, delegation: a.delegation, shape: a.shape })).join('; ');
    super(translate('en', 'msg.decision.pending', { count: pending.length, paragraph: label, amendments: named }));
    this.pending = pending.map(({ id, delegation, shape }) => ({ id, delegation, shape }));
  }
}

/** The pending amendments that stand in a paragraph, in whole or in part, or propose it. */
export function pendingInParagraph(amendments: readonly Amendment[], pid: string): Amendment[] {
  return amendments.filter((a) => a.pids.includes(pid));
}

function inScope(amendment: Amendment, decision: Decision & { action: 'accept' | 'reject' }): boolean {
  const { scope } = decision;
  switch (scope.kind) {
    case 'amendment':
      return amendment.id === scope.id;
    case 'paragraph':
      return amendment.pids.includes(scope.pid);
    case 'delegation':
      return amendment.delegation === scope.delegation;
    case 'all':
      return true;
  }
}

/**
 * Applies the Chair's decisions to a document. Accepting an insertion keeps its text and
 * drops the bracket; accepting a deletion removes the words; rejecting does the inverse.
 * Accepting one of several alternatives for the same words rejects the others. Decisions
 * are applied in order, each to the result of the previous one.
 */
export function applyDecisions(doc: PMNode, decisions: readonly Decision[]): DecisionResult {
  let current = doc;
  const decided: DecidedAmendment[] = [];
  const statusChanges: DecisionResult['statusChanges'] = [];
  for (const decision of decisions) {
    if (decision.action === 'status') {
      // The agreed text sets pending amendments aside: agreeing over one would drop it silently.
      if (decision.status !== 'open') {
        const pending = pendingInParagraph(listAmendments(current), decision.pid);
        if (pending.length > 0) throw new PendingAmendmentsError(decision.pid, pending, paragraphLabel(current, decision.pid));
      }
      current = setParagraphStatus(current, decision.pid, decision.status);
      statusChanges.push({ pid: decision.pid, status: decision.status });
      continue;
    }
    const amendments = listAmendments(current);
    const targets = amendments.filter((a) => inScope(a, decision));
    if (targets.length === 0) throw new DecisionError(`no pending amendment matches ${JSON.stringify(decision.scope)}`);
    const outcomes = new Map<string, { outcome: DecidedAmendment['outcome']; because: string | null }>();
    // Accepting several rivals at once accepts the earliest proposed, as the clean view shows it.
    for (const target of decision.action === 'accept' ? [...targets].sort(byProposalTime) : targets) {
      if (outcomes.has(target.id)) continue;
      outcomes.set(target.id, { outcome: decision.action === 'accept' ? 'accepted' : 'rejected', because: null });
      if (decision.action === 'accept') {
        for (const rival of target.rivals) if (!outcomes.has(rival)) outcomes.set(rival, { outcome: 'rejected', because: target.id });
      }
    }
    const byId = new Map(amendments.map((a) => [a.id, a]));
    // Seams tidied as in the views: accepting every amendment gives exactly the clean view.
    current = settleAmendments(current, new Map([...outcomes].map(([id, o]) => [id, o.outcome === 'accepted'])), { tidySeams: true });
    for (const [id, o] of outcomes) {
      const a = byId.get(id)!;
      decided.push({ id, outcome: o.outcome, because: o.because, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid });
    }
  }
  return { doc: current, decided, statusChanges };
}

export function setParagraphStatus(doc: PMNode, pid: string, status: string): PMNode {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isTextblock && node.attrs.pid === pid) found = pos;
    return !node.isTextblock;
  });
  if (found < 0) throw new DecisionError(`no paragraph ${pid}`);
  const node = doc.nodeAt(found)!;
  if (node.type.name !== 'paragraph') throw new DecisionError(`${pid} is not a paragraph`);
  return new Transform(doc).setNodeMarkup(found, undefined, { ...node.attrs, status }).doc;
}
