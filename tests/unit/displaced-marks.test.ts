import { EditorState, type Transaction } from '@tiptap/pm/state';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeEdit } from '../../shared/editing/write-edit.ts';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import type { Participant } from '../../shared/participants.ts';
import { copyDocument } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { bracketed, doc, p, schema } from '../support/builders.ts';
import { MEX, USA } from '../support/rule-fixture.ts';

const WORD = 'coordinated';
const fragment = (d: Y.Doc) => d.getXmlFragment('default');

/** The server's live copy, judging updates as a room does: each on a fresh shadow, its correction applied with it. */
class Server {
  readonly live = new Y.Doc();
  readonly corrections: Uint8Array[] = [];
  readonly clients = new Map<number, string>();

  submit(update: Uint8Array, who: Participant): void {
    const shadow = copyDocument(this.live);
    // The server's corrections are written under the shadow's client id: the lowest here, so
    // that Yjs orders them before the delegations' concurrent words at the same place.
    shadow.clientID = 1;
    const verdict = judgeUpdate(this.live, shadow, update, who, this.clients);
    if (!verdict.accepted) throw new Error(`refused: ${verdict.reason}`);
    for (const client of verdict.newClients) this.clients.set(client, who.id);
    if (verdict.change) Y.applyUpdate(this.live, verdict.change);
    if (verdict.correction) {
      Y.applyUpdate(this.live, verdict.correction);
      this.corrections.push(verdict.correction);
    }
  }

  text(): string {
    return bracketed(yXmlFragmentToProseMirrorRootNode(fragment(this.live), schema))[0]!;
  }
}

function copyOf(source: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(source));
  return copy;
}

/** One gesture in a delegation's editor, written as the editor writes it; returns its update. */
function edit(copy: Y.Doc, label: string, make: (state: EditorState) => Transaction): Uint8Array {
  const updates: Uint8Array[] = [];
  const capture = (u: Uint8Array) => updates.push(u);
  copy.on('update', capture);
  const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment(copy), schema) });
  const outcome = toSuggestion(state, make(state), { label, author: `${label}-delegate` });
  if (!outcome.ok) throw new Error(outcome.reason);
  copy.transact(() => writeEdit(fragment(copy), outcome.tr));
  copy.off('update', capture);
  return Y.mergeUpdates(updates);
}

const wordEnd = (state: EditorState) => 1 + state.doc.textContent.indexOf(WORD) + WORD.length;

describe('another\u2019s mark restated after one\u2019s own new words (displaced-marks.ts)', () => {
  for (const [usa, mex] of [[2, 3], [3, 2]] as const) {
    it(`does not re-open it over words it no longer covered (client ids ${usa}, ${mex})`, () => {
      const server = new Server();
      prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), fragment(server.live));
      const usaCopy = copyOf(server.live, usa);
      const mexCopy = copyOf(server.live, mex);

      // USA strikes the word while MEX, not seeing it, types right after it.
      const strike = edit(usaCopy, 'USA', (s) => s.tr.delete(wordEnd(s) - WORD.length, wordEnd(s)));
      const typed = edit(mexCopy, 'MEX', (s) => s.tr.insertText(' and', wordEnd(s)));
      server.submit(strike, USA);
      server.submit(typed, MEX);
      // MEX receives USA's strike but not yet the server's lifting of it from MEX's words (if
      // any), and types on at the end of its words, which its editor may show struck.
      Y.applyUpdate(mexCopy, strike);
      const more = edit(mexCopy, 'MEX', (s) => {
        let end = 0;
        s.doc.descendants((n, pos) => {
          if (n.isText && n.marks.some((m) => m.type.name === 'insertion' && m.attrs.delegation === 'MEX')) end = pos + n.nodeSize;
        });
        return s.tr.insertText(' firmly', end);
      });
      expect(() => server.submit(more, MEX)).not.toThrow();

      const text = server.text();
      // USA's deletion stands on its word only; MEX's words stand whole, unstruck; the rest is base text.
      expect(text).toMatch(new RegExp(`\\{-USA:\\w+ ${WORD}\\}`));
      expect(text).toMatch(/\{\+MEX:\w+ +and firmly\}/);
      expect(text).toMatch(/\} support$/);
      expect(text).not.toMatch(/\{-USA:\w+ [^}]*(and|firmly|support)/);
    });
  }
});

describe('one\u2019s own deletion restated after one\u2019s own new words', () => {
  for (const [usa, mex] of [[2, 3], [3, 2]] as const) {
    it(`does not strike another\u2019s words typed there at the same moment (client ids ${usa}, ${mex})`, () => {
      const server = new Server();
      prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), fragment(server.live));
      // MEX strikes "coordinated support"; USA, not seeing it yet, types right after "coordinated"
      // (the server lifts MEX's strike from USA's words); MEX, not seeing USA's words, types
      // there too, inside its own deletion.
      const mexCopy = copyOf(server.live, mex);
      const usaCopy = copyOf(server.live, usa);
      const strike = edit(mexCopy, 'MEX', (s) => s.tr.delete(wordEnd(s) - WORD.length, s.doc.content.size - 1));
      server.submit(strike, MEX);
      const fromUsa = edit(usaCopy, 'USA', (s) => s.tr.insertText(' and', wordEnd(s)));
      const fromMex = edit(mexCopy, 'MEX', (s) => s.tr.insertText(' firmly', wordEnd(s)));
      server.submit(fromUsa, USA);
      expect(() => server.submit(fromMex, MEX)).not.toThrow();
      const text = server.text();
      expect(text).toMatch(/\{\+USA:\w+ +and\}/);
      expect(text).toMatch(/\{\+MEX:\w+ +firmly\}/);
      expect(text).not.toMatch(/\{-MEX:\w+ [^}]*(and|firmly)/);
    });
  }
});


describe('an update the server already has, sent again (a reconnecting client\u2019s resync)', () => {
  it('changes nothing: another\u2019s later deletion of those words stays', () => {
    const server = new Server();
    prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), fragment(server.live));
    const mexCopy = copyOf(server.live, 2);
    const typed = edit(mexCopy, 'MEX', (s) => s.tr.insertText(' and', wordEnd(s)));
    server.submit(typed, MEX);
    // USA, having seen MEX's words, proposes to strike them.
    const usaCopy = copyOf(server.live, 3);
    const strike = edit(usaCopy, 'USA', (s) => s.tr.delete(wordEnd(s), wordEnd(s) + ' and'.length));
    server.submit(strike, USA);
    const before = server.text();
    expect(before).toMatch(/\{-USA:\w+ \{\+MEX:\w+ +and\}\}|\{-USA:\w+,\+MEX:\w+ +and\}|\{\+MEX:\w+ \{-USA:\w+ +and\}\}/);

    // The room judges a batch on one working copy, kept from one update to the next: the resent
    // update must leave nothing in it that the live text does not hold.
    const shadow = copyDocument(server.live);
    const verdict = judgeUpdate(server.live, shadow, typed, MEX, server.clients);
    expect(verdict).toMatchObject({ accepted: true, change: null, correction: null });
    expect(Y.encodeStateVector(shadow)).toEqual(Y.encodeStateVector(server.live));
    server.submit(typed, MEX);
    expect(server.text()).toBe(before);
  });
});

describe('words typed on at the end of one\u2019s own, with formatting elsewhere in the paragraph in the same update', () => {
  it('are judged (Yjs merges them with the earlier run into one item the live copy holds only in part)', () => {
    const server = new Server();
    prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), fragment(server.live));
    const mexCopy = copyOf(server.live, 2);
    server.submit(edit(mexCopy, 'MEX', (s) => s.tr.insertText(' ab', wordEnd(s))), MEX);
    const updates: Uint8Array[] = [];
    const capture = (u: Uint8Array) => updates.push(u);
    mexCopy.on('update', capture);
    mexCopy.transact(() => {
      for (const make of [
        (s: EditorState) => s.tr.insertText('c', wordEnd(s) + ' ab'.length),
        (s: EditorState) => s.tr.delete(s.doc.content.size - 1 - 'support'.length, s.doc.content.size - 1),
      ]) {
        const state = EditorState.create({ schema, doc: yXmlFragmentToProseMirrorRootNode(fragment(mexCopy), schema) });
        const outcome = toSuggestion(state, make(state), { label: 'MEX', author: 'MEX-delegate' });
        if (!outcome.ok) throw new Error(outcome.reason);
        writeEdit(fragment(mexCopy), outcome.tr);
      }
    });
    mexCopy.off('update', capture);
    expect(() => server.submit(Y.mergeUpdates(updates), MEX)).not.toThrow();
    expect(server.text()).toMatch(/\{\+MEX:\w+ +abc\}/);
    expect(server.text()).toMatch(/\{-MEX:\w+ support\}/);
  });
});

describe('a letter typed on at the end of one\u2019s own words, inside another\u2019s deletion one has not seen', () => {
  it('is lifted out of it, though Yjs merges it with the letter before into one item', () => {
    const server = new Server();
    prosemirrorToYXmlFragment(doc(p('p1', `to lend ${WORD} support`)), fragment(server.live));
    const mexCopy = copyOf(server.live, 2);
    const mexEnd = (s: EditorState) => {
      let end = 0;
      s.doc.descendants((n, pos) => {
        if (n.isText && n.marks.some((m) => m.type.name === 'insertion' && m.attrs.delegation === 'MEX')) end = pos + n.nodeSize;
      });
      return end;
    };
    server.submit(edit(mexCopy, 'MEX', (s) => s.tr.insertText(' ', wordEnd(s))), MEX);
    server.submit(edit(mexCopy, 'MEX', (s) => s.tr.insertText('s', mexEnd(s))), MEX);
    // USA strikes the word and MEX's words after it; MEX has not seen that yet and types on.
    const usaCopy = copyOf(server.live, 3);
    server.submit(edit(usaCopy, 'USA', (s) => s.tr.delete(wordEnd(s) - WORD.length, wordEnd(s) + ' s'.length)), USA);
    expect(() => server.submit(edit(mexCopy, 'MEX', (s) => s.tr.insertText('t', mexEnd(s))), MEX)).not.toThrow();
    const text = server.text();
    expect(text).toMatch(/t\}* support$/);
    expect(text).not.toMatch(/\{-USA:\w+ [^}]*t\}/);
  });
});
