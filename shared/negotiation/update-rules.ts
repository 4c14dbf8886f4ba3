import * as Y from 'yjs';
import type { Role } from '../participants.ts';
import { RATIONALES, SUPPORTERS } from '../document-parts.ts';
import { amendmentOwner } from './amendment-marks.ts';
import { checkBlock } from './block-schema.ts';
import { isCurrent } from './mark-history.ts';
import { emptyReach, markReach, type MarkReach } from './mark-reach.ts';
import { blockAttributes, delegationView, InvalidStructure, officerView, paragraphKey, withSharedRuns } from './text-projection.ts';

/**
 * The rules every update from a participant must keep, judged on what the update actually
 * changed: the document before (the live copy) and after (the shadow with the update applied).
 *
 * - Every block an update changes fits the document schema, whoever owns it (`checkBlock`).
 * - A delegation may add text carrying its own insertion mark, add or remove its own
 *   deletion marks, edit or withdraw its own pending text and proposed paragraphs, and write
 *   its own support and rationale entries. Nothing in an agreed paragraph, and nothing another
 *   proposed, even inside its own insertion or its own paragraph.
 * - The Chair and the Secretariat edit the base text directly, but leave every other
 *   proposer's amendments (each in its paragraph) and proposed paragraphs, and every agreed
 *   paragraph, as they are: amendments are decided, and paragraphs agreed, through the audited
 *   decisions route.
 * - An observer changes nothing.
 * - Every amendment mark new to a paragraph names the sender's own label and the sender as
 *   author; no other proposer's mark covers more text than before (`judgeMarkReach`). Marks
 *   new to the document are dated by the server's clock (`mark-history.ts`, in the judge).
 */

export interface Sender {
  participantId: string;
  role: Role;
  /** `MEX`, `Chair`, `Secretariat`: what the sender's amendments are labelled with. */
  label: string;
}

/** What a transaction on the shadow changed, by part of the document. */
export interface Touched {
  /** Ids (`client:clock`) of top-level blocks whose content changed. */
  blocks: Set<string>;
  /** Blocks were added to or removed from the text. */
  structure: boolean;
  supporters: Set<string | null>;
  rationales: Set<string | null>;
  /** Something outside the parts of a document changed (an unknown root type). */
  unknown: boolean;
}

export const MAX_RATIONALE = 1000;

export { RATIONALES, SUPPORTERS };

export function supporterKey(amendmentId: string, delegation: string): string {
  return `${amendmentId}|${delegation}`;
}

export function blockId(type: { _item: Y.Item | null }): string {
  const item = type._item;
  return item ? `${item.id.client}:${item.id.clock}` : '';
}

/** Sorts the types a transaction changed into the parts of a document they belong to. */
export function classifyChanges(doc: Y.Doc, changed: Y.Transaction['changed'], textField: string): Touched {
  const text = doc.getXmlFragment(textField);
  const supporters = doc.getMap(SUPPORTERS);
  const rationales = doc.getMap(RATIONALES);
  const touched: Touched = { blocks: new Set(), structure: false, supporters: new Set(), rationales: new Set(), unknown: false };
  for (const [type, keys] of changed) {
    if (type === (supporters as unknown)) for (const k of keys) touched.supporters.add(k);
    else if (type === (rationales as unknown)) for (const k of keys) touched.rationales.add(k);
    else if (type === (text as unknown)) touched.structure = true;
    else {
      let current: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>;
      while (current._item && current._item.parent !== (text as unknown)) {
        const parent = current._item.parent;
        if (!(parent instanceof Y.AbstractType)) break;
        current = parent;
      }
      if (current._item?.parent === (text as unknown)) touched.blocks.add(blockId(current));
      else touched.unknown = true;
    }
  }
  return touched;
}

export type RuleVerdict = { ok: true } | { ok: false; reason: string };
const refuse = (reason: string): RuleVerdict => ({ ok: false, reason });

/** `now`, the server's clock, dates support and rationales (amendment marks are dated in the judge). */
export function judgeChanges(before: Y.Doc, after: Y.Doc, touched: Touched, sender: Sender, textField: string, now = Date.now()): RuleVerdict {
  if (sender.role === 'observer') return refuse('observers follow the text but cannot change it');
  // An organization reaches the rules as a delegation only where the Chair lets it propose (roleOnDocument).
  if (sender.role === 'organization') return refuse('an organization proposes amendments only on documents where the Chair allows it');
  if (touched.unknown) return refuse('the update changes something that is not part of a document');
  try {
    return withSharedRuns(() =>
      first([
        touched.structure
          ? judgeText(before.getXmlFragment(textField), after.getXmlFragment(textField), touched.blocks, sender)
          : judgeBlocksInPlace(before, after, touched.blocks, sender, textField),
        judgeSupporters(after.getMap(SUPPORTERS), touched.supporters, sender, now),
        judgeRationales(after.getMap(RATIONALES), touched.rationales, sender, now),
      ]),
    );
  } catch (error) {
    if (error instanceof InvalidStructure) return refuse(`the update does not fit the document schema: ${error.message}`);
    throw error;
  }
}

function first(verdicts: RuleVerdict[]): RuleVerdict {
  return verdicts.find((v) => !v.ok) ?? { ok: true };
}

/**
 * The common case, a keystroke: no block added or removed, so each touched block is compared
 * with itself in the live document, found by its Yjs id, without walking the whole text.
 */
function judgeBlocksInPlace(before: Y.Doc, after: Y.Doc, touched: Set<string>, sender: Sender, textField: string): RuleVerdict {
  const isOfficer = sender.role === 'chair' || sender.role === 'secretariat';
  const was: Y.XmlElement[] = [];
  const is: Y.XmlElement[] = [];
  for (const id of touched) {
    const [client, clock] = id.split(':').map(Number) as [number, number];
    const block = elementAt(after, client, clock);
    const previous = elementAt(before, client, clock);
    if (!block || !previous) return refuse('the update changes a paragraph that is not in the text');
    checkBlock(block);
    const same = isOfficer
      ? officerView(previous, sender.label).join('\u0000') === officerView(block, sender.label).join('\u0000')
      : delegationView(previous, sender.label) === delegationView(block, sender.label);
    if (!same) return refuse(isOfficer ? OFFICER_REFUSAL : DELEGATION_REFUSAL);
    const attributes = judgeBlockAttributes(previous, block, sender);
    if (!attributes.ok) return attributes;
    if (previous.getAttribute('pid') !== block.getAttribute('pid') && !uniqueIds(after.getXmlFragment(textField))) return refuse('two paragraphs may not share an id');
    was.push(previous);
    is.push(block);
  }
  return judgeMarkReach(was, is, sender);
}

function uniqueIds(text: Y.XmlFragment): boolean {
  const pids = text
    .toArray()
    .map((b) => (b instanceof Y.XmlElement ? b.getAttribute('pid') : null))
    .filter((p): p is string => typeof p === 'string');
  return new Set(pids).size === pids.length;
}

function elementAt(doc: Y.Doc, client: number, clock: number): Y.XmlElement | null {
  const item = doc.store.clients.has(client) ? Y.getItem(doc.store, Y.createID(client, clock)) : null;
  const type = item?.content instanceof Y.ContentType ? item.content.type : null;
  return type instanceof Y.XmlElement && !item!.deleted ? type : null;
}

const OFFICER_REFUSAL = 'other proposers\u2019 amendments and agreed paragraphs can only be changed by a decision of the Chair';
const DELEGATION_REFUSAL = 'a delegation may only propose amendments of its own, and not in agreed paragraphs';
const NOT_OWN = 'an amendment must be attributed to its sender\u2019s own delegation and author';

/**
 * A paragraph's status changes only by a decision of the Chair (never through the text), and a
 * paragraph proposed through the text is proposed by its sender. `previous` is the same block
 * before the update, null for a new one.
 */
function judgeBlockAttributes(previous: Y.XmlElement | null, block: Y.XmlElement, sender: Sender): RuleVerdict {
  const status = blockAttributes(block).status;
  if (status !== (previous ? blockAttributes(previous).status : 'open')) return refuse('a paragraph is agreed or reopened only by a decision of the Chair');
  const proposal = block.getAttribute('proposal');
  if (typeof proposal === 'string' && proposal !== previous?.getAttribute('proposal') && amendmentOwner(proposal) !== sender.label) {
    return refuse('a proposed paragraph must be the sender\u2019s own');
  }
  return { ok: true };
}

/**
 * Paragraph by paragraph (`paragraphKey`): every amendment mark that was not in a paragraph
 * before is the sender's own, and no mark of another proposer covers more of a paragraph's
 * text than before, apart from the sender's own text nested in it. So no update copies,
 * moves or spreads another's amendment; only decisions settle it.
 */
function judgeMarkReach(beforeBlocks: readonly Y.XmlElement[], changed: readonly Y.XmlElement[], sender: Sender): RuleVerdict {
  const after = new Map<string, MarkReach>();
  for (const block of changed) {
    const key = paragraphKey(block);
    after.set(key, markReach(block, sender.label, after.get(key)));
  }
  const before = new Map<string, MarkReach>();
  for (const block of beforeBlocks) {
    const key = paragraphKey(block);
    if (after.has(key)) before.set(key, markReach(block, sender.label, before.get(key)));
  }
  for (const [key, is] of after) {
    const was = before.get(key) ?? emptyReach();
    // Only what the update changed: a paragraph the server once let into that state does not
    // refuse every later keystroke in it.
    if (!is.nestedInside && was.nestedInside) return refuse('text carrying another proposer\u2019s mark must stand inside or next to the words it marks');
    for (const [markKey, { attrs }] of is.marks) {
      if (!was.marks.has(markKey)) {
        if (attrs.delegation !== sender.label || amendmentOwner(String(attrs.id)) !== sender.label || attrs.author !== sender.participantId) return refuse(NOT_OWN);
      } else if (attrs.delegation !== sender.label && (is.reach.get(markKey) ?? 0) > (was.reach.get(markKey) ?? 0)) {
        return refuse('another proposer\u2019s amendment may not be extended over more of the text');
      }
    }
  }
  return { ok: true };
}

function judgeText(before: Y.XmlFragment, after: Y.XmlFragment, touched: Set<string>, sender: Sender): RuleVerdict {
  const beforeBlocks = before.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const afterBlocks = after.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  if (after.length !== afterBlocks.length) return refuse('text outside a paragraph');
  if (afterBlocks.length === 0) return refuse('the text must keep at least one paragraph');
  const beforeById = new Map(beforeBlocks.map((b) => [blockId(b), b]));
  const afterIds = new Set(afterBlocks.map(blockId));
  const unchanged = (block: Y.XmlElement) => {
    const id = blockId(block);
    return !touched.has(id) && beforeById.has(id) && afterIds.has(id);
  };
  const changed = afterBlocks.filter((block) => !unchanged(block));
  // Checked first: the views below walk the blocks, which must be bounded before anything else.
  for (const block of changed) checkBlock(block);
  const isOfficer = sender.role === 'chair' || sender.role === 'secretariat';
  const view = (blocks: Y.XmlElement[]): string[] =>
    blocks.flatMap((block) => {
      if (unchanged(block)) return [`=${blockId(block)}`];
      if (isOfficer) return officerView(block, sender.label);
      const projected = delegationView(block, sender.label);
      return projected === null ? [] : [projected];
    });
  const was = view(beforeBlocks);
  const is = view(afterBlocks);
  if (was.length !== is.length || was.some((token, i) => token !== is[i])) return refuse(isOfficer ? OFFICER_REFUSAL : DELEGATION_REFUSAL);
  // Paragraph ids name paragraphs in decisions, revisions and comparisons: they stay unique.
  if (!uniqueIds(after)) return refuse('two paragraphs may not share an id');
  for (const block of changed) {
    const attributes = judgeBlockAttributes(beforeById.get(blockId(block)) ?? null, block, sender);
    if (!attributes.ok) return attributes;
  }
  return judgeMarkReach(beforeBlocks, changed, sender);
}

const supportSchemaOk = (value: unknown, sender: Sender, now: number): boolean =>
  typeof value === 'object' && value !== null && (value as { author?: unknown }).author === sender.participantId && typeof (value as { at?: unknown }).at === 'string' &&
  isCurrent((value as { at: string }).at, now) && Object.keys(value).length === 2;

function judgeSupporters(map: Y.Map<unknown>, keys: Set<string | null>, sender: Sender, now: number): RuleVerdict {
  for (const key of keys) {
    if (key === null) return refuse('malformed support entry');
    const [amendmentId, delegation, ...rest] = key.split('|');
    if (rest.length > 0 || !amendmentId || delegation !== sender.label || sender.role !== 'delegation') {
      return refuse('a delegation may only add or withdraw its own support');
    }
    if (amendmentOwner(amendmentId) === sender.label) return refuse('a delegation does not support its own amendment');
    if (map.has(key) && !supportSchemaOk(map.get(key), sender, now)) return refuse('a support entry is its author\u2019s, dated by the server\u2019s clock');
  }
  return { ok: true };
}

function judgeRationales(map: Y.Map<unknown>, keys: Set<string | null>, sender: Sender, now: number): RuleVerdict {
  for (const key of keys) {
    if (key === null || amendmentOwner(key) !== sender.label) return refuse('only the proposer may explain its amendment');
    if (!map.has(key)) continue;
    const value = map.get(key) as { text?: unknown; author?: unknown; at?: unknown } | null;
    const ok =
      typeof value === 'object' && value !== null && typeof value.text === 'string' && value.text.length <= MAX_RATIONALE &&
      value.author === sender.participantId && typeof value.at === 'string' && isCurrent(value.at, now) && Object.keys(value).length === 3;
    if (!ok) return refuse(`a rationale is a text of at most ${MAX_RATIONALE} characters by its proposer, dated by the server\u2019s clock`);
  }
  return { ok: true };
}
