import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node as PMNode } from '@tiptap/pm/model';
import { exportDocument } from '../../server/export/index.ts';
import { applyWordPlan } from '../../server/word/apply-plan.ts';
import { planWordChanges, WrongDocument } from '../../server/word/placement.ts';
import { readWordFile } from '../../server/word/word-reading.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { bracketed, del, doc, ins, p } from '../support/builders.ts';
import { negotiatedDocument } from '../support/negotiation-arbitrary.ts';
import { atWords, editWordXml, trackedDeletion, trackedInsertion } from '../support/word-edit.ts';

const DOCUMENT = 'doc-0001';
const WORD_DATE = '2026-12-01T09:30:00Z';
const CANADA = { label: 'CAN', author: 'can-delegate' };

const compilation = async (text: PMNode) =>
  (await exportDocument(text, { format: 'docx', variant: 'compilation', meta: { title: 'Strategy', symbol: 'CSH/GT/PD-2/09', generatedAt: new Date(), documentId: DOCUMENT }, supporters: new Map() })).body;

const negotiated = () =>
  doc(
    p({ pid: 'p-pre', kind: 'preambular' }, 'Recalling its resolutions,'),
    p('p-1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational '), 'cooperation in ', del('USA:bbbbbbbb', 'regional'), ' matters'),
    p('p-2', 'Requests the Secretariat to report on progress.'),
  );

describe('the Word round trip', () => {
  it('reads back a tracked insertion and a tracked deletion made in an exported compilation, at their paragraphs', async () => {
    const text = negotiated();
    const edited = await editWordXml(await compilation(text), (xml) =>
      atWords(atWords(xml, 'Requests the Secretariat ', 'to report', (t) => trackedDeletion(t, 'Canada', WORD_DATE)), 'to promote ', '', () => trackedInsertion('firmly ', 'Canada', WORD_DATE)),
    );
    const reading = readWordFile(edited);
    expect(reading.documentId).toBe(DOCUMENT);
    const plan = planWordChanges(reading, text, DOCUMENT);
    expect(plan.unplaced).toEqual([]);
    expect(plan.proposals.map((x) => [x.pid, x.shape, x.inserted, x.deleted, x.at, x.source])).toEqual([
      ['p-1', 'insertion', 'firmly ', '', WORD_DATE, 'tracked'],
      ['p-2', 'deletion', '', 'to report', WORD_DATE, 'tracked'],
    ]);
    const { doc: after, created } = applyWordPlan(text, plan, CANADA, new Date('2026-12-02T00:00:00Z'));
    expect(created).toHaveLength(2);
    const mine = listAmendments(after).filter((a) => a.delegation === 'CAN');
    expect(mine.map((a) => [a.pid, a.shape, a.inserted, a.deleted, a.at])).toEqual([
      ['p-1', 'insertion', 'firmly ', '', '2026-12-01T09:30:00.000Z'],
      ['p-2', 'deletion', '', 'to report', '2026-12-01T09:30:00.000Z'],
    ]);
    // Everyone else's amendments are as they were.
    const summary = (t: PMNode) => listAmendments(t).filter((a) => a.delegation !== 'CAN').map((a) => [a.id, a.pid, a.shape, a.inserted, a.deleted, a.at]);
    expect(summary(after)).toEqual(summary(text));
  });

  it('reads a replacement, and a Word comment on a change as its rationale', async () => {
    const text = negotiated();
    const edited = await editWordXml(await compilation(text), (xml) =>
      atWords(xml, 'Requests the Secretariat to ', 'report', (t) =>
        `<w:commentRangeStart w:id="77"/>${trackedDeletion(t, 'Canada', WORD_DATE)}${trackedInsertion('inform', 'Canada', WORD_DATE)}<w:commentRangeEnd w:id="77"/>`),
    );
    const reading = { ...readWordFile(edited), comments: { 77: { author: 'Canada', text: 'Clearer for the capitals.' } } };
    const plan = planWordChanges(reading, text, DOCUMENT);
    expect(plan.proposals.map((x) => [x.shape, x.deleted, x.inserted, x.rationale])).toEqual([['replacement', 'report', 'inform', 'Clearer for the capitals.']]);
    const { doc: after } = applyWordPlan(text, plan, CANADA, new Date());
    expect(bracketed(after)[2]).toMatch(/^Requests the Secretariat to \{-CAN:[0-9a-z]{8} report\}\{\+CAN:[0-9a-z]{8} inform\} on progress\.$/);
  });

  it('finds paragraphs by their words when the ids are gone, and says what it could not place and why', async () => {
    const text = negotiated();
    const edited = await editWordXml(await compilation(text), (xml) =>
      atWords(xml.replace(/<w:bookmarkStart w:name="_Acc_[^"]*" w:id="\d+"\/><w:bookmarkEnd w:id="\d+"\/>/g, ''), 'Requests the Secretariat ', '', () => trackedInsertion('kindly ', 'Canada', WORD_DATE))
        .replace('Recalling its resolutions,', `Recalling its ${trackedInsertion('earlier ', 'Canada', WORD_DATE, 903)}decisions,`),
    );
    const plan = planWordChanges(readWordFile(edited), text, DOCUMENT);
    expect(plan.proposals.map((x) => [x.pid, x.inserted])).toEqual([['p-2', 'kindly ']]);
    expect(plan.unplaced).toEqual([expect.objectContaining({ text: 'earlier ', reason: expect.stringMatching(/no paragraph of the text reads like this one/) })]);
  });

  it('turns words changed without Track Changes into amendments, unless the paragraph changed in Accord since the export', async () => {
    const text = negotiated();
    const edited = await editWordXml(await compilation(text), (xml) => xml.replace('Requests the Secretariat to report on progress.', 'Requests the Secretariat to report annually on progress.'));
    const plan = planWordChanges(readWordFile(edited), text, DOCUMENT);
    expect(plan.proposals.map((x) => [x.pid, x.shape, x.inserted, x.source])).toEqual([['p-2', 'insertion', 'annually ', 'compared']]);
    const changedSince = doc(text.child(0), text.child(1), p('p-2', 'Requests the General Secretariat to report on progress.'));
    const stale = planWordChanges(readWordFile(edited), changedSince, DOCUMENT);
    expect(stale.proposals).toEqual([]);
    expect(stale.unplaced).toEqual([expect.objectContaining({ reason: expect.stringMatching(/changed in Accord since this file was exported/) })]);
  });

  it('believes a Word change\u2019s date only within a month before the upload, and bounds what one file adds', async () => {
    const text = negotiated();
    const backdated = await editWordXml(await compilation(text), (xml) => atWords(xml, 'to promote ', '', () => trackedInsertion('firmly ', 'Canada', '2001-01-01T00:00:00Z')));
    const now = new Date('2026-12-02T00:00:00Z');
    const { doc: after } = applyWordPlan(text, planWordChanges(readWordFile(backdated), text, DOCUMENT), CANADA, now);
    expect(listAmendments(after).find((a) => a.delegation === 'CAN')?.at).toBe(now.toISOString());

    const long = 'very '.repeat(1_001);
    const chapter = await editWordXml(await compilation(text), (xml) => atWords(xml, 'to promote ', '', () => trackedInsertion(long, 'Canada', WORD_DATE)));
    const plan = planWordChanges(readWordFile(chapter), text, DOCUMENT);
    expect(plan.proposals).toEqual([]);
    expect(plan.unplaced).toEqual([expect.objectContaining({ reason: expect.stringMatching(/more than 5,000 characters in one amendment/) })]);
  });

  it('reads new paragraphs typed in Word after a paragraph as proposed paragraphs, in order; a paragraph split in two is not placed', async () => {
    const text = negotiated();
    const inserted = (words: string, id: number) =>
      `<w:p><w:r><w:t xml:space="preserve"></w:t></w:r>${trackedInsertion(words, 'Canada', WORD_DATE, id)}</w:p>`;
    // Word marks the end of the paragraph where Enter was pressed as inserted, and the new paragraphs' words.
    const edited = await editWordXml(await compilation(text), (xml) => {
      const end = xml.indexOf('</w:p>', xml.indexOf('Requests the Secretariat'));
      return `${xml.slice(0, end + 6)}${inserted('Invites observers to contribute.', 911)}${inserted('Decides to remain seized of the matter.', 912)}${xml.slice(end + 6)}`;
    });
    const plan = planWordChanges(readWordFile(edited), text, DOCUMENT);
    expect(plan.unplaced).toEqual([]);
    expect(plan.proposals.map((x) => [x.pid, x.shape, x.inserted])).toEqual([
      ['p-2', 'paragraph', 'Invites observers to contribute.'],
      ['p-2', 'paragraph', 'Decides to remain seized of the matter.'],
    ]);
    const { doc: after } = applyWordPlan(text, plan, CANADA, new Date('2026-12-02T00:00:00Z'));
    expect(bracketed(after).slice(2)).toEqual([
      'Requests the Secretariat to report on progress.',
      expect.stringMatching(/^\(CAN:[0-9a-z]{8}\) \{\+CAN:[0-9a-z]{8} Invites observers to contribute\.\}$/),
      expect.stringMatching(/^\(CAN:[0-9a-z]{8}\) \{\+CAN:[0-9a-z]{8} Decides to remain seized of the matter\.\}$/),
    ]);

    const split = await editWordXml(await compilation(text), (xml) =>
      xml.replace('<w:t xml:space="preserve">Requests the Secretariat to report on progress.</w:t></w:r></w:p>', `<w:t xml:space="preserve">Requests the Secretariat</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> to report on progress.</w:t></w:r></w:p>`)
        .replace(/(<w:p>)(<w:pPr>(?:(?!<\/w:pPr>).)*?)(<\/w:pPr>)((?:(?!<\/w:p>).)*Requests the Secretariat<\/w:t>)/, `$1$2<w:rPr><w:ins w:id="913" w:author="Canada" w:date="${WORD_DATE}"/></w:rPr>$3$4`),
    );
    const splitPlan = planWordChanges(readWordFile(split), text, DOCUMENT);
    expect(splitPlan.proposals).toEqual([]);
    expect(splitPlan.unplaced).toEqual([expect.objectContaining({ reason: expect.stringMatching(/a paragraph split in two/) })]);
  });

  it('does not place a change inside another\u2019s proposed words, which Word cannot nest: it says so', async () => {
    const text = negotiated();
    // MEX proposes inserting 'transnational '; CAN types inside it in Word.
    const edited = await editWordXml(await compilation(text), (xml) =>
      xml.replace(/(<w:ins [^>]*w:author="MEX"[^>]*>)<w:r><w:t xml:space="preserve">transnational <\/w:t><\/w:r>(<\/w:ins>)/, (_all, open: string, close: string) =>
        `${open}<w:r><w:t xml:space="preserve">trans</w:t></w:r>${close}${trackedInsertion('-', 'Canada', WORD_DATE)}${open}<w:r><w:t xml:space="preserve">national </w:t></w:r>${close}`),
    );
    const plan = planWordChanges(readWordFile(edited), text, DOCUMENT);
    expect(plan.proposals).toEqual([]);
    expect(plan.unplaced).toEqual([expect.objectContaining({ text: '-', reason: expect.stringMatching(/another proposes to insert/) })]);
  });

  it('refuses a file exported from another document', async () => {
    const reading = readWordFile(await compilation(negotiated()));
    expect(() => planWordChanges(reading, negotiated(), 'doc-0002')).toThrow(WrongDocument);
  });

  it('proposes nothing for an untouched export of any negotiated text (property)', async () => {
    await fc.assert(
      fc.asyncProperty(negotiatedDocument, async (text) => {
        const plan = planWordChanges(readWordFile(await compilation(text)), text, DOCUMENT);
        expect(plan).toEqual({ proposals: [], unplaced: [] });
      }),
      { numRuns: Number(process.env.ACCORD_PROPERTY_RUNS ?? 40) },
    );
  }, 300_000);
});
