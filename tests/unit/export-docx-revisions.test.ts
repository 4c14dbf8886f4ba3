import type { Node as PMNode } from '@tiptap/pm/model';
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../server/export/index.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { agreedView, cleanView } from '../../shared/negotiation/views.ts';
import { negotiatedDocument, viewParagraphs } from '../support/negotiation-arbitrary.ts';
import { paragraphsAfter, trackedChanges } from '../support/word-revisions.ts';

/**
 * The compilation in Word against the views, over random negotiations: Word's Accept All must
 * leave exactly the clean view and Reject All exactly the agreed view, and every tracked change
 * must be dated when its proposal was made, never when the file was written.
 */

const meta = { title: 'Work plan', symbol: 'CSH/GT/PD-2/09', revisionLabel: 'Rev.3', generatedAt: new Date('2026-12-01T08:30:00Z') };
/** More for a deeper search: DOCX_REVISION_RUNS=1000. */
const RUNS = Number(process.env.DOCX_REVISION_RUNS ?? 100);
/** Symbol, revision, date, title and variant line head every export. */
const MASTHEAD = 5;

async function compilationXml(document: PMNode): Promise<string> {
  // Supporters exercise comments wrapped around tracked changes.
  const supporters = new Map(listAmendments(document).filter((a) => a.delegation === 'MEX').map((a) => [a.id, ['USA']]));
  const file = await exportDocument(document, { format: 'docx', variant: 'compilation', meta, supporters });
  const xml = await (await JSZip.loadAsync(file.body)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml;
}

/** The negotiated text: after the masthead, before the key of proposers. */
function textOf(paragraphs: string[]): string[] {
  const key = paragraphs.indexOf('Proposers');
  return paragraphs.slice(MASTHEAD, key === -1 ? undefined : key);
}

/**
 * Every (proposer, time) a change may carry: those of the document's amendment marks, and no
 * time for a proposed paragraph with no time of its own (no words, only a line break).
 */
function proposalTimes(document: PMNode): Set<string> {
  const times = new Set(listAmendments(document).filter((a) => a.at === '').map((a) => `${a.delegation} null`));
  document.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name === 'insertion' || mark.type.name === 'deletion') {
        times.add(`${mark.attrs.delegation as string} ${new Date(mark.attrs.at as string).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
      }
    }
  });
  return times;
}

describe('the compilation in Word, all changes accepted or rejected', () => {
  it('accept-all gives the clean view, reject-all the agreed view, each change dated by its proposal', async () => {
    await fc.assert(
      fc.asyncProperty(negotiatedDocument, async (document) => {
        const xml = await compilationXml(document);
        expect(textOf(paragraphsAfter(xml, 'accept'))).toEqual(viewParagraphs(cleanView(document), document));
        expect(textOf(paragraphsAfter(xml, 'reject'))).toEqual(viewParagraphs(agreedView(document), document));
        const times = proposalTimes(document);
        for (const change of trackedChanges(xml)) expect(times).toContain(`${change.author} ${change.date}`);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
