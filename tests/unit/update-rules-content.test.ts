import type { Transaction } from '@tiptap/pm/state';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AmendmentAttrs } from '../../shared/negotiation/amendment-marks.ts';
import type { Participant } from '../../shared/participants.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { copyDocument } from '../../server/sync/document-state.ts';
import { judgeUpdate } from '../../server/sync/judge.ts';
import { del, ins, p, schema } from '../support/builders.ts';
import { editDirectly, editorDoc } from '../support/editing.ts';
import { accepted, AT, at, CHAIR, judge, liveDocument, MEX, SECRETARIAT, text, USA } from '../support/rule-fixture.ts';

/**
 * The classes of issue 13 in the rule table: schema-invalid content in one's own paragraphs,
 * marks copied, extended or dated by the client, another's amendment nested in one's own, and
 * amendments moved across paragraphs. Each is an edit on a replica, judged as the server does.
 */

const block = (r: Y.Doc, index: number) => r.getXmlFragment(TEXT_FIELD).get(index) as Y.XmlElement;
/** MEX's own proposed paragraph (block 4). */
const ownProposal = (r: Y.Doc) => block(r, 4);
const attrs = (who: Participant, id: string, when: string): AmendmentAttrs => ({ id, delegation: id.split(':')[0]!, author: who.id, at: when });
const now = () => new Date().toISOString();

/** Nests quotations `depth` deep at the end of `parent`, one level at a time (as an attacker can). */
function nestQuotations(parent: Y.XmlElement, depth: number): void {
  for (let i = 0; i < depth; i++) {
    const quotation = new Y.XmlElement('blockquote');
    parent.insert(parent.length, [quotation]);
    parent = quotation;
  }
}

/** Words proposed now as amendment `id` (by MEX unless said). */
const mine = (id: string, words: string, who: Participant = MEX) => schema.text(words, [schema.marks.insertion!.create(attrs(who, id, new Date().toISOString()))]);

/** Adds a proposed paragraph after block `after`, carrying the given text. */
function addParagraph(r: Y.Doc, after: number, attributes: Record<string, unknown>, ...content: ReturnType<typeof ins>[]) {
  editDirectly(r, (tr) => tr.insert(at(r, after + 1) - 1, p(attributes, ...content)));
}

const insertMarked = (r: Y.Doc, pos: number, words: string, mark: AmendmentAttrs) => (tr: Transaction) =>
  tr.insert(pos, schema.text(words, [schema.marks.insertion!.create(mark)]));

describe('whoever owns a paragraph, the server checks its content against the schema', () => {
  const cases: [string, (r: Y.Doc) => void][] = [
    ['an element the schema does not know', (r) => ownProposal(r).insert(1, [new Y.XmlElement('script')])],
    ['3,000 nested quotations', (r) => nestQuotations(ownProposal(r), 3000)],
    ['a quotation inside a paragraph', (r) => nestQuotations(ownProposal(r), 1)],
    ['an attribute of 500 KB', (r) => ownProposal(r).setAttribute('pid', 'x'.repeat(500_000))],
    ['an attribute the schema does not know', (r) => ownProposal(r).setAttribute('onclick', 'alert(1)')],
    ['an attribute of the wrong type', (r) => ownProposal(r).setAttribute('kind', { nested: true } as unknown as string)],
    ['a mark the schema does not know', (r) => (block(r, 4).get(0) as Y.XmlText).format(0, 3, { blink: {} })],
    ['an amendment mark with an extra attribute', (r) => (block(r, 4).get(0) as Y.XmlText).insert(0, 'x', { 'insertion--AAAAAAAA': { ...attrs(MEX, 'MEX:000000a1', now()), extra: 'y'.repeat(1000) } })],
    ['status agreed', (r) => ownProposal(r).setAttribute('status', 'agreed')],
    ['another delegation named as its proposer', (r) => ownProposal(r).setAttribute('proposal', 'USA:0000000d')],
    ['a new proposed paragraph already agreed', (r) => addParagraph(r, 4, { pid: 'p-new', proposal: 'MEX:000000a2', status: 'agreed' }, mine('MEX:000000a2', 'Agreed without a decision.'))],
    ['a new proposed paragraph of plain text', (r) => addParagraph(r, 4, { pid: 'p-new', proposal: 'MEX:000000a3' }, 'Base text nobody proposed.' as unknown as ReturnType<typeof ins>)],
  ];
  for (const [name, edit] of cases) {
    it(`refuses a delegation\u2019s own proposed paragraph with ${name}`, () => expect(judge(MEX, edit)).toMatchObject({ accepted: false }));
  }

  it('refuses the same from the Chair, in a paragraph the Chair proposes', () => {
    expect(judge(CHAIR, (r) => addParagraph(r, 0, { pid: 'p-chair', proposal: 'Chair:000000a4', status: 'agreed' }, mine('Chair:000000a4', 'x', CHAIR)))).toMatchObject({ accepted: false });
    expect(judge(CHAIR, (r) => nestQuotations(block(r, 0), 50))).toMatchObject({ accepted: false });
  });

  it('accepts a valid paragraph proposed by a delegation', () => {
    expect(accepted(judge(MEX, (r) => addParagraph(r, 4, { pid: 'p-new', proposal: 'MEX:000000a5' }, mine('MEX:000000a5', 'A second proposal.'))))).toBe(true);
  });
});

describe('a delegation may only create marks naming itself, and not spread another\u2019s', () => {
  it('refuses another\u2019s exact insertion mark copied into a proposed paragraph of its own, with another\u2019s paragraph touched', () => {
    const verdict = judge(MEX, (r) => {
      r.transact(() => {
        text(r, 2).insert(0, 'x');
        text(r, 2).delete(0, 1);
      });
      addParagraph(r, 4, { pid: 'p-copy', proposal: 'MEX:000000a6' }, ins('USA:0000000a', 'words Mexico wrote'));
    });
    expect(verdict).toMatchObject({ accepted: false });
  });

  it('refuses another\u2019s deletion mark copied onto its own proposed paragraph', () => {
    expect(judge(MEX, (r) => editDirectly(r, (tr) => tr.addMark(at(r, 4, 2), at(r, 4, 11), del('USA:0000000a', 'x').marks[0]!)))).toMatchObject({ accepted: false });
  });

  it('refuses another\u2019s insertion extended over more of the text', () => {
    const usaInsertion = ins('USA:0000000a', 'x').marks[0]!;
    expect(judge(MEX, (r) => editDirectly(r, (tr) => tr.addMark(at(r, 2, 0), at(r, 2, 3), usaInsertion)))).toMatchObject({ accepted: false });
  });

  it('refuses another\u2019s sub-amendment withdrawn from inside its own insertion', () => {
    // Block 5: "in [MEX: full [USA: and complete ] respect]"; USA's words are offsets 8–21.
    expect(judge(MEX, (r) => text(r, 5).delete(8, 13))).toMatchObject({ accepted: false });
  });

  it('accepts its own words withdrawn from inside another\u2019s insertion', () => {
    // Block 6: "with [USA: due [MEX: and full ] care]"; MEX's words are offsets 9–18.
    expect(accepted(judge(MEX, (r) => text(r, 6).delete(9, 9)))).toBe(true);
  });

  /** The formatting attribute under which a replica stores the mark on a paragraph's run carrying `words`. */
  const storedMark = (r: Y.Doc, index: number, words: string) =>
    Object.entries((text(r, index).toDelta() as { insert: string; attributes: Record<string, unknown> }[]).find((op) => op.insert === words)!.attributes)[0]!;

  it('accepts its own words typed at the edge of another\u2019s struck words and carrying that deletion (concurrent edits merge so in Yjs)', () => {
    const verdict = judge(MEX, (r) => {
      const [key, value] = storedMark(r, 2, 'strengthen');
      text(r, 2).insert(13, ' ', { [key]: value, 'insertion--AAAAAAAA': attrs(MEX, 'MEX:000000b1', now()) });
    });
    expect(accepted(verdict)).toBe(true);
  });

  it('refuses its own words carrying another\u2019s deletion away from the words it strikes', () => {
    const verdict = judge(MEX, (r) => {
      const [key, value] = storedMark(r, 2, 'strengthen');
      text(r, 2).insert(30, 'ly', { [key]: value, 'insertion--AAAAAAAA': attrs(MEX, 'MEX:000000b2', now()) });
    });
    expect(verdict).toMatchObject({ accepted: false });
  });

  it('accepts its own insertion withdrawn around another\u2019s nested words only if those stay', () => {
    expect(accepted(judge(MEX, (r) => text(r, 5).delete(3, 5)))).toBe(true);
  });
});

describe('amendments are dated by the server\u2019s clock', () => {
  const fresh = (when: string) => (r: Y.Doc) => editDirectly(r, insertMarked(r, at(r, 0, 3), 'further ', attrs(MEX, 'MEX:000000a7', when)));

  it('refuses an amendment dated 1999, or an hour ahead', () => {
    expect(judge(MEX, fresh('1999-01-01T00:00:00.000Z'))).toMatchObject({ accepted: false, reason: expect.stringMatching(/clock/) });
    expect(judge(MEX, fresh(new Date(Date.now() + 3_600_000).toISOString()))).toMatchObject({ accepted: false });
    expect(judge(MEX, fresh('yesterday'))).toMatchObject({ accepted: false });
    expect(accepted(judge(MEX, fresh(now())))).toBe(true);
  });

  it('refuses a backdated mark written and deleted in one update (it would be in the history)', () => {
    const verdict = judge(MEX, (r) =>
      r.transact(() => {
        text(r, 0).insert(3, 'old ', { 'insertion--AAAAAAAA': attrs(MEX, 'MEX:000000a8', '1999-01-01T00:00:00.000Z') });
        text(r, 0).delete(3, 4);
      }),
    );
    expect(verdict).toMatchObject({ accepted: false });
  });

  it('accepts undo bringing back one\u2019s own withdrawn text, dated when it was first proposed', () => {
    const live = liveDocument();
    const later = Date.parse(AT) + 2 * 3_600_000;
    const replica = copyDocument(live);
    replica.clientID = 4242;
    const undo = new Y.UndoManager(replica.getXmlFragment(TEXT_FIELD), { trackedOrigins: new Set(['editor']) });
    const send = (change: () => void) => {
      const before = Y.encodeStateVector(replica);
      change();
      const verdict = judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(replica, before), MEX, new Map([[4242, MEX.id]]), Number.POSITIVE_INFINITY, later);
      if (verdict.accepted && verdict.change) Y.applyUpdate(live, verdict.change);
      return verdict;
    };
    // Block 3: "with [MEX: full ]{MEX: due }respect": withdraw "full ", then undo.
    expect(send(() => replica.transact(() => text(replica, 3).delete(5, 5), 'editor'))).toMatchObject({ accepted: true });
    expect(send(() => undo.undo())).toMatchObject({ accepted: true });
    expect(editorDoc(live).child(3).textContent).toBe('with full due respect');
    expect(send(() => undo.redo())).toMatchObject({ accepted: true });
    expect(send(() => undo.undo())).toMatchObject({ accepted: true });
  });
});

describe('officers settle others\u2019 amendments only through decisions', () => {
  for (const officer of [CHAIR, SECRETARIAT]) {
    it(`(${officer.role}) may not move another\u2019s amendment into another paragraph in one update`, () => {
      // Into a paragraph the officer adds in the same update: the text's structure changes too.
      const verdict = judge(officer, (r) =>
        editDirectly(r, (tr) => {
          const slice = tr.doc.slice(at(r, 2, 3), at(r, 2, 22));
          tr.insert(at(r, 3) - 1, schema.nodes.paragraph!.create({ pid: 'p-moved' }, slice.content));
          return tr.delete(at(r, 2, 3), at(r, 2, 22));
        }),
      );
      expect(verdict).toMatchObject({ accepted: false, reason: expect.stringMatching(/decision of the Chair/) });
    });

    it(`(${officer.role}) may not copy another\u2019s amendment into a paragraph of its own`, () => {
      expect(judge(officer, (r) => addParagraph(r, 0, { pid: 'p-copy', proposal: 'Chair:000000a9' }, ins('USA:0000000a', 'copied')))).toMatchObject({ accepted: false });
    });

    it(`(${officer.role}) may split a paragraph, another\u2019s amendment staying in its own`, () => {
      const split = (r: Y.Doc) =>
        editDirectly(r, (tr) => {
          tr.split(at(r, 2, 25));
          let third = 0;
          for (let i = 0; i < 3; i++) third += tr.doc.child(i).nodeSize;
          return tr.setNodeMarkup(third, undefined, { ...tr.doc.child(3).attrs, pid: 'p-half' });
        });
      expect(accepted(judge(officer, split))).toBe(true);
    });
  }

  it('a delegation may not recreate another\u2019s paragraph under a new id, amendments and all', () => {
    const verdict = judge(MEX, (r) => {
      const element = block(r, 2);
      const copy = element.clone();
      copy.setAttribute('pid', 'p-moved');
      r.getXmlFragment(TEXT_FIELD).insert(0, [copy]);
    });
    expect(verdict).toMatchObject({ accepted: false });
  });
});

describe('another\u2019s deletion over a delegation\u2019s own words', () => {
  /** Paragraph 0 with MEX striking "promote" and USA's pending "s" just after it (struck too: unseen by MEX). */
  function struckOwnWords(): Y.Doc {
    const live = liveDocument();
    const words = text(live, 0);
    words.insert(10, 's', { 'insertion--USAAAAAA': attrs(USA, 'USA:000000u1', AT) });
    words.format(3, 8, { 'deletion--MEXAAAAA': attrs(MEX, 'MEX:000000m1', AT) });
    return live;
  }

  it('does not stop its proposer typing between the struck words and its own', () => {
    const live = struckOwnWords();
    const replica = copyDocument(live);
    const before = Y.encodeStateVector(replica);
    text(replica, 0).insert(10, ' x', { 'insertion--USABBBBB': attrs(USA, 'USA:000000u2', now()), 'deletion--MEXAAAAA': null });
    const verdict = judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(replica, before), USA, new Map());
    expect(verdict).toMatchObject({ accepted: true });
  });

  it('may not be copied onto more of its own words: the other proposer never struck them', () => {
    const live = struckOwnWords();
    const replica = copyDocument(live);
    const before = Y.encodeStateVector(replica);
    const mexDeletion = (text(replica, 0).toDelta() as { attributes?: Record<string, unknown> }[]).find((op) => op.attributes?.['deletion--MEXAAAAA'])!.attributes!['deletion--MEXAAAAA'];
    text(replica, 0).insert(0, 'y ', { 'insertion--USACCCCC': attrs(USA, 'USA:000000u3', now()), 'deletion--MEXAAAAA': mexDeletion });
    const verdict = judgeUpdate(live, copyDocument(live), Y.encodeStateAsUpdate(replica, before), USA, new Map());
    expect(verdict).toMatchObject({ accepted: false, reason: expect.stringMatching(/may not be extended over more of the text/) });
  });
});
