import { EditorState, TextSelection } from '@tiptap/pm/state';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeEdit } from '../../shared/editing/write-edit.ts';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import { inheritedMarks, liftStrikes, unseenStrikes } from '../../shared/negotiation/unseen-strikes.ts';
import { bracketed, doc, p, schema } from '../support/builders.ts';

const WORD = 'coordinated';

/** A delegation's copy of the text, with a client id chosen so both orders of Yjs's tie-break are tried. */
function copyOf(server: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  return copy;
}

/** Double-clicks the word and types `typed` over it, as the editor writes it; returns the update. */
function replaceWord(copy: Y.Doc, label: string, typed: string): Uint8Array {
  const fragment = copy.getXmlFragment('default');
  const updates: Uint8Array[] = [];
  copy.on('update', (u: Uint8Array) => updates.push(u));
  for (const [i, key] of [...typed].entries()) {
    const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment, schema) });
    let tr = state.tr;
    if (i === 0) {
      const from = 1 + state.doc.textContent.indexOf(WORD);
      tr = tr.setSelection(TextSelection.create(state.doc, from, from + WORD.length)).insertText(key);
    } else {
      tr = tr.insertText(key, lastInsertionEnd(state, label));
    }
    const outcome = toSuggestion(state, tr, { label, author: `${label}-delegate` });
    if (!outcome.ok) throw new Error(outcome.reason);
    copy.transact(() => writeEdit(fragment, outcome.tr));
  }
  return Y.mergeUpdates(updates);
}

function lastInsertionEnd(state: EditorState, label: string): number {
  let end = -1;
  state.doc.descendants((n, pos) => {
    if (n.isText && n.marks.some((m) => m.type.name === 'insertion' && m.attrs.delegation === label)) end = pos + n.nodeSize;
  });
  return end;
}

describe('strikes a delegation never saw', () => {
  for (const [usa, bra] of [[1, 2], [2, 1]] as const) {
    it(`are lifted from words typed at the same moment as another's replacement (client ids ${usa}, ${bra})`, () => {
      const server = new Y.Doc();
      prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), server.getXmlFragment('default'));
      const usaCopy = copyOf(server, usa);
      const braCopy = copyOf(server, bra);
      const fromUsa = replaceWord(usaCopy, 'USA', 'sustained');
      const fromBra = replaceWord(braCopy, 'BRA', 'strong');

      Y.applyUpdate(server, fromUsa);
      Y.applyUpdate(server, fromBra);
      const strikes = unseenStrikes(server, Y.decodeUpdate(fromBra).structs);
      server.transact(() => liftStrikes(strikes));

      const text = bracketed(yXmlFragmentToProseMirrorRootNode(server.getXmlFragment('default'), schema))[0]!;
      // Each replacement stands whole, under its own insertion only; the word is struck by both.
      expect(text).toMatch(/\{\+USA:\w+ sustained\}/);
      expect(text).toMatch(/\{\+BRA:\w+ strong\}/);
      expect(text).not.toMatch(/\{-USA:\w+ \{\+BRA|\{-USA:\w+ strong|\{\+BRA:\w+ \{-USA/);
      // Once lifted, nothing is left to lift.
      expect(unseenStrikes(server, Y.decodeUpdate(fromBra).structs)).toEqual([]);
    });
  }
});

describe('marks a delegation\u2019s new words took from another', () => {
  for (const [usa, mex] of [[1, 2], [2, 1]] as const) {
    it(`are lifted when it types just after words another strikes at the same moment (client ids ${usa}, ${mex})`, () => {
      const server = new Y.Doc();
      prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), server.getXmlFragment('default'));
      const usaCopy = copyOf(server, usa);
      const mexCopy = copyOf(server, mex);
      const fragment = (d: Y.Doc) => d.getXmlFragment('default');
      const edit = (copy: Y.Doc, label: string, make: (state: EditorState) => ReturnType<EditorState['tr']['insertText']>) => {
        const updates: Uint8Array[] = [];
        copy.on('update', (u: Uint8Array) => updates.push(u));
        const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment(copy), schema) });
        const outcome = toSuggestion(state, make(state), { label, author: `${label}-delegate` });
        if (!outcome.ok) throw new Error(outcome.reason);
        copy.transact(() => writeEdit(fragment(copy), outcome.tr));
        return Y.mergeUpdates(updates);
      };
      const end = (state: EditorState) => 1 + state.doc.textContent.indexOf(WORD) + WORD.length;
      const fromUsa = edit(usaCopy, 'USA', (s) => s.tr.delete(end(s) - WORD.length, end(s)));
      const fromMex = edit(mexCopy, 'MEX', (s) => s.tr.insertText(' and sustained', end(s)));
      Y.applyUpdate(server, fromUsa);
      Y.applyUpdate(server, fromMex);
      const structs = Y.decodeUpdate(fromMex).structs;
      server.transact(() => liftStrikes([...unseenStrikes(server, structs), ...inheritedMarks(server, structs, 'MEX')]));
      const text = bracketed(yXmlFragmentToProseMirrorRootNode(fragment(server), schema))[0]!;
      expect(text).toMatch(/\{\+MEX:\w+ +and sustained\}/);
      expect(text).not.toMatch(/\{-USA:\w+ \{\+MEX|\{\+MEX:\w+ \{-USA/);
    });
  }
});
