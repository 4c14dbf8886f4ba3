import type { JSONContent } from '@tiptap/core';
import { paragraphSources, type Compilation, type ContributionRecord } from '../../shared/calls.ts';
import { newAmendmentId } from '../../shared/negotiation/amendment-marks.ts';
import { paragraphForDraft, type WorkingCopyParagraph } from '../../shared/working-copy.ts';
import { newParagraphId } from '../sync/document-state.ts';

/** The submitted working-copy paragraph a compiled paragraph names, if the party's standing contribution has it. */
function submittedParagraph(standing: ReadonlyMap<string, ContributionRecord>, party: string, pid: string): WorkingCopyParagraph | undefined {
  return standing.get(party)?.workingCopy?.paragraphs.find((p) => p.pid === pid);
}

/**
 * Why the Secretariat's choices cannot be compiled from these standing contributions (by party),
 * or null: every source must have a standing contribution, and a working copy's paragraph must
 * be one its party submitted, taken once (its amendments keep their ids in the draft, and an
 * amendment id names one amendment in a document).
 */
export function compilationProblem(compilation: Compilation, standing: ReadonlyMap<string, ContributionRecord>): string | null {
  const missing = [...new Set(compilation.paragraphs.flatMap(paragraphSources))].filter((party) => !standing.has(party));
  if (missing.length > 0) return `no standing contribution of ${missing.join(', ')} in this call`;
  // Where in the draft each working-copy paragraph is first taken (1-based, as the Secretariat lists them).
  const taken = new Map<string, number>();
  for (const [i, p] of compilation.paragraphs.entries()) {
    if (p.as !== 'working-copy') continue;
    if (!submittedParagraph(standing, p.party, p.pid)) return `${p.party}’s contribution has no paragraph ${p.pid} from its working copy`;
    // Taken twice, its brackets would stand twice under the same amendment ids, and a decision on one would act on both.
    const key = `${p.party}\u0000${p.pid}`;
    const first = taken.get(key);
    if (first !== undefined) return `paragraphs ${first} and ${i + 1} of the draft both take ${p.party}’s paragraph ${p.pid} from its working copy: take it once`;
    taken.set(key, i + 1);
  }
  return null;
}

/**
 * The consolidated draft's text from the Secretariat's choices (issue 16): each paragraph its
 * wording, plain, or, brought in as an amendment, a paragraph proposed by its one source, its
 * words that party's insertion, by the participant who submitted the contribution and dated by
 * it, so the negotiation starts with the party's own bracket; or a paragraph of a party's
 * working copy as submitted, with the party's own insertions and deletions in it, bracketed as
 * the party made them. Returns the content and each paragraph's sources by its new pid.
 * The choices must have passed `compilationProblem`.
 */
export function compiledContent(compilation: Compilation, standing: ReadonlyMap<string, ContributionRecord>): { content: JSONContent; sources: Record<string, string[]> } {
  const sources: Record<string, string[]> = {};
  const content = compilation.paragraphs.map((paragraph): JSONContent => {
    const pid = newParagraphId();
    sources[pid] = [...new Set(paragraphSources(paragraph))];
    if (paragraph.as === 'working-copy') return paragraphForDraft(submittedParagraph(standing, paragraph.party, paragraph.pid)!, paragraph.party, pid)!;
    if (paragraph.as === 'text') return { type: 'paragraph', attrs: { pid, kind: 'body', status: 'open', proposal: null }, content: [{ type: 'text', text: paragraph.text }] };
    const party = paragraph.sources[0]!;
    const contribution = standing.get(party)!;
    const id = newAmendmentId(party);
    const mark = { type: 'insertion', attrs: { id, delegation: party, author: contribution.submittedBy, at: contribution.submittedAt } };
    return { type: 'paragraph', attrs: { pid, kind: 'body', status: 'open', proposal: id }, content: [{ type: 'text', text: paragraph.text, marks: [mark] }] };
  });
  return { content: { type: 'doc', content }, sources };
}
