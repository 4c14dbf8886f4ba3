import { Fragment, type Mark, type Node as PMNode } from '@tiptap/pm/model';
import { INSERTION, isAmendmentMark } from './amendment-marks.ts';
import { amendmentIdOf } from './amendments.ts';

/** Decided amendments by id: true accepted, false rejected. */
export type Outcomes = ReadonlyMap<string, boolean>;

export interface SettleOptions {
  /**
   * Where words were set aside, the spaces on both sides of them would read as a double space
   * (`to promote  cooperation`); keep one. The views and the decisions both tidy, so the text
   * after deciding reads as the view that foretold it.
   */
  tidySeams?: boolean;
}

/**
 * The document with decided amendments settled: an accepted insertion keeps its words without
 * the bracket, a rejected one loses them; an accepted deletion removes its words, a rejected one
 * keeps them; an accepted paragraph proposal becomes an ordinary paragraph, a rejected one goes.
 *
 * One pass over the document, whatever the number of amendments (the clean view settles every
 * amendment at once); blocks no decision touches are kept as they are.
 */
export function settleAmendments(doc: PMNode, outcomes: Outcomes, options: SettleOptions = {}): PMNode {
  if (outcomes.size === 0) return doc;
  const blocks: PMNode[] = [];
  let changed = false;
  doc.forEach((block) => {
    const proposal = block.attrs.proposal as string | null | undefined;
    const decided = proposal ? outcomes.get(proposal) : undefined;
    if (decided === false) {
      changed = true;
      return;
    }
    let next = settleBlock(block, (mark) => outcomes.get(amendmentIdOf(block, mark)), options);
    if (decided === true) next = next.type.create({ ...next.attrs, proposal: null }, next.content, next.marks);
    if (next !== block) changed = true;
    blocks.push(next);
  });
  if (!changed) return doc;
  // A document always keeps at least one paragraph.
  if (blocks.length === 0) blocks.push(doc.type.schema.nodes.paragraph!.create());
  return doc.copy(Fragment.fromArray(blocks));
}

const withText = (node: PMNode, text: string): PMNode => node.type.schema.text(text, node.marks);

type Decided = (mark: Mark) => boolean | undefined;

function settleBlock(node: PMNode, decided: Decided, options: SettleOptions): PMNode {
  if (node.isTextblock) return settleText(node, decided, options);
  if (node.isLeaf) return node;
  const children: PMNode[] = [];
  let changed = false;
  node.forEach((child) => {
    const next = settleBlock(child, decided, options);
    if (next !== child) changed = true;
    children.push(next);
  });
  return changed ? node.copy(Fragment.fromArray(children)) : node;
}

function settleText(block: PMNode, decided: Decided, { tidySeams = false }: SettleOptions): PMNode {
  const out: PMNode[] = [];
  let changed = false;
  /** Words were set aside since the last kept text. */
  let seam = false;
  const push = (node: PMNode) => {
    const last = out.at(-1);
    let text = node;
    if (tidySeams && seam && text.isText) {
      const lead = !last || (last.isText && last.text!.endsWith(' '));
      if (lead && text.text!.startsWith(' ')) {
        const rest = text.text!.replace(/^ +/, '');
        if (rest === '') return;
        text = withText(text, rest);
      }
    }
    seam = false;
    if (last?.isText && text.isText && last.sameMarkup(text)) out[out.length - 1] = withText(last, last.text! + text.text!);
    else out.push(text);
  };
  block.forEach((node) => {
    if (!node.isText) return push(node);
    let keepsText = true;
    const marks = node.marks.filter((mark) => {
      if (!isAmendmentMark(mark.type.name)) return true;
      const accept = decided(mark);
      if (accept === undefined) return true;
      if ((mark.type.name === INSERTION) !== accept) keepsText = false;
      return false;
    });
    if (marks.length === node.marks.length) return push(node);
    changed = true;
    if (keepsText) push(node.mark(marks));
    else seam = true;
  });
  if (!changed) return block;
  const last = out.at(-1);
  if (tidySeams && seam && last?.isText && last.text!.endsWith(' ')) {
    const rest = last.text!.replace(/ +$/, '');
    if (rest === '') out.pop();
    else out[out.length - 1] = withText(last, rest);
  }
  return block.copy(Fragment.fromArray(out));
}
