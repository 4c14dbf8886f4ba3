import type { Node as PMNode } from '@tiptap/pm/model';
import { byProposalTime, listAmendments } from './amendments.ts';
import { settleAmendments } from './settle.ts';

/**
 * The text as it would stand if every pending amendment were accepted; of alternatives for the
 * same words, the earliest proposed, its rivals rejected. Decided all at once, in one pass: one
 * by one, each listing the document again, cost time quadratic in the number of amendments.
 */
export function cleanView(doc: PMNode): PMNode {
  const outcomes = new Map<string, boolean>();
  for (const amendment of listAmendments(doc).sort(byProposalTime)) {
    if (outcomes.has(amendment.id)) continue;
    outcomes.set(amendment.id, true);
    for (const rival of amendment.rivals) if (!outcomes.has(rival)) outcomes.set(rival, false);
  }
  return settleAmendments(doc, outcomes, { tidySeams: true });
}

/** The agreed text: as it would stand if every pending amendment were rejected. */
export function agreedView(doc: PMNode): PMNode {
  return settleAmendments(doc, new Map(listAmendments(doc).map((a) => [a.id, false])), { tidySeams: true });
}
