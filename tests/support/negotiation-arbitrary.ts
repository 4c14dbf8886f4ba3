import type { Mark, Node as PMNode } from '@tiptap/pm/model';
import fc from 'fast-check';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { doc, schema } from './builders.ts';

/**
 * Random negotiated documents for property tests: paragraphs (preambular and operative, some
 * proposed as new) holding insertions, deletions, replacements, alternatives for the same
 * words, partly overlapping deletions, line breaks and proposals nested inside another's insertion, by
 * several delegations at a few times (ties included, so the id breaks them).
 */

const DELEGATIONS = ['MEX', 'USA', 'CAN', 'BRA'] as const;
/** Words and spaces in every arrangement that matters to the seams the views tidy. */
const TOKENS = ['to', 'promote', ' ', 'a ', ' of', ' the ', 'x', '  '] as const;

interface Proposer {
  delegation: string;
  hour: number;
}

/** Hands out amendment ids in building order, so a document is the same for the same choices. */
class Amendments {
  #next = 0;
  mark(kind: 'insertion' | 'deletion', id: string, { delegation, hour }: Proposer): Mark {
    return schema.marks[kind]!.create({ id, delegation, author: `${delegation}-delegate`, at: `2026-11-27T${String(hour).padStart(2, '0')}:00:00.000Z` });
  }
  id(delegation: string): string {
    return `${delegation}:${(this.#next++).toString(36).padStart(8, '0')}`;
  }
}

type Build = (amendments: Amendments) => PMNode[];

const withMark = (nodes: PMNode[], mark: Mark) => nodes.map((n) => n.mark(mark.addToSet(n.marks)));

const words = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 3 }).map((t) => t.join(''));
const proposer = fc.record({ delegation: fc.constantFrom(...DELEGATIONS), hour: fc.integer({ min: 0, max: 4 }) });

const plain: fc.Arbitrary<Build> = fc.tuple(words, fc.boolean()).map(([text, bold]) => () => [schema.text(text, bold ? [schema.marks.bold!.create()] : [])]);

const insertion = (inner: fc.Arbitrary<Build>): fc.Arbitrary<Build> =>
  fc.tuple(proposer, fc.array(inner, { minLength: 1, maxLength: 3 })).map(([who, parts]) => (a) => {
    const mark = a.mark('insertion', a.id(who.delegation), who);
    return withMark(parts.flatMap((build) => build(a)), mark);
  });

/** Words one or more delegations propose to delete, some replacing them: alternatives. */
const deletionGroup: fc.Arbitrary<Build> = fc
  .tuple(words, fc.array(fc.tuple(proposer, fc.option(words, { nil: null })), { minLength: 1, maxLength: 3 }))
  .map(([deleted, proposals]) => (a) => {
    const made = proposals.map(([who, replacement]) => ({ who, replacement, id: a.id(who.delegation) }));
    const deletions = made.map(({ who, id }) => a.mark('deletion', id, who));
    const replacements = made.filter((m) => m.replacement !== null).map(({ who, id, replacement }) => schema.text(replacement!, [a.mark('insertion', id, who)]));
    return [schema.text(deleted, deletions), ...replacements];
  });

/** One delegation deletes the first two stretches, another the last two. */
const overlappingDeletions: fc.Arbitrary<Build> = fc.tuple(words, words, words, proposer, proposer).map(([x, y, z, first, second]) => (a) => {
  const one = a.mark('deletion', a.id(first.delegation), first);
  const two = a.mark('deletion', a.id(second.delegation), second);
  return [schema.text(x, [one]), schema.text(y, [one, two]), schema.text(z, [two])];
});

/** A line break (Shift+Enter): the views keep it whatever amendment it falls in. */
const lineBreak: fc.Arbitrary<Build> = fc.constant(() => [schema.nodes.hardBreak!.create()]);

const simple = fc.oneof(plain, deletionGroup, overlappingDeletions, insertion(fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: lineBreak, weight: 1 })), lineBreak);
/** Anything a paragraph may hold, proposals nested one deep inside another's insertion. */
const site: fc.Arbitrary<Build> = fc.oneof({ arbitrary: simple, weight: 4 }, { arbitrary: insertion(simple), weight: 1 });

interface ParagraphChoice {
  kind: 'preambular' | 'operative';
  proposedBy: Proposer | null;
  sites: Build[];
}

const paragraph: fc.Arbitrary<ParagraphChoice> = fc.record({
  kind: fc.constantFrom('preambular' as const, 'operative' as const),
  proposedBy: fc.option(proposer, { nil: null, freq: 3 }),
  sites: fc.array(site, { minLength: 1, maxLength: 4 }),
});

/**
 * A negotiated document. Its first paragraph is never proposed: the agreed view of a document
 * of proposed paragraphs only is one empty paragraph, which no export has a paragraph for.
 */
export const negotiatedDocument: fc.Arbitrary<PMNode> = fc
  .tuple(paragraph.map((p) => ({ ...p, proposedBy: null })), fc.array(paragraph, { maxLength: 4 }))
  .map(([first, rest]) => {
    const a = new Amendments();
    const blocks = [first, ...rest].map(({ kind, proposedBy, sites }, index) => {
      let content = sites.flatMap((build) => build(a));
      let proposal: string | null = null;
      if (proposedBy) {
        proposal = a.id(proposedBy.delegation);
        content = withMark(content, a.mark('insertion', proposal, proposedBy));
      }
      return schema.nodes.paragraph!.create({ pid: `p${index}`, kind, proposal }, content);
    });
    return doc(...blocks);
  });

/**
 * The paragraphs of a view of `original`, as a Word export prints them: each led by the number
 * it carries in the original (`2.` then a tab), since numbers are text outside any tracked
 * change and Word does not renumber them; a paragraph proposed as new has its number in a
 * comment, so none in its text. Line breaks read as \n.
 */
export function viewParagraphs(view: PMNode, original: PMNode): string[] {
  const numbers = paragraphNumbers(original);
  const proposed = new Set<string>();
  original.forEach((block) => {
    if (block.attrs.proposal && block.attrs.pid) proposed.add(block.attrs.pid as string);
  });
  const out: string[] = [];
  view.descendants((block) => {
    if (!block.isTextblock) return true;
    const pid = block.attrs.pid as string | null;
    const number = pid && !proposed.has(pid) ? numbers.get(pid) : undefined;
    let text = number ? `${number}.\t` : '';
    block.forEach((node) => {
      text += node.isText ? node.text! : node.type.name === 'hardBreak' ? '\n' : '';
    });
    out.push(text);
    return false;
  });
  return out;
}
