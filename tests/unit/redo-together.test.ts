import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindingAnchoring } from '../../shared/editing/binding-anchoring.ts';
import { RedoHistory } from '../../shared/editing/redo-history.ts';
import { writeEdit } from '../../shared/editing/write-edit.ts';
import { proposerLabel, rewritableBy } from '../../shared/negotiation/amendment-marks.ts';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument, newYDoc } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { doc, p } from '../support/builders.ts';
import { blockStart, editorDoc, writeBack } from '../support/editing.ts';
import { seededRandom, type Random } from '../support/gestures.ts';
import { documentSignature, insertedBy, insertionIdsOf } from '../support/text-signature.ts';

/**
 * Undo and redo while others type at the same place, through the editor's own path (suggest,
 * writeEdit, the Yjs UndoManager for undo, the redo history for redo) and the server's judge,
 * with messages delivered in random order. Randomised and seeded: ACCORD_REDO_SEED replays one
 * seed, ACCORD_REDO_RUNS runs more.
 */
const firstSeed = Number(process.env.ACCORD_REDO_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = process.env.ACCORD_REDO_SEED ? 1 : Number(process.env.ACCORD_REDO_RUNS ?? 250);
/**
 * Seeds that once failed, played on every run. 746, 1981 and 770606894: a participant's words,
 * typed after a word another delegation struck at the same time, came to stand inside that
 * deletion as Yjs merged the two; undone and redone, they were written again with the other
 * delegation's mark, and the server refused the redo as extending its amendment.
 * 1611073784 and 246814433: in the same place, the participant erased some of its words and
 * undid that; Yjs wrote the other's deletion boundaries again after the letters it restored, and
 * the server took them for a claim over the words after them (see displaced-marks.ts).
 */
const ONCE_FAILED = [746, 1981, 770606894, 1611073784, 246814433];

const person = (role: Participant['role'], delegation: string | null): Participant => ({ id: `${delegation ?? role}-person`, name: delegation ?? role, role, delegation });
const PEOPLE = [person('delegation', 'JAM'), person('delegation', 'USA'), person('chair', null)];
const PHRASES = [' substantive', ' priority', ' ssss'];
const TYPING = 'typing';

interface Typist {
  who: Participant;
  doc: Y.Doc;
  undo: Y.UndoManager;
  redo: RedoHistory;
  /** The caret, kept by its Yjs position as the editor keeps it. */
  caret: Y.RelativePosition | null;
}

function firstText(d: Y.Doc): Y.XmlText {
  return (d.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function rendered(d: Y.Doc): EditorState {
  return EditorState.create({ schema: documentSchema(), doc: editorDoc(d) });
}

/** The base word's range, outside anyone's insertion. */
function baseWord(d: PMNode, word: string): [number, number] | null {
  let found: [number, number] | null = null;
  d.descendants((node, pos) => {
    if (found || !node.isText || node.marks.some((m) => m.type.name === 'insertion')) return !found;
    const i = node.text!.indexOf(word);
    if (i >= 0) found = [pos + i, pos + i + word.length];
    return false;
  });
  return found;
}

function placeAfter(t: Typist, word: string): void {
  const state = rendered(t.doc);
  const found = baseWord(state.doc, word);
  t.caret = found ? Y.createRelativePositionFromTypeIndex(firstText(t.doc), found[1] - blockStart(state.doc, 0), -1) : null;
}

function typeKey(t: Typist, key: string, over?: string): void {
  const state = rendered(t.doc);
  let range: [number, number] | null = null;
  if (over) range = baseWord(state.doc, over);
  else if (t.caret) {
    const at = Y.createAbsolutePositionFromRelativePosition(t.caret, t.doc);
    if (at) range = [blockStart(state.doc, 0) + at.index, blockStart(state.doc, 0) + at.index];
  }
  if (!range) return;
  const outcome = toSuggestion(state, state.tr.insertText(key, range[0], range[1]), { label: proposerLabel(t.who), author: t.who.id });
  if (!outcome.ok) throw new Error(outcome.reason);
  t.doc.transact(() => writeEdit(t.doc.getXmlFragment(TEXT_FIELD), outcome.tr), TYPING);
  t.redo.clear();
  t.caret = Y.createRelativePositionFromTypeIndex(firstText(t.doc), outcome.tr.selection.head - blockStart(outcome.tr.doc, 0), -1);
}

function eraseKey(t: Typist): void {
  const state = rendered(t.doc);
  const at = t.caret && Y.createAbsolutePositionFromRelativePosition(t.caret, t.doc);
  if (!at || at.index === 0) return;
  const pos = blockStart(state.doc, 0) + at.index;
  const outcome = toSuggestion(state, state.tr.delete(pos - 1, pos), { label: proposerLabel(t.who), author: t.who.id });
  if (!outcome.ok) throw new Error(outcome.reason);
  t.doc.transact(() => writeEdit(t.doc.getXmlFragment(TEXT_FIELD), outcome.tr), TYPING);
  t.redo.clear();
  t.caret = Y.createRelativePositionFromTypeIndex(firstText(t.doc), outcome.tr.selection.head - blockStart(outcome.tr.doc, 0), -1);
}

/** Undo as the editor does it: the UndoManager's, with the words it took kept for redo. */
function undo(t: Typist): void {
  t.redo.undone(
    () => editorDoc(t.doc),
    () => {
      let removed: Y.Transaction['deleteSet'] | null = null;
      const capture = (tr: Y.Transaction) => {
        if (tr.origin === t.undo) removed = tr.deleteSet;
      };
      t.doc.on('afterTransaction', capture);
      t.undo.undo();
      t.doc.off('afterTransaction', capture);
      return (id) => removed !== null && Y.isDeleted(removed, id);
    },
  );
}

function redo(t: Typist): void {
  const taken = t.redo.takeLast(editorDoc(t.doc));
  if (!taken) return;
  if ('unplaced' in taken) throw new Error(`${t.who.name}'s redo could not be placed: ${taken.unplaced}`);
  t.undo.stopCapturing();
  const tr = rendered(t.doc).tr;
  for (const step of taken.transform.steps) tr.step(step);
  t.doc.transact(() => writeEdit(t.doc.getXmlFragment(TEXT_FIELD), tr), TYPING);
  taken.written();
}

type Gesture = 'type-after' | 'replace' | 'undo-redo' | 'undo-twice-redo-twice' | 'erase-and-undo';
const GESTURES: Gesture[] = ['type-after', 'replace', 'undo-redo', 'undo-twice-redo-twice', 'erase-and-undo'];

/** A gesture as the steps a person makes, one at a time; and the words it must leave whole. */
function script(t: Typist, gesture: Gesture, phrase: string, random: Random): { steps: (() => void)[]; leaves: string } {
  const keys = [...phrase].map((k) => () => typeKey(t, k));
  switch (gesture) {
    case 'type-after':
      return { steps: [() => placeAfter(t, 'word'), ...keys], leaves: phrase };
    case 'replace':
      return { steps: [...phrase].map((k, i) => () => typeKey(t, k, i === 0 ? 'word' : undefined)), leaves: phrase };
    case 'undo-redo':
      return { steps: [() => placeAfter(t, 'word'), ...keys, () => undo(t), () => redo(t)], leaves: phrase };
    case 'erase-and-undo': {
      // Backspace over the end of one's own words (really deleted: they were only proposed), then undo.
      const erased = random.int(1, 3);
      return {
        steps: [() => placeAfter(t, 'word'), ...keys, () => t.undo.stopCapturing(), ...Array.from({ length: erased }, () => () => eraseKey(t)), () => t.undo.stopCapturing(), () => undo(t)],
        leaves: phrase,
      };
    }
    case 'undo-twice-redo-twice': {
      // Two pauses' worth of typing: two undo steps.
      const cut = random.int(1, keys.length - 1);
      return {
        steps: [() => placeAfter(t, 'word'), ...keys.slice(0, cut), () => t.undo.stopCapturing(), ...keys.slice(cut), () => undo(t), () => undo(t), () => redo(t), () => redo(t)],
        leaves: phrase,
      };
    }
  }
}

interface Outcome {
  problems: string[];
  text: string;
}

function play(seed: number): Outcome {
  const random = seededRandom(seed);
  const live = newYDoc();
  live.clientID = 1;
  writeBack(live, doc(p('p1', 'alpha word beta')));
  const typists: Typist[] = PEOPLE.filter(() => random.next() < 0.8).map((who, i) => {
    const d = new Y.Doc();
    d.clientID = 10 + i * 10 + random.int(0, 9);
    Y.applyUpdate(d, Y.encodeStateAsUpdate(live));
    const fragment = d.getXmlFragment(TEXT_FIELD);
    return {
      who,
      doc: d,
      undo: new Y.UndoManager(fragment, { trackedOrigins: new Set([TYPING]), captureTimeout: Number.POSITIVE_INFINITY }),
      redo: new RedoHistory(bindingAnchoring(d, fragment, () => initProseMirrorDoc(fragment, documentSchema()).mapping), rewritableBy(proposerLabel(who))),
      caret: null,
    };
  });
  const clients = new Map(typists.map((t) => [t.doc.clientID, t.who.id]));
  const problems: string[] = [];
  const outbox = new Map(typists.map((t) => [t, [] as Uint8Array[]]));
  for (const t of typists) t.doc.on('update', (u: Uint8Array, origin: unknown) => origin !== live && outbox.get(t)!.push(u));
  // A participant's messages reach the server in order; the server's answer reaches everyone.
  const deliver = (t: Typist) => {
    for (const update of outbox.get(t)!.splice(0)) {
      const verdict = judgeUpdate(live, copyDocument(live), update, t.who, clients);
      if (!verdict.accepted) problems.push(`${t.who.name} was refused: ${verdict.reason}`);
      else {
        if (verdict.change) Y.applyUpdate(live, verdict.change);
        if (verdict.correction) Y.applyUpdate(live, verdict.correction);
      }
    }
    for (const other of typists) Y.applyUpdate(other.doc, Y.encodeStateAsUpdate(live, Y.encodeStateVector(other.doc)), live);
  };

  const plans = typists.map((t) => ({ t, ...script(t, random.pick(GESTURES), random.pick(PHRASES), random) }));
  for (;;) {
    const waiting = plans.filter((plan) => plan.steps.length > 0);
    if (waiting.length === 0) break;
    if (random.next() < 0.6) random.pick(waiting).steps.shift()!();
    else deliver(random.pick(typists));
  }
  for (const t of typists) deliver(t);

  const signature = documentSignature(editorDoc(live));
  for (const plan of plans) {
    const whole = insertionIdsOf(signature, proposerLabel(plan.t.who)).some((id) => insertedBy(signature, id).some((text) => text.includes(plan.leaves)));
    if (!whole) problems.push(`${plan.t.who.name}'s "${plan.leaves}" is not whole`);
  }
  for (const t of typists) if (!editorDoc(t.doc).eq(editorDoc(live))) problems.push(`${t.who.name} holds another text`);
  const text = signature[0]!.runs.map((r) => (r.marks.length ? `[${r.text}]${r.marks.join(',')}` : r.text)).join('');
  return { problems, text };
}

describe('undo and redo while others type at the same place', () => {
  it(`brings one's own words back whole, and nothing else (seeds from ${firstSeed}, ${runs} runs, and ${ONCE_FAILED.length} that once failed)`, () => {
    console.log(`redo-together: seeds ${firstSeed}..${firstSeed + runs - 1} and ${ONCE_FAILED.join(', ')} (ACCORD_REDO_SEED=n replays one)`);
    const failures: string[] = [];
    const seeds = [...(process.env.ACCORD_REDO_SEED ? [] : ONCE_FAILED), ...Array.from({ length: runs }, (_, i) => firstSeed + i)];
    for (const seed of seeds) {
      try {
        const { problems, text } = play(seed);
        if (problems.length > 0) failures.push(`seed ${seed}: ${problems.join('; ')}\n  ${text}`);
      } catch (error) {
        failures.push(`seed ${seed}: ${String(error)}`);
      }
    }
    expect(`${failures.length} of ${seeds.length} failed\n${failures.slice(0, 5).join('\n')}`).toBe(`0 of ${seeds.length} failed\n`);
  }, 60_000 + runs * 1_000);
});
