import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { RATIONALES, SUPPORTERS, supporterKey } from '../../shared/negotiation/update-rules.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { editDirectly, editorDoc, propose } from '../support/editing.ts';
import { accepted, AT, at, CHAIR, judge, leavesTextAsItWas, liveDocument, MEX, OBSERVER, SECRETARIAT, splitWithFreshId, text, USA } from '../support/rule-fixture.ts';

const now = () => new Date().toISOString();

describe('a delegation may', () => {
  const cases: [string, (r: Y.Doc) => void][] = [
    ['propose an insertion', (r) => propose(r, MEX, (tr) => tr.insertText('further ', at(r, 0, 3)))],
    ['propose a deletion', (r) => propose(r, MEX, (tr) => tr.delete(at(r, 0, 3), at(r, 0, 11)))],
    ['propose a replacement', (r) => propose(r, MEX, (tr) => tr.insertText('foster', at(r, 0, 3), at(r, 0, 10)))],
    ['propose an alternative to another delegation\u2019s replacement', (r) => propose(r, MEX, (tr) => tr.insertText('build', at(r, 2, 3), at(r, 2, 13)))],
    ['amend another delegation\u2019s pending insertion (nested)', (r) => propose(r, MEX, (tr) => tr.insertText('and ', at(r, 2, 16)))],
    ['withdraw its own pending insertion', (r) => propose(r, MEX, (tr) => tr.delete(at(r, 3, 5), at(r, 3, 10)))],
    ['withdraw its own proposed deletion', (r) => editDirectly(r, (tr) => tr.removeMark(at(r, 3, 10), at(r, 3, 14), r && editorDoc(r).type.schema.marks.deletion!))],
    ['propose a new paragraph', (r) => propose(r, MEX, (tr) => tr.split(at(r, 0, 5)))],
    ['withdraw its own proposed paragraph', (r) => editDirectly(r, (tr) => tr.delete(at(r, 4) - 1, at(r, 4) - 1 + editorDoc(r).child(4).nodeSize))],
    ['support another delegation\u2019s amendment', (r) => r.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'MEX'), { author: MEX.id, at: now() })],
    ['explain its own amendment', (r) => r.getMap(RATIONALES).set('MEX:0000000b', { text: 'Clarity.', author: MEX.id, at: now() })],
  ];
  for (const [name, edit] of cases) it(name, () => expect(accepted(judge(MEX, edit))).toBe(true));

  it('withdraw its own support', () => {
    const live = liveDocument();
    live.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'MEX'), { author: MEX.id, at: AT });
    const replica = copyDocument(live);
    const before = Y.encodeStateVector(replica);
    replica.getMap(SUPPORTERS).delete(supporterKey('USA:0000000a', 'MEX'));
    expect(judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(replica, before), MEX, new Map()).accepted).toBe(true);
  });
});

describe('a delegation may not', () => {
  const cases: [string, (r: Y.Doc) => void][] = [
    ['delete base text', (r) => text(r, 0).delete(0, 3)],
    ['insert text without an amendment mark', (r) => text(r, 0).insert(0, 'plain ')],
    ['insert text attributed to another delegation', (r) => propose(r, USA, (tr) => tr.insertText('x', at(r, 0, 3)))],
    ['insert its own amendment under another author', (r) => propose(r, { ...MEX, id: 'someone-else' }, (tr) => tr.insertText('x', at(r, 0, 3)))],
    ['delete another delegation\u2019s pending text', (r) => editDirectly(r, (tr) => tr.delete(at(r, 2, 13), at(r, 2, 22)))],
    ['change a paragraph\u2019s status or kind', (r) => (r.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement).setAttribute('status', 'agreed')],
    ['split a base paragraph', (r) => editDirectly(r, (tr) => tr.split(at(r, 0, 5)))],
    ['amend an agreed paragraph', (r) => propose(r, MEX, (tr) => tr.insertText('x', at(r, 1, 3)))],
    ['format base text', (r) => editDirectly(r, (tr) => tr.addMark(at(r, 0), at(r, 0, 2), editorDoc(r).type.schema.marks.bold!.create()))],
    ['support on another delegation\u2019s behalf', (r) => r.getMap(SUPPORTERS).set(supporterKey('MEX:0000000b', 'USA'), { author: MEX.id, at: now() })],
    ['support its own amendment', (r) => r.getMap(SUPPORTERS).set(supporterKey('MEX:0000000b', 'MEX'), { author: MEX.id, at: now() })],
    ['support with a date of its own choosing', (r) => r.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'MEX'), { author: MEX.id, at: '1999-01-01T00:00:00.000Z' })],
    ['explain its amendment with a date of its own choosing', (r) => r.getMap(RATIONALES).set('MEX:0000000b', { text: 'x', author: MEX.id, at: AT })],
    ['explain another delegation\u2019s amendment', (r) => r.getMap(RATIONALES).set('USA:0000000a', { text: 'x', author: MEX.id, at: now() })],
    ['write outside the parts of a document', (r) => r.getMap('secrets').set('x', 1)],
    ['add a node the schema does not know', (r) => r.getXmlFragment(TEXT_FIELD).insert(0, [new Y.XmlElement('script')])],
  ];
  it('remove another delegation\u2019s deletion mark: the server puts it back', () => {
    expect(leavesTextAsItWas(MEX, (r) => editDirectly(r, (tr) => tr.removeMark(at(r, 2, 3), at(r, 2, 13), editorDoc(r).type.schema.marks.deletion!)))).toBe(true);
  });

  for (const [name, edit] of cases) {
    it(name, () => {
      let result: ReturnType<typeof judge> | undefined;
      try {
        result = judge(MEX, edit);
      } catch (error) {
        // Suggest mode itself refuses some of these edits before anything is sent.
        expect(String(error)).toMatch(/agreed/);
        return;
      }
      expect(result).toMatchObject({ accepted: false });
    });
  }
});

describe('the Chair and the Secretariat', () => {
  for (const officer of [CHAIR, SECRETARIAT]) {
    it(`(${officer.role}) edit base text directly, split and restructure paragraphs`, () => {
      expect(accepted(judge(officer, (r) => text(r, 0).delete(0, 3)))).toBe(true);
      expect(accepted(judge(officer, splitWithFreshId))).toBe(true);
      expect(accepted(judge(officer, (r) => editDirectly(r, (tr) => tr.insertText('Editorial ', at(r, 2)))))).toBe(true);
    });

    it(`(${officer.role}) suggest amendments of their own`, () => {
      expect(accepted(judge(officer, (r) => propose(r, officer, (tr) => tr.insertText('x ', at(r, 0, 3)))))).toBe(true);
    });

    it(`(${officer.role}) suggest words inside another\u2019s proposed deletion, which stays whole`, () => {
      // Seen in the browser: the Chair's caret landed inside a word USA proposes to delete.
      expect(accepted(judge(officer, (r) => propose(r, officer, (tr) => tr.insertText('x ', at(r, 2, 6)))))).toBe(true);
    });

    it(`(${officer.role}) may not settle a delegation\u2019s amendment, change an agreed paragraph or forge a mark`, () => {
      expect(judge(officer, (r) => editDirectly(r, (tr) => tr.delete(at(r, 2, 13), at(r, 2, 22))))).toMatchObject({ accepted: false });
      expect(leavesTextAsItWas(officer, (r) => editDirectly(r, (tr) => tr.removeMark(at(r, 2, 3), at(r, 2, 13), editorDoc(r).type.schema.marks.deletion!)))).toBe(true);
      expect(judge(officer, (r) => editDirectly(r, (tr) => tr.insertText('x', at(r, 1, 3))))).toMatchObject({ accepted: false });
      expect(judge(officer, (r) => (r.getXmlFragment(TEXT_FIELD).get(0) as Y.XmlElement).setAttribute('status', 'agreed'))).toMatchObject({ accepted: false });
      expect(judge(officer, (r) => propose(r, MEX, (tr) => tr.insertText('x', at(r, 0, 3))))).toMatchObject({ accepted: false });
      expect(judge(officer, (r) => editDirectly(r, (tr) => tr.delete(at(r, 4) - 1, at(r, 4) - 1 + editorDoc(r).child(4).nodeSize)))).toMatchObject({ accepted: false });
      expect(judge(officer, (r) => r.getMap(SUPPORTERS).set(supporterKey('USA:0000000a', 'Chair'), { author: officer.id, at: now() }))).toMatchObject({ accepted: false });
    });
  }
});

describe('an observer', () => {
  it('may change nothing at all', () => {
    expect(judge(OBSERVER, (r) => text(r, 0).insert(0, 'x'))).toMatchObject({ accepted: false });
    expect(judge(OBSERVER, (r) => propose(r, { ...OBSERVER }, (tr) => tr.insertText('x', at(r, 0, 3))))).toMatchObject({ accepted: false });
    expect(judge(OBSERVER, (r) => r.getMap(SUPPORTERS).set('x|Observer', { author: OBSERVER.id, at: now() }))).toMatchObject({ accepted: false });
  });
});

describe('paragraph ids', () => {
  it('stay unique: a split that copies the id is refused, one with a fresh id is accepted', () => {
    expect(judge(CHAIR, (r) => editDirectly(r, (tr) => tr.split(at(r, 0, 5))))).toMatchObject({ accepted: false, reason: expect.stringMatching(/share an id/) });
    expect(accepted(judge(CHAIR, splitWithFreshId))).toBe(true);
  });
});
