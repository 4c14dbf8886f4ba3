import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { exportComparison, exportDocument } from '../../server/export/index.ts';
import type { ExportVariant } from '../../server/export/types.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { agreedView, cleanView } from '../../shared/negotiation/views.ts';
import { doc, ins, p, schema } from '../support/builders.ts';
import { viewParagraphs } from '../support/negotiation-arbitrary.ts';
import { paragraphsAfter, paragraphsAsShown, trackedChanges } from '../support/word-revisions.ts';

const meta = { title: 'Regional Strategy on Criminal Gangs', symbol: 'CSH/GT/PD-2/09', revisionLabel: 'Rev.2', generatedAt: new Date('2026-11-28T12:00:00Z') };

/** An amendment mark with its own time, so "the earliest proposer" is meaningful. */
const mark = (kind: 'insertion' | 'deletion', id: string, at: string) =>
  schema.marks[kind]!.create({ id, delegation: id.split(':')[0], author: `${id.split(':')[0]}-delegate`, at });
const MEX = '2026-11-27T09:00:00.000Z';
const USA = '2026-11-27T10:00:00.000Z';
const CAN = '2026-11-27T11:00:00.000Z';

const negotiated = () =>
  doc(
    p({ pid: 'pre', kind: 'preambular' }, 'Recalling its resolutions,'),
    p('p1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational'), ' cooperation in ', schema.text('regional', [mark('deletion', 'USA:bbbbbbbb', USA)]), ' matters'),
    p(
      { pid: 'p2', status: 'adref' },
      'to ',
      schema.text('promote', [mark('deletion', 'CAN:eeeeeeee', CAN), mark('deletion', 'USA:dddddddd', USA), mark('deletion', 'MEX:cccccccc', MEX)]),
      schema.text('foster', [mark('insertion', 'MEX:cccccccc', MEX)]),
      schema.text('advance', [mark('insertion', 'USA:dddddddd', USA)]),
      ' dialogue',
    ),
    p({ pid: 'p3', proposal: 'BRA:ffffffff' }, ins('BRA:ffffffff', 'Invites observers to contribute.')),
    p('p4', 'Requests the Secretariat to report.'),
  );

async function unzip(body: Uint8Array): Promise<JSZip> {
  return JSZip.loadAsync(body);
}

async function part(body: Uint8Array, name: string): Promise<string> {
  const file = (await unzip(body)).file(name);
  if (!file) throw new Error(`${name} missing`);
  return file.async('string');
}

const decode = (xml: string) => xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Every `w:ins` / `w:del` holding words (not a paragraph mark's), in document order. */
const changes = (xml: string, kind: 'ins' | 'del') => trackedChanges(xml).filter((c) => c.kind === kind && !c.mark);
const paragraphs = paragraphsAsShown;

const supporters = new Map([['MEX:aaaaaaaa', ['USA', 'CAN']]]);
const exportAs = (variant: ExportVariant) => exportDocument(negotiated(), { format: 'docx', variant, meta, supporters });
/** Symbol, revision, date, title and variant line; the negotiated text follows. */
const MASTHEAD = 5;

describe('compilation text in Word', () => {
  it('accepting every change gives the clean view, rejecting every change the agreed view', async () => {
    const xml = await part((await exportAs('compilation')).body, 'word/document.xml');
    const text = (verdict: 'accept' | 'reject') => paragraphsAfter(xml, verdict).slice(MASTHEAD, paragraphsAfter(xml, verdict).indexOf('Proposers'));
    // Alternatives for "promote": the earliest (MEX's "foster") is the tracked change, as the clean view takes it.
    expect(text('accept')).toEqual([
      'Recalling its resolutions,',
      '1.\tto promote transnational cooperation in matters',
      '2.\tto foster dialogue',
      'Invites observers to contribute.',
      '3.\tRequests the Secretariat to report.',
    ]);
    expect(text('accept')).toEqual(viewParagraphs(cleanView(negotiated()), negotiated()));
    expect(text('reject')).toEqual([
      'Recalling its resolutions,',
      '1.\tto promote cooperation in regional matters',
      '2.\tto promote dialogue',
      '3.\tRequests the Secretariat to report.',
    ]);
    expect(text('reject')).toEqual(viewParagraphs(agreedView(negotiated()), negotiated()));
  });

  it('keeps numbers and labels out of the tracked changes and dates each change when it was proposed', async () => {
    const file = await exportAs('compilation');
    const xml = await part(file.body, 'word/document.xml');
    expect(trackedChanges(xml).map((c) => [c.kind, c.mark, c.author, c.text, c.date])).toEqual([
      ['ins', false, 'MEX', 'transnational', '2026-11-28T10:00:00Z'],
      // The seam the agreed view tidies goes with the insertion: rejected, no double space is left.
      ['ins', false, 'MEX', ' ', '2026-11-28T10:00:00Z'],
      ['del', false, 'USA', 'regional ', '2026-11-27T10:00:00Z'],
      ['del', false, 'MEX', 'promote', '2026-11-27T09:00:00Z'],
      ['ins', false, 'MEX', 'foster', '2026-11-27T09:00:00Z'],
      // The proposed paragraph: its mark and its words, inserted by BRA; its "2 bis" is in a comment.
      ['ins', true, 'BRA', '', '2026-11-28T10:00:00Z'],
      ['ins', false, 'BRA', 'Invites observers to contribute.', '2026-11-28T10:00:00Z'],
    ]);
    expect(paragraphs(xml)).toContain('1.\tto promote transnational cooperation in matters');
    const comments = decode(await part(file.body, 'word/comments.xml'));
    expect(comments).toContain('2 bis. Proposed by BRA.');
    expect(comments).toContain('MEX, supported by USA, CAN.');
    expect(comments).toContain('Alternatives for “promote”: delete (CAN); “foster” (MEX); “advance” (USA). The tracked change is MEX’s, as in the clean text; the others are listed here only.');
    const ids = trackedChanges(xml).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('writes words deleted from another delegation’s insertion as a deletion inside it, and an unknown time as no date', async () => {
    const nested = doc(
      p('p1', 'to ', ins('MEX:aaaaaaaa', 'promote '), schema.text('regional', [mark('insertion', 'MEX:aaaaaaaa', '2026-11-28T10:00:00.000Z'), mark('deletion', 'USA:bbbbbbbb', USA)]), ' cooperation'),
      p({ pid: 'p2', proposal: 'CAN:cccccccc' }),
    );
    const file = await exportDocument(nested, { format: 'docx', variant: 'compilation', meta, supporters: new Map() });
    const xml = await part(file.body, 'word/document.xml');
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="MEX" w:date="2026-11-28T10:00:00Z"><w:del w:id="\d+" w:author="USA" w:date="2026-11-27T10:00:00Z"><w:r><w:delText xml:space="preserve">regional <\/w:delText>/);
    expect(paragraphsAfter(xml, 'accept')[MASTHEAD]).toBe('1.\tto promote cooperation');
    expect(paragraphsAfter(xml, 'reject')[MASTHEAD]).toBe('1.\tto cooperation');
    // The empty proposed paragraph has no time of its own: its mark is undated, not dated now.
    expect(trackedChanges(xml).filter((c) => c.mark).map((c) => [c.author, c.date])).toEqual([['CAN', null]]);
  });

  it('footnotes the paragraph agreed ad referendum', async () => {
    const file = await exportAs('compilation');
    const xml = await part(file.body, 'word/document.xml');
    const paragraph2 = xml.split('<w:p>').find((p) => p.includes('dialogue'))!;
    expect(paragraph2).toMatch(/<w:footnoteReference w:id="1"\/>/);
    expect(await part(file.body, 'word/footnotes.xml')).toMatch(/<w:footnote w:id="1">[\s\S]*Agreed ad referendum, pending confirmation\./);
  });
});

describe('agreed text in Word', () => {
  it('has no tracked changes, no proposals, the numbers of the app and the ad referendum footnote', async () => {
    const file = await exportAs('agreed');
    expect(file.filename).toBe('CSH-GT-PD-2-09_agreed_Rev.2.docx');
    const xml = await part(file.body, 'word/document.xml');
    expect(xml).not.toMatch(/<w:(ins|del)\b/);
    const text = paragraphs(xml);
    expect(text).toEqual([
      'CSH/GT/PD-2/09',
      'Rev.2',
      '28 November 2026',
      'Regional Strategy on Criminal Gangs',
      'Agreed text — Rev.2',
      'Recalling its resolutions,',
      '1.\tto promote cooperation in regional matters',
      '2.\tto promote dialogue',
      '3.\tRequests the Secretariat to report.',
    ]);
    expect(xml).toMatch(/<w:footnoteReference w:id="1"\/>/);
    expect(await part(file.body, 'word/footnotes.xml')).toContain('Agreed ad referendum, pending confirmation.');
    expect((await unzip(file.body)).file('word/comments.xml')).toBeNull();
  });
});

const accepted = (id: string, delegation: string) => ({ amendmentId: id, delegation, how: 'accepted' as const });
const comparison: Comparison = {
  from: { label: 'Rev.1' },
  to: { label: 'Rev.2' },
  paragraphs: [
    {
      pid: 'p1', number: '1', kind: 'operative', blockType: 'paragraph', change: 'changed',
      segments: [
        { text: 'to promote ', change: 'same', attribution: null },
        { text: 'transnational ', change: 'inserted', attribution: accepted('MEX:aaaaaaaa', 'MEX') },
        { text: 'cooperation in ', change: 'same', attribution: null },
        { text: 'regional ', change: 'removed', attribution: accepted('USA:bbbbbbbb', 'USA') },
        { text: 'matters', change: 'same', attribution: null },
      ],
    },
    {
      pid: 'p5', number: '2', kind: 'operative', blockType: 'paragraph', change: 'inserted',
      segments: [{ text: 'Invites observers to contribute.', change: 'inserted', attribution: accepted('BRA:ffffffff', 'BRA') }],
    },
    {
      pid: 'p9', number: null, kind: 'body', blockType: 'paragraph', change: 'removed',
      segments: [{ text: 'Note <by> the Secretariat.', change: 'removed', attribution: { amendmentId: null, delegation: null, how: 'edited' } }],
    },
  ],
  summary: {
    accepted: [
      { id: 'MEX:aaaaaaaa', delegation: 'MEX', inserted: 'transnational', deleted: '', pid: 'p1' },
      { id: 'USA:bbbbbbbb', delegation: 'USA', inserted: '', deleted: 'regional', pid: 'p1' },
      { id: 'BRA:ffffffff', delegation: 'BRA', inserted: 'Invites observers to contribute.', deleted: '', pid: 'p5' },
    ],
    rejected: [{ id: 'CAN:eeeeeeee', delegation: 'CAN', inserted: '', deleted: 'promote', pid: 'p2' }],
    withdrawn: [],
    proposed: [{ id: 'PER:gggggggg', delegation: 'PER', inserted: 'swiftly', deleted: '', pid: 'p1' }],
  },
};

describe('comparison in Word', () => {
  it('makes the differences tracked changes authored by the delegation whose amendment brought them', async () => {
    const file = await exportComparison(comparison, { format: 'docx', meta });
    expect(file.filename).toBe('CSH-GT-PD-2-09_comparison_Rev.1-Rev.2.docx');
    const xml = await part(file.body, 'word/document.xml');
    expect(changes(xml, 'ins').map((c) => [c.author, c.text])).toEqual([
      ['MEX', 'transnational '],
      ['BRA', '2.'],
      ['BRA', '\t'],
      ['BRA', 'Invites observers to contribute.'],
    ]);
    expect(changes(xml, 'del').map((c) => [c.author, c.text])).toEqual([
      ['USA', 'regional '],
      ['Secretariat', 'Note <by> the Secretariat.'],
    ]);
    expect(xml).toMatch(/<w:rPr><w:ins w:id="\d+" w:author="BRA" w:date="2026-11-28T12:00:00Z"\/><\/w:rPr>/);
    expect(xml).toMatch(/<w:rPr><w:del w:id="\d+" w:author="Secretariat" w:date="2026-11-28T12:00:00Z"\/><\/w:rPr>/);
    const text = paragraphs(xml);
    expect(text).toContain('Comparison of Rev.1 with Rev.2');
    expect(text).toContain('Accepted: 3');
    expect(text).toContain('MEX (para. 1): inserts “transnational”');
    expect(text).toContain('Rejected: 1');
    expect(text).toContain('1.\tto promote transnational cooperation in matters');
  });
});
