import * as Y from 'yjs';
import type { Role } from '../participants.ts';
import { RATIONALES, SUPPORTERS } from '../document-parts.ts';
import { amendmentOwner } from './amendment-marks.ts';
import { amendmentMarksIn, delegationView, InvalidStructure, officerView, withSharedRuns } from './text-projection.ts';

/**
 * The rules every update from a participant must keep, judged on what the update actually
 * changed: the document before (the live copy) and after (the shadow with the update applied).
 *
 * - A delegation may add text carrying its own insertion mark, add or remove its own
 *   deletion marks, edit or withdraw its own pending text and proposed paragraphs, and write
 *   its own support and rationale entries. Nothing in an agreed paragraph.
 * - The Chair and the Secretariat edit the base text directly, but leave every other
 *   proposer's amendments and proposed paragraphs, and every agreed paragraph, as they are:
 *   amendments are decided, and paragraphs agreed, through the audited decisions route.
 * - An observer changes nothing.
 * - Every amendment mark an update adds names the sender's own label and the sender as author.
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

export function judgeChanges(before: Y.Doc, after: Y.Doc, touched: Touched, sender: Sender, textField: string): RuleVerdict {
  if (sender.role === 'observer') return refuse('observers follow the text but cannot change it');
  if (touched.unknown) return refuse('the update changes something that is not part of a document');
  try {
    return withSharedRuns(() =>
      first([
        touched.structure
          ? judgeText(before.getXmlFragment(textField), after.getXmlFragment(textField), touched.blocks, sender)
          : judgeBlocksInPlace(before, after, touched.blocks, sender, textField),
        judgeSupporters(after.getMap(SUPPORTERS), touched.supporters, sender),
        judgeRationales(after.getMap(RATIONALES), touched.rationales, sender),
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
  const known = new Set<string>();
  const pairs: [Y.XmlElement, Y.XmlElement][] = [];
  for (const id of touched) {
    const [client, clock] = id.split(':').map(Number) as [number, number];
    const was = elementAt(before, client, clock);
    const is = elementAt(after, client, clock);
    if (!was || !is) return refuse('the update changes a paragraph that is not in the text');
    const same = isOfficer
      ? officerView(was, sender.label).join('\u0000') === officerView(is, sender.label).join('\u0000')
      : delegationView(was, sender.label) === delegationView(is, sender.label);
    if (!same) return refuse(isOfficer ? OFFICER_REFUSAL : DELEGATION_REFUSAL);
    if (was.getAttribute('pid') !== is.getAttribute('pid') && !uniqueIds(after.getXmlFragment(textField))) return refuse('two paragraphs may not share an id');
    for (const key of amendmentMarksIn(was).keys()) known.add(key);
    pairs.push([was, is]);
  }
  for (const [, is] of pairs) {
    const verdict = newMarksAreOwn(is, known, sender);
    if (!verdict.ok) return verdict;
  }
  return { ok: true };
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

function newMarksAreOwn(block: Y.XmlElement, known: Set<string>, sender: Sender): RuleVerdict {
  for (const [key, mark] of amendmentMarksIn(block)) {
    if (known.has(key)) continue;
    if (mark.attrs.delegation !== sender.label || amendmentOwner(String(mark.attrs.id)) !== sender.label || mark.attrs.author !== sender.participantId) {
      return refuse('an amendment must be attributed to its sender\u2019s own delegation and author');
    }
  }
  return { ok: true };
}

function judgeText(before: Y.XmlFragment, after: Y.XmlFragment, touched: Set<string>, sender: Sender): RuleVerdict {
  const beforeBlocks = before.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  const afterBlocks = after.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
  if (after.length !== afterBlocks.length) return refuse('text outside a paragraph');
  const beforeIds = new Set(beforeBlocks.map(blockId));
  const afterIds = new Set(afterBlocks.map(blockId));
  const unchanged = (block: Y.XmlElement) => {
    const id = blockId(block);
    return !touched.has(id) && beforeIds.has(id) && afterIds.has(id);
  };
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
  // Every amendment mark the update adds must be the sender's own.
  const known = new Set<string>();
  for (const block of beforeBlocks) if (!unchanged(block)) for (const key of amendmentMarksIn(block).keys()) known.add(key);
  for (const block of afterBlocks) {
    if (unchanged(block)) continue;
    const own = newMarksAreOwn(block, known, sender);
    if (!own.ok) return own;
    const proposal = block.getAttribute('proposal');
    if (typeof proposal === 'string' && !beforeIds.has(blockId(block)) && amendmentOwner(proposal) !== sender.label) {
      return refuse('a proposed paragraph must be the sender\u2019s own');
    }
  }
  return { ok: true };
}

const supportSchemaOk = (value: unknown, sender: Sender): boolean =>
  typeof value === 'object' && value !== null && (value as { author?: unknown }).author === sender.participantId && typeof (value as { at?: unknown }).at === 'string' && Object.keys(value).length === 2;

function judgeSupporters(map: Y.Map<unknown>, keys: Set<string | null>, sender: Sender): RuleVerdict {
  for (const key of keys) {
    if (key === null) return refuse('malformed support entry');
    const [amendmentId, delegation, ...rest] = key.split('|');
    if (rest.length > 0 || !amendmentId || delegation !== sender.label || sender.role !== 'delegation') {
      return refuse('a delegation may only add or withdraw its own support');
    }
    if (amendmentOwner(amendmentId) === sender.label) return refuse('a delegation does not support its own amendment');
    if (map.has(key) && !supportSchemaOk(map.get(key), sender)) return refuse('malformed support entry');
  }
  return { ok: true };
}

function judgeRationales(map: Y.Map<unknown>, keys: Set<string | null>, sender: Sender): RuleVerdict {
  for (const key of keys) {
    if (key === null || amendmentOwner(key) !== sender.label) return refuse('only the proposer may explain its amendment');
    if (!map.has(key)) continue;
    const value = map.get(key) as { text?: unknown; author?: unknown; at?: unknown } | null;
    const ok =
      typeof value === 'object' && value !== null && typeof value.text === 'string' && value.text.length <= MAX_RATIONALE &&
      value.author === sender.participantId && typeof value.at === 'string' && Object.keys(value).length === 3;
    if (!ok) return refuse(`a rationale is a text of at most ${MAX_RATIONALE} characters by its proposer`);
  }
  return { ok: true };
}
