import type { Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { z } from 'zod';
import { PARAGRAPH_STATUSES } from '../schema.ts';
import { INSERTION } from './amendment-marks.ts';
import { listAmendments, type Amendment } from './amendments.ts';

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

function inScope(amendment: Amendment, decision: Decision & { action: 'accept' | 'reject' }): boolean {
  const { scope } = decision;
  switch (scope.kind) {
    case 'amendment':
      return amendment.id === scope.id;
    case 'paragraph':
      return amendment.pid === scope.pid;
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
      current = setParagraphStatus(current, decision.pid, decision.status);
      statusChanges.push({ pid: decision.pid, status: decision.status });
      continue;
    }
    const amendments = listAmendments(current);
    const targets = amendments.filter((a) => inScope(a, decision));
    if (targets.length === 0) throw new DecisionError(`no pending amendment matches ${JSON.stringify(decision.scope)}`);
    const outcomes = new Map<string, { outcome: DecidedAmendment['outcome']; because: string | null }>();
    for (const target of targets) {
      if (outcomes.has(target.id)) continue;
      outcomes.set(target.id, { outcome: decision.action === 'accept' ? 'accepted' : 'rejected', because: null });
      if (decision.action === 'accept') {
        for (const rival of target.rivals) if (!outcomes.has(rival)) outcomes.set(rival, { outcome: 'rejected', because: target.id });
      }
    }
    const byId = new Map(amendments.map((a) => [a.id, a]));
    current = settle(current, [...outcomes].map(([id, o]) => ({ amendment: byId.get(id)!, accept: o.outcome === 'accepted' })));
    for (const [id, o] of outcomes) {
      const a = byId.get(id)!;
      decided.push({ id, outcome: o.outcome, because: o.because, delegation: a.delegation, inserted: a.inserted, deleted: a.deleted, pid: a.pid });
    }
  }
  return { doc: current, decided, statusChanges };
}

/** Removes brackets first (no text moves), then deletes text and blocks from the end backwards. */
function settle(doc: PMNode, settled: { amendment: Amendment; accept: boolean }[]): PMNode {
  const tr = new Transform(doc);
  const cuts: [number, number][] = [];
  const proposals = new Map<string, boolean>();
  for (const { amendment, accept } of settled) {
    if (amendment.shape === 'paragraph') proposals.set(amendment.id, accept);
    for (const range of amendment.ranges) {
      const keepsText = range.kind === INSERTION ? accept : !accept;
      if (keepsText) tr.removeMark(range.from, range.to, range.mark);
      else cuts.push([range.from, range.to]);
    }
  }
  doc.forEach((block, offset) => {
    const proposal = block.attrs.proposal as string | null | undefined;
    if (!proposal || !proposals.has(proposal)) return;
    if (proposals.get(proposal)) tr.setNodeMarkup(offset, undefined, { ...block.attrs, proposal: null });
    else cuts.push([offset, offset + block.nodeSize]);
  });
  for (const [from, to] of mergeRanges(cuts).reverse()) tr.delete(from, to);
  return ensureNotEmpty(tr).doc;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** A document always keeps at least one paragraph. */
function ensureNotEmpty(tr: Transform): Transform {
  if (tr.doc.childCount === 0) tr.insert(0, tr.doc.type.schema.nodes.paragraph!.create());
  return tr;
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

const byProposalTime = (a: Amendment, b: Amendment) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/** The text as it would stand if every pending amendment were accepted (of alternatives, the earliest). */
export function cleanView(doc: PMNode): PMNode {
  let current = doc;
  for (let guard = 0; guard < 10_000; guard++) {
    const next = listAmendments(current).sort(byProposalTime)[0];
    if (!next) return current;
    current = applyDecisions(current, [{ action: 'accept', scope: { kind: 'amendment', id: next.id } }]).doc;
  }
  return current;
}

/** The agreed text: as it would stand if every pending amendment were rejected. */
export function agreedView(doc: PMNode): PMNode {
  return listAmendments(doc).length === 0 ? doc : applyDecisions(doc, [{ action: 'reject', scope: { kind: 'all' } }]).doc;
}

