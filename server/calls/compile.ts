import type { JSONContent } from '@tiptap/core';
import type { Compilation, ContributionRecord } from '../../shared/calls.ts';
import { newAmendmentId } from '../../shared/negotiation/amendment-marks.ts';
import { newParagraphId } from '../sync/document-state.ts';

/**
 * The consolidated draft's text from the Secretariat's choices (issue 16): each paragraph its
 * wording, plain, or, brought in as an amendment, a paragraph proposed by its one source, its
 * words that party's insertion, by the participant who submitted the contribution and dated by
 * it, so the negotiation starts with the party's own bracket. Returns the content and each
 * paragraph's sources by its new pid.
 */
export function compiledContent(compilation: Compilation, standing: ReadonlyMap<string, ContributionRecord>): { content: JSONContent; sources: Record<string, string[]> } {
  const sources: Record<string, string[]> = {};
  const content = compilation.paragraphs.map((paragraph): JSONContent => {
    const pid = newParagraphId();
    sources[pid] = [...new Set(paragraph.sources)];
    if (paragraph.as === 'text') return { type: 'paragraph', attrs: { pid, kind: 'body', status: 'open', proposal: null }, content: [{ type: 'text', text: paragraph.text }] };
    const party = paragraph.sources[0]!;
    const contribution = standing.get(party)!;
    const id = newAmendmentId(party);
    const mark = { type: 'insertion', attrs: { id, delegation: party, author: contribution.submittedBy, at: contribution.submittedAt } };
    return { type: 'paragraph', attrs: { pid, kind: 'body', status: 'open', proposal: id }, content: [{ type: 'text', text: paragraph.text, marks: [mark] }] };
  });
  return { content: { type: 'doc', content }, sources };
}
