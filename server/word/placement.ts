import type { Node as PMNode } from '@tiptap/pm/model';
import { diffChars, diffWordsWithSpace } from 'diff';
import { DELETION, INSERTION } from '../../shared/negotiation/amendment-marks.ts';
import { paragraphNumbers } from '../../shared/negotiation/numbering.ts';
import { MAX_RATIONALE } from '../../shared/negotiation/update-rules.ts';
import { normalizedWords, textFingerprint } from './paragraph-bookmark.ts';
import type { WordParagraph, WordReading, WordSegment } from './word-reading.ts';

/**
 * Where the changes of an uploaded Word file go in the live text (the Word round trip, issue 16):
 * pure, so the preview and the confirmation work it out the same way on the text as it stands.
 *
 * A paragraph of the file is matched to one of the text by its Accord bookmark, or by its words
 * when the bookmark is gone. Its tracked changes are told apart: those Accord wrote into the
 * export (a proposer's code as author, its proposal's time as date) are already amendments;
 * every other is the uploader's. Positions are counted in the paragraph's *base text* (its words
 * without anyone's pending insertions), which neither the file's other changes nor the new
 * amendments move. Words changed without Track Changes are found by comparing the file's base
 * text with the live one, but only where the paragraph still reads in Accord as it did when the
 * file was exported (its bookmark's fingerprint): otherwise the difference may be others' work.
 */

export interface PlannedAmendment {
  pid: string;
  /** The paragraph as negotiators cite it: its number, or its first words. */
  paragraph: string;
  /** `paragraph`: a new paragraph proposed after the paragraph `pid` (its words in `inserted`). */
  shape: 'insertion' | 'deletion' | 'replacement' | 'paragraph';
  /** The base text it deletes, [from, to); from = to for an insertion, which goes at `from`. */
  from: number;
  to: number;
  inserted: string;
  deleted: string;
  /** The Word change's `w:date`, if it had one. */
  at: string | null;
  rationale: string | null;
  /** A tracked change, or a difference found by comparing with the exported text. */
  source: 'tracked' | 'compared';
}

export interface UnplacedChange {
  paragraph: string;
  text: string;
  reason: string;
}

export interface WordPlan {
  proposals: PlannedAmendment[];
  unplaced: UnplacedChange[];
}

/** The file says it was exported from another document. */
export class WrongDocument extends Error {}

export const MAX_WORD_PROPOSALS = 500;
/**
 * An amendment proposes words, not chapters; and the server writes these on the uploader's
 * behalf, outside the budgets typing is judged against, so one file adds a bounded amount.
 */
export const MAX_WORD_INSERTION = 5_000;
export const MAX_WORD_INSERTED_TOTAL = 50_000;

interface LiveParagraph {
  pid: string;
  label: string;
  open: boolean;
  base: string;
}

/** A new change of the file, in the file paragraph's base-text coordinates. */
interface FileChange {
  kind: 'ins' | 'del';
  from: number;
  to: number;
  text: string;
  author: string | null;
  date: string | null;
  comments: number[];
}

export function planWordChanges(reading: WordReading, doc: PMNode, documentId: string): WordPlan {
  if (reading.documentId && reading.documentId !== documentId) throw new WrongDocument('this file was exported from another document; upload it to that document');
  const live = liveParagraphs(doc);
  const known = knownChanges(doc);
  const plan: WordPlan = { proposals: [], unplaced: [] };
  const byText = new Map<string, LiveParagraph[]>();
  for (const p of live.values()) {
    const key = squeezed(p.base);
    if (key) byText.set(key, [...(byText.get(key) ?? []), p]);
  }
  /** The paragraph of the text the file's last matched paragraph is: where a new one goes after. */
  let anchor: LiveParagraph | null = null;
  for (let i = 0; i < reading.paragraphs.length; i++) {
    const paragraph = reading.paragraphs[i]!;
    const next = reading.paragraphs[i + 1];
    if (isNewParagraph(paragraph, known)) {
      planNewParagraph(paragraph, anchor, reading, plan);
    } else if (paragraph.insertedMark && !known(paragraph.insertedMark.author, paragraph.insertedMark.date) && next && !next.pid && hasBase(next, known) && hasBase(paragraph, known)) {
      // Enter in the middle of a paragraph: Word marks the first half's end inserted, and the
      // second half's words are the paragraph's own. A split is not an amendment Accord knows.
      const words = (p: WordParagraph) => normalizedWords(p.segments.map((s) => s.text).join(''));
      plan.unplaced.push({ paragraph: anchorLabel(paragraph, live), text: `${words(paragraph).slice(0, 40)} ¶ ${words(next).slice(0, 40)}`, reason: 'a paragraph split in two: propose the new paragraph in Accord, or type it in Word after the end of a paragraph' });
      i++;
      continue;
    } else {
      anchor = planParagraph(paragraph, reading, live, byText, known, plan) ?? anchor;
    }
    for (let i = plan.proposals.length - 1; i >= 0; i--) {
      const p = plan.proposals[i]!;
      if (p.inserted.length <= MAX_WORD_INSERTION) continue;
      plan.proposals.splice(i, 1);
      plan.unplaced.push({ paragraph: p.paragraph, text: `${p.inserted.slice(0, 57)}…`, reason: `more than ${MAX_WORD_INSERTION.toLocaleString('en')} characters in one amendment: propose a new text in Accord, or as a contribution` });
    }
    if (plan.proposals.reduce((n, p) => n + p.inserted.length, 0) > MAX_WORD_INSERTED_TOTAL) {
      plan.proposals = [];
      plan.unplaced = [{ paragraph: '', text: '', reason: `the file adds more than ${MAX_WORD_INSERTED_TOTAL.toLocaleString('en')} characters: split it, or send it as a contribution` }];
      break;
    }
    if (plan.proposals.length > MAX_WORD_PROPOSALS) {
      plan.proposals.length = MAX_WORD_PROPOSALS;
      plan.unplaced.push({ paragraph: '', text: '', reason: `more than ${MAX_WORD_PROPOSALS} changes in one file: the rest were not read; upload them in another file` });
      break;
    }
  }
  return plan;
}

/**
 * A text without its whitespace: what two versions of a paragraph are compared by. Word, the
 * export (a line break proposed inside an insertion is written plain) and the views (tidied
 * seams) move spaces and breaks that nobody meant as a change.
 */
const squeezed = (text: string) => text.replace(/\s+/g, '');

/** A number and tab before a paragraph's words, as Accord writes them (`3.`, `3 bis.`, `a)`). */
const LEAD = /^\s*\(?[0-9A-Za-z]{1,6}[.)]?(?: (?:bis|ter|quater|quinquies|sexies))?\.?\t/;

/** A paragraph of the file whose every word the uploader inserted: a new paragraph it proposes. */
function isNewParagraph(paragraph: WordParagraph, known: (author: string | null, date: string | null) => boolean): boolean {
  const words = paragraph.segments.filter((s) => s.text.trim() !== '');
  return paragraph.pid === null && words.length > 0 && words.every((s) => s.kind === 'ins' && !s.struck && !known(s.author, s.date));
}

function hasBase(paragraph: WordParagraph, known: (author: string | null, date: string | null) => boolean): boolean {
  return paragraph.segments.some((s) => s.text.trim() !== '' && (s.kind !== 'ins' || known(s.author, s.date)));
}

function anchorLabel(paragraph: WordParagraph, live: Map<string, LiveParagraph>): string {
  return (paragraph.pid && live.get(paragraph.pid)?.label) || '';
}

/** A new paragraph goes after the paragraph of the text the file has before it. */
function planNewParagraph(paragraph: WordParagraph, anchor: LiveParagraph | null, reading: WordReading, plan: WordPlan): void {
  const text = normalizedWords(paragraph.segments.map((s) => s.text).join(''));
  if (!anchor) {
    plan.unplaced.push({ paragraph: '', text, reason: 'a new paragraph before any paragraph of the text: propose it in Accord' });
    return;
  }
  if (!anchor.open) {
    plan.unplaced.push({ paragraph: anchor.label, text, reason: 'a new paragraph after an agreed paragraph, which takes no amendments until the Chair reopens it' });
    return;
  }
  const first = paragraph.segments.find((s) => s.text.trim() !== '')!;
  const rationale = rationaleOf([...new Set(paragraph.segments.flatMap((s) => s.comments))], reading);
  plan.proposals.push({ pid: anchor.pid, paragraph: anchor.label, shape: 'paragraph', from: 0, to: 0, inserted: text, deleted: '', at: first.date, rationale, source: 'tracked' });
}

function planParagraph(
  paragraph: WordParagraph,
  reading: WordReading,
  live: Map<string, LiveParagraph>,
  byText: Map<string, LiveParagraph[]>,
  known: (author: string | null, date: string | null) => boolean,
  plan: WordPlan,
): LiveParagraph | null {
  const { base: rawBase, changes, struckOthers } = fileBase(paragraph.segments, known);
  const lead = paragraph.pid ? 0 : (LEAD.exec(rawBase)?.[0].length ?? 0);
  const fileText = rawBase.slice(lead);
  const shifted = changes.map((c) => ({ ...c, from: Math.max(0, c.from - lead), to: Math.max(0, c.to - lead) }));
  const quote = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
  const refuse = (reason: string, text = fileText) => plan.unplaced.push({ paragraph: quote(normalizedWords(text)), text: shifted.map((c) => c.text).join(' / '), reason });

  const target = paragraph.pid && live.has(paragraph.pid) ? live.get(paragraph.pid)! : paragraph.pid ? null : uniqueMatch(byText, fileText);
  if (!target) {
    if (shifted.length === 0) return null;
    refuse(paragraph.pid ? 'this paragraph is no longer in the text' : 'no paragraph of the text reads like this one (its Accord id is gone and its words differ)');
    return null;
  }
  const same = squeezed(fileText) === squeezed(target.base);
  const mayCompare = !same && paragraph.fingerprint !== null && textFingerprint(target.base) === paragraph.fingerprint;
  if (!same && !mayCompare) {
    refuse(
      paragraph.fingerprint
        ? 'the paragraph has changed in Accord since this file was exported, so your changes cannot be told from others\u2019: propose them in the app'
        : 'the paragraph\u2019s words differ from the text in Accord',
      target.label,
    );
    return target;
  }
  const proposals: PlannedAmendment[] = [];
  if (struckOthers.length > 0) {
    plan.unplaced.push({ paragraph: target.label, text: struckOthers.join(' / '), reason: 'a change to words another proposes to insert: amend their proposal in Accord itself' });
  }
  if (!target.open && (shifted.length > 0 || !same)) {
    refuse('the paragraph is agreed: it takes no amendments until the Chair reopens it', target.label);
    return target;
  }
  // File base position → live base position, through the parts both have.
  const { map, compared } = align(fileText, target.base, mayCompare);
  for (const change of compared) proposals.push({ ...change, pid: target.pid, paragraph: target.label, at: null, rationale: null, source: 'compared' });
  for (const change of shifted) {
    const rationale = rationaleOf(change.comments, reading);
    if (change.kind === 'ins') {
      const at = map(change.from);
      proposals.push({ pid: target.pid, paragraph: target.label, shape: 'insertion', from: at, to: at, inserted: change.text, deleted: '', at: change.date, rationale, source: 'tracked' });
    } else {
      const from = map(change.from);
      const to = map(change.to);
      if (to <= from) continue;
      proposals.push({ pid: target.pid, paragraph: target.label, shape: 'deletion', from, to, inserted: '', deleted: target.base.slice(from, to), at: change.date, rationale, source: 'tracked' });
    }
  }
  plan.proposals.push(...asReplacements(proposals));
  return target;
}

/** The live paragraphs by pid, with their base text (words without pending insertions). */
function liveParagraphs(doc: PMNode): Map<string, LiveParagraph> {
  const numbers = paragraphNumbers(doc);
  const out = new Map<string, LiveParagraph>();
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const pid = node.attrs.pid as string | null | undefined;
    if (!pid) return false;
    const base = baseTextOf(node);
    const words = normalizedWords(node.textContent);
    const label = numbers.get(pid) ? `paragraph ${numbers.get(pid)}` : `“${words.length > 40 ? `${words.slice(0, 37)}…` : words}”`;
    out.set(pid, { pid, label, open: (node.attrs.status ?? 'open') === 'open', base });
    return false;
  });
  return out;
}

/** A textblock's words without anyone's pending insertions; a line break reads as a space. */
export function baseTextOf(block: PMNode): string {
  let text = '';
  block.forEach((child) => {
    if (child.marks.some((m) => m.type.name === INSERTION)) return;
    text += child.isText ? child.text! : ' ';
  });
  return text;
}

/** Whether a tracked change of the file is one Accord wrote into it: a pending amendment's proposer and time. */
function knownChanges(doc: PMNode): (author: string | null, date: string | null) => boolean {
  const seconds = (at: string | null) => {
    const t = at ? Date.parse(at) : Number.NaN;
    return Number.isNaN(t) ? null : Math.floor(t / 1000);
  };
  const pending = new Set<string>();
  doc.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name !== INSERTION && mark.type.name !== DELETION) continue;
      pending.add(`${mark.attrs.delegation}|${seconds(mark.attrs.at as string)}`);
    }
    const proposal = node.attrs.proposal as string | null | undefined;
    if (proposal) pending.add(`${proposal.split(':')[0]}|null`);
    return true;
  });
  return (author, date) => author !== null && (pending.has(`${author}|${seconds(date)}`) || (date === null && [...pending].some((k) => k.startsWith(`${author}|`))));
}

/** The file paragraph's base text and its new changes, in that text's coordinates. */
function fileBase(segments: readonly WordSegment[], known: (author: string | null, date: string | null) => boolean): { base: string; changes: FileChange[]; struckOthers: string[] } {
  let base = '';
  const changes: FileChange[] = [];
  const struckOthers: string[] = [];
  const othersInsertion = (s: WordSegment | undefined) => s?.kind === 'ins' && known(s.author, s.date);
  for (const [i, segment] of segments.entries()) {
    const mine = segment.kind !== 'text' && !known(segment.author, segment.date);
    if (segment.kind === 'ins') {
      // Striking words another proposes to insert, or typing inside them, is amending their
      // proposal (a nested bracket): not read from Word, where it would land beside it instead.
      if (!mine && segment.struck && !known(segment.struck.author, segment.struck.date)) struckOthers.push(segment.text);
      const inside = othersInsertion(segments[i - 1]) && othersInsertion(segments[i + 1]) && segments[i - 1]!.author === segments[i + 1]!.author;
      if (mine && inside) struckOthers.push(segment.text);
      else if (mine && !segment.struck) changes.push({ kind: 'ins', from: base.length, to: base.length, text: segment.text, author: segment.author, date: segment.date, comments: segment.comments });
      continue;
    }
    if (mine) {
      const last = changes.at(-1);
      // One Word deletion may come in several runs.
      if (last?.kind === 'del' && last.to === base.length && last.author === segment.author && last.date === segment.date) {
        last.to += segment.text.length;
        last.text += segment.text;
      } else changes.push({ kind: 'del', from: base.length, to: base.length + segment.text.length, text: segment.text, author: segment.author, date: segment.date, comments: segment.comments });
    }
    base += segment.text;
  }
  return { base, changes, struckOthers };
}

function uniqueMatch(byText: Map<string, LiveParagraph[]>, text: string): LiveParagraph | null {
  const found = byText.get(squeezed(text));
  return found?.length === 1 ? found[0]! : null;
}

type Compared = Pick<PlannedAmendment, 'shape' | 'from' | 'to' | 'inserted' | 'deleted'>;

/**
 * Maps positions of the file's base text onto the live one. Differences of whitespace alone are
 * not changes; when `compare`, every other difference is a change the uploader made without
 * Track Changes, returned as amendments (word by word, as a negotiator would propose them).
 */
function align(fileText: string, liveText: string, compare: boolean): { map: (at: number) => number; compared: Compared[] } {
  // For each position between the file's characters, the live position it stands for.
  const positions = new Array<number>(fileText.length + 1);
  let f = 0;
  let l = 0;
  for (const part of diffChars(fileText, liveText)) {
    const n = part.value.length;
    if (part.added) l += n;
    else if (part.removed) for (let k = 0; k < n; k++) positions[f++] = l;
    else for (let k = 0; k < n; k++) positions[f++] = l++;
  }
  positions[f] = l;
  const map = (at: number): number => positions[Math.max(0, Math.min(at, fileText.length))]!;
  const compared: Compared[] = [];
  if (compare) {
    let at = 0;
    const parts = diffWordsWithSpace(liveText, fileText);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (!part.added && !part.removed) {
        at += part.value.length;
        continue;
      }
      if (normalizedWords(part.value) === '') {
        if (part.removed) at += part.value.length;
        continue;
      }
      if (part.removed) {
        const next = parts[i + 1];
        const replacedBy = next?.added && normalizedWords(next.value) !== '' ? next.value : null;
        compared.push({ shape: replacedBy ? 'replacement' : 'deletion', from: at, to: at + part.value.length, deleted: part.value, inserted: replacedBy ?? '' });
        at += part.value.length;
        if (replacedBy) i++;
      } else compared.push({ shape: 'insertion', from: at, to: at, deleted: '', inserted: part.value });
    }
  }
  return { map, compared };
}

/** A tracked deletion followed at once by a tracked insertion of the same author is one replacement. */
function asReplacements(proposals: PlannedAmendment[]): PlannedAmendment[] {
  const out: PlannedAmendment[] = [];
  for (const p of proposals) {
    const last = out.at(-1);
    if (last && last.source === 'tracked' && p.source === 'tracked' && last.shape === 'deletion' && p.shape === 'insertion' && p.from === last.to && p.at === last.at) {
      out[out.length - 1] = { ...last, shape: 'replacement', inserted: p.inserted, rationale: last.rationale ?? p.rationale };
    } else out.push(p);
  }
  return out;
}

/** The words of the comments on a change, except Accord's own notes: its rationale. */
function rationaleOf(ids: readonly number[], reading: WordReading): string | null {
  const texts = ids.map((id) => reading.comments[id]).filter((c) => c && c.author !== 'Accord' && c.text).map((c) => c!.text);
  const text = [...new Set(texts)].join('\n');
  return text ? text.slice(0, MAX_RATIONALE) : null;
}
