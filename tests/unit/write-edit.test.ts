import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { markAttributes } from '../../shared/editing/mark-attributes.ts';
import { writeEdit } from '../../shared/editing/write-edit.ts';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import { bracketed, del, doc, ins, p, schema } from '../support/builders.ts';

const seed = Number(process.env.WRITE_EDIT_SEED ?? Date.now() % 1_000_000);
const runs = Number(process.env.WRITE_EDIT_RUNS ?? 60);
console.log(`write-edit property seed: ${seed} (WRITE_EDIT_SEED=${seed} to replay, WRITE_EDIT_RUNS for more runs)`);

const heading = (pid: string, text: string) => schema.nodes.heading!.create({ pid, level: 2 }, schema.text(text));
const bullets = (...items: string[]) =>
  schema.nodes.bulletList!.create(null, items.map((t, i) => schema.nodes.listItem!.create(null, p(`li${i}`, t))));

const negotiated = () =>
  doc(
    heading('h1', 'Objectives'),
    p('p1', 'to promote ', ins('MEX:aaaaaaaa', 'regional '), 'cooperation among ', del('USA:bbbbbbbb', 'the '), 'States'),
    p('p2', 'aaa', schema.nodes.hardBreak!.create(), 'bbb ', ins('CAN:cccccccc', 'ccc')),
    p({ pid: 'p3', proposal: 'BRA:dddddddd' }, ins('BRA:dddddddd', 'Invites observers.')),
    p('p4'),
    bullets('first item', 'second item'),
  );

const rendered = (fragment: Y.XmlFragment): PMNode => yXmlFragmentToProseMirrorRootNode(fragment, schema);

/**
 * A document as JSON with each run's marks in one order and runs with the same marks joined:
 * Yjs keeps no order among a run's marks, and ProseMirror joins text only with marks in order.
 */
function canonical(d: PMNode): unknown {
  const node = (n: PMNode): unknown => {
    if (!n.isTextblock) return { type: n.type.name, attrs: n.attrs, content: n.children.map(node) };
    const runs: { text: string; marks: string }[] = [];
    for (const child of n.children) {
      const marks = child.marks.map((m) => JSON.stringify(m.toJSON())).sort().join(' ');
      const text = child.isText ? child.text! : `<${child.type.name}>`;
      const last = runs.at(-1);
      if (last && child.isText && last.marks === marks && !last.text.endsWith('>')) last.text += text;
      else runs.push({ text, marks });
    }
    return { type: n.type.name, attrs: n.attrs, runs };
  };
  return node(d);
}

function sharedText(start: PMNode): { ydoc: Y.Doc; fragment: Y.XmlFragment } {
  const ydoc = new Y.Doc();
  const fragment = ydoc.getXmlFragment('default');
  prosemirrorToYXmlFragment(start, fragment);
  return { ydoc, fragment };
}

/** Every position inside a text block, where typing can happen. */
function textPositions(d: PMNode): number[] {
  const out: number[] = [];
  d.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    for (let i = 0; i <= node.content.size; i++) out.push(pos + 1 + i);
    return false;
  });
  return out;
}

type Gesture =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'select-type'; at: number; length: number; text: string }
  | { kind: 'enter'; at: number }
  | { kind: 'paste'; at: number; paragraphs: string[] };

const gesture: fc.Arbitrary<Gesture> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: fc.constantFrom('a', 'x', 'ss', 'the ', 'é') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('select-type' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }), text: fc.constantFrom('s', 'new words') }),
  fc.record({ kind: fc.constant('enter' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('paste' as const), at: fc.nat(), paragraphs: fc.array(fc.constantFrom('pasted', 'more text'), { minLength: 1, maxLength: 3 }) }),
);

/** The raw transaction the editor would dispatch for a gesture. */
function perform(state: EditorState, g: Gesture): Transaction | null {
  const positions = textPositions(state.doc);
  if (positions.length === 0) return null;
  const at = positions[g.at % positions.length]!;
  const end = Math.min(state.doc.content.size, at + ('length' in g ? g.length : 0));
  const tr = state.tr;
  switch (g.kind) {
    case 'type':
      return tr.setSelection(TextSelection.create(state.doc, at)).insertText(g.text);
    case 'delete':
      return state.doc.resolve(end).parent.isTextblock ? tr.setSelection(TextSelection.create(state.doc, at, end)).deleteSelection() : null;
    case 'select-type':
      return state.doc.resolve(end).parent.isTextblock ? tr.setSelection(TextSelection.create(state.doc, at, end)).insertText(g.text) : null;
    case 'enter':
      return tr.setSelection(TextSelection.create(state.doc, at)).split(at);
    case 'paste': {
      const blocks = g.paragraphs.map((t) => schema.nodes.paragraph!.create(null, schema.text(t)));
      return tr.setSelection(TextSelection.create(state.doc, at)).replaceSelection(new Slice(Fragment.fromArray(blocks), 1, 1));
    }
  }
}

// Generous: a property's runs take seconds on a busy machine, and the runs, not the time, are the test.
const PROPERTY_TIME = 300_000;

let idCounter = 0;
const proposer = (label: string) => ({ label, author: `${label}-delegate`, random: () => (idCounter++ % 36) / 36 });

describe('writing an edit into the shared text', () => {
  it('names marks exactly as the ProseMirror binding does', () => {
    const { fragment } = sharedText(negotiated());
    const block = fragment.get(1) as Y.XmlElement;
    const stored = (block.get(0) as Y.XmlText).toDelta() as { attributes?: Record<string, unknown> }[];
    const expected: Record<string, unknown>[] = [];
    negotiated().child(1).forEach((n) => expected.push(markAttributes(n.marks)));
    expect(stored.map((d) => d.attributes ?? {})).toEqual(expected);
  });

  it('writes every suggestion exactly: the shared text then reads as the editor\u2019s document, with no rewrite', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('MEX', 'USA', 'BRA'), gesture), { minLength: 1, maxLength: 25 }), (gestures) => {
        const { fragment } = sharedText(negotiated());
        for (const [label, g] of gestures) {
          const state = EditorState.create({ schema, doc: rendered(fragment) });
          const raw = perform(state, g);
          if (!raw || !raw.docChanged) continue;
          const outcome = toSuggestion(state, raw, proposer(label));
          if (!outcome.ok) continue;
          let rewritten = 0;
          fragment.doc!.transact(() => ({ rewritten } = writeEdit(fragment, outcome.tr)));
          expect(rewritten).toBe(0);
          const steps = outcome.tr.steps.map((step) => JSON.stringify(step.toJSON())).join('\n');
          expect(canonical(rendered(fragment)), `${bracketed(state.doc).join('\n')}\n${steps}`).toEqual(canonical(outcome.tr.doc));
        }
      }),
      { seed, numRuns: runs },
    );
  }, PROPERTY_TIME);

  it('writes direct edits too, rewriting only around the steps it cannot name exactly', () => {
    const direct: ((state: EditorState) => Transaction)[] = [
      (s) => s.tr.insertText('Chair ', 16),
      (s) => s.tr.split(20),
      (s) => s.tr.join(s.doc.child(0).nodeSize + s.doc.child(1).nodeSize),
      (s) => s.tr.addMark(2, 8, schema.marks.bold!.create()),
      (s) => s.tr.setBlockType(1, 3, schema.nodes.paragraph!, { pid: 'h1', kind: 'body' }),
      (s) => s.tr.setNodeAttribute(s.doc.child(0).nodeSize, 'kind', 'preambular'),
      (s) => s.tr.delete(3, 30),
      (s) => s.tr.insert(s.doc.content.size, p('p9', 'appended')),
    ];
    for (const edit of direct) {
      const { fragment } = sharedText(negotiated());
      const state = EditorState.create({ schema, doc: rendered(fragment) });
      const tr = edit(state);
      fragment.doc!.transact(() => writeEdit(fragment, tr));
      expect(canonical(rendered(fragment)), String(edit)).toEqual(canonical(tr.doc));
    }
  });

  it('keeps two delegations\u2019 words whole when they type over the same word at the same moment', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 40, maxLength: 80 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 80 }), (turns, deliveries) => {
        const start = doc(p('p1', 'to adopt a thematic approach'));
        const jam = sharedText(start);
        const bra = new Y.Doc();
        Y.applyUpdate(bra, Y.encodeStateAsUpdate(jam.ydoc));
        const typists = [
          { label: 'JAM', ydoc: jam.ydoc, word: 'substantive', typed: 0, id: null as string | null, sent: Y.encodeStateVector(jam.ydoc) },
          { label: 'BRA', ydoc: bra, word: 'priority', typed: 0, id: null as string | null, sent: Y.encodeStateVector(bra) },
        ];
        const deliver = (from: (typeof typists)[number], to: (typeof typists)[number]) => {
          Y.applyUpdate(to.ydoc, Y.encodeStateAsUpdate(from.ydoc, Y.encodeStateVector(to.ydoc)));
        };
        let turn = 0;
        while (typists.some((t) => t.typed < t.word.length)) {
          const t = typists[turns[turn % turns.length] ? 0 : 1]!;
          if (deliveries[turn % deliveries.length]) deliver(typists[0]!, typists[1]!);
          else deliver(typists[1]!, typists[0]!);
          turn++;
          if (t.typed >= t.word.length) continue;
          const fragment = t.ydoc.getXmlFragment('default');
          const state = EditorState.create({ schema, doc: rendered(fragment) });
          const raw = t.id === null ? selectWordAndType(state, 'thematic', t.word[0]!) : typeAfter(state, t.id, t.word[t.typed]!);
          const outcome = toSuggestion(state, raw, proposer(t.label));
          if (!outcome.ok) throw new Error(outcome.reason);
          t.ydoc.transact(() => writeEdit(fragment, outcome.tr));
          t.id ??= insertionIds(rendered(fragment), t.label)[0] ?? null;
          t.typed++;
        }
        deliver(typists[0]!, typists[1]!);
        deliver(typists[1]!, typists[0]!);
        const a = rendered(jam.ydoc.getXmlFragment('default'));
        const b = rendered(bra.getXmlFragment('default'));
        expect(canonical(a)).toEqual(canonical(b));
        for (const t of typists) expect(insertedText(a, t.id!)).toEqual([t.word]);
        expect(bracketed(a)[0]).toContain('thematic');
      }),
      { seed, numRuns: runs },
    );
  }, PROPERTY_TIME);
});

function selectWordAndType(state: EditorState, word: string, key: string): Transaction {
  let from = -1;
  state.doc.descendants((n, pos) => {
    if (from < 0 && n.isText && n.text!.includes(word) && !n.marks.some((m) => m.type.name === 'insertion')) from = pos + n.text!.indexOf(word);
  });
  return state.tr.setSelection(TextSelection.create(state.doc, from, from + word.length)).insertText(key);
}

function typeAfter(state: EditorState, id: string, key: string): Transaction {
  let end = -1;
  state.doc.descendants((n, pos) => {
    if (n.isText && n.marks.some((m) => m.type.name === 'insertion' && m.attrs.id === id)) end = pos + n.nodeSize;
  });
  return state.tr.setSelection(TextSelection.create(state.doc, end)).insertText(key);
}

function insertionIds(d: PMNode, label: string): string[] {
  const ids = new Set<string>();
  d.descendants((n) => {
    for (const m of n.marks) if (m.type.name === 'insertion' && m.attrs.delegation === label) ids.add(m.attrs.id as string);
  });
  return [...ids];
}

/** The text carrying an insertion, as the contiguous pieces it stands in. */
function insertedText(d: PMNode, id: string): string[] {
  const pieces: string[] = [];
  let open = false;
  d.descendants((n) => {
    if (!n.isText) return true;
    const carries = n.marks.some((m) => m.type.name === 'insertion' && m.attrs.id === id);
    if (carries && open) pieces[pieces.length - 1] += n.text!;
    else if (carries) pieces.push(n.text!);
    open = carries;
    return false;
  });
  return pieces;
}
