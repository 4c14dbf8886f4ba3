import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { amendmentOwner, isAmendmentMark } from './negotiation/amendment-marks.ts';
import { settleAmendments } from './negotiation/settle.ts';
import { listAmendments } from './negotiation/amendments.ts';

/**
 * Working copies (issue 16): a party invited to a call proposes its contribution in the app, on
 * a private copy of the call's text, with the ordinary editor — what it types there becomes its
 * amendments, as everywhere. Submitting the copy makes those amendments its contribution:
 * each paragraph it amended, by pid, as it stood then, with the party's brackets in it.
 */

/** What a document that is a working copy says of it (DocumentSummary.workingCopy). */
export interface WorkingCopyOf {
  callId: string;
  /** The document the call is on, whose text the copy was made from. */
  sourceId: string;
  /** The delegation's or organization's code whose copy it is. */
  party: string;
  /** Whether the Secretariat has published the call's contributions (the officers then read the copy). */
  contributionsPublished: boolean;
}

/** A paragraph of a submitted working copy: one the party amended or proposed. */
export interface WorkingCopyParagraph {
  /** The paragraph's id in the working copy (the call's document's pid, or a new one for a proposed paragraph). */
  pid: string;
  /** The paragraph as submitted, the party's insertion and deletion marks in it (ProseMirror JSON). */
  content: JSONContent;
  /** Its words as the party proposes them (its amendments accepted). */
  proposed: string;
}

/** The working copy a contribution was submitted from, and what it proposed (ContributionRecord.workingCopy). */
export interface SubmittedWorkingCopy {
  documentId: string;
  paragraphs: WorkingCopyParagraph[];
}

/** Whether a mark is an amendment of `party`. */
const partyMark = (party: string) => (mark: { type: { name: string }; attrs: Record<string, unknown> }) => isAmendmentMark(mark.type.name) && mark.attrs.delegation === party;

/**
 * The paragraphs of a working copy that carry `party`'s amendments (a mark of its own, or a
 * paragraph it proposes), in the text's order, each with only the party's marks: anything else
 * pending in it (there should be nothing) is left as the text reads without it.
 */
export function workingCopyParagraphs(doc: PMNode, party: string): WorkingCopyParagraph[] {
  const own = partyMark(party);
  // Everyone else's amendments rejected: the party's own brackets on the text it was given.
  const others = new Map(listAmendments(doc).filter((a) => a.delegation !== party).map((a) => [a.id, false]));
  const text = others.size > 0 ? settleAmendments(doc, others, { tidySeams: true }) : doc;
  const mine = new Map(listAmendments(text).filter((a) => a.delegation === party).map((a) => [a.id, true]));
  const paragraphs: WorkingCopyParagraph[] = [];
  text.forEach((block) => {
    const pid = block.attrs.pid as string | null | undefined;
    if (!pid || !block.isTextblock) return;
    const proposal = block.attrs.proposal as string | null | undefined;
    let marked = false;
    block.descendants((node) => {
      if (node.isText && node.marks.some(own)) marked = true;
      return !marked;
    });
    const proposed = proposal !== null && proposal !== undefined && amendmentOwner(proposal) === party;
    if (!marked && !proposed) return;
    // Its words as proposed: the block alone, settled with the party's amendments accepted.
    const alone = text.type.create(null, [block]);
    const accepted = settleAmendments(alone, mine, { tidySeams: true });
    const words = accepted.childCount > 0 ? accepted.child(0).textContent.trim() : '';
    paragraphs.push({ pid, content: block.toJSON() as JSONContent, proposed: words });
  });
  return paragraphs;
}

/** The contribution's text, as a text contribution reads: each paragraph as the party proposes it. */
export function workingCopyBody(paragraphs: readonly WorkingCopyParagraph[]): string {
  return paragraphs.map((p) => p.proposed).filter(Boolean).join('\n\n');
}

/**
 * A submitted paragraph made ready for the consolidated draft: a new pid, only the party's
 * amendment marks (anything else in the stored JSON is dropped), the proposal kept only if it is
 * the party's. Null if it is not a paragraph the party amended.
 */
export function paragraphForDraft(paragraph: WorkingCopyParagraph, party: string, pid: string): JSONContent | null {
  const { content } = paragraph;
  if (content.type !== 'paragraph' && content.type !== 'heading') return null;
  const proposal = typeof content.attrs?.proposal === 'string' && amendmentOwner(content.attrs.proposal) === party ? content.attrs.proposal : null;
  const inline = (content.content ?? []).map((node): JSONContent => ({
    ...node,
    ...(node.marks ? { marks: node.marks.filter((m) => !isAmendmentMark(m.type) || (m.attrs as { delegation?: string } | undefined)?.delegation === party) } : {}),
  }));
  const attrs = content.type === 'paragraph' ? { ...content.attrs, pid, status: 'open', proposal } : { ...content.attrs, pid };
  return { ...content, attrs, content: inline };
}
