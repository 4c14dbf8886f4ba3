import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfRenderer, exportComparison, exportDocument, PdfRendererUnavailable } from '../../server/export/index.ts';
import { pdfBrowserLaunches } from '../../server/export/pdf.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { del, doc, ins, p } from '../support/builders.ts';

const meta = { title: 'Regional Strategy on Criminal Gangs', symbol: 'CSH/GT/PD-2/09', revisionLabel: 'Rev.2', generatedAt: new Date('2026-11-28T12:00:00Z') };

const negotiated = () =>
  doc(
    p({ pid: 'pre', kind: 'preambular' }, 'Recalling its resolutions,'),
    p('p1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational'), ' cooperation in ', del('USA:bbbbbbbb', 'regional'), ' matters'),
    p({ pid: 'p2', status: 'adref' }, 'to strengthen dialogue'),
    p({ pid: 'p3', proposal: 'BRA:ffffffff' }, ins('BRA:ffffffff', 'Invites observers to contribute.')),
  );

/** The PDF's text, page by page, with each line on a line of its own and spaces normalised. */
async function pdfText(body: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: body.slice(), isEvalSupported: false, useSystemFonts: false }).promise;
  try {
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      text += '\n';
    }
    return text.replace(/[ \t]+/g, ' ');
  } finally {
    await pdf.destroy();
  }
}

afterAll(() => closePdfRenderer());

describe('PDF export', () => {
  it('refuses clearly when Chromium is not where it is expected', async () => {
    process.env.ACCORD_CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      await expect(exportDocument(negotiated(), { format: 'pdf', variant: 'agreed', meta, supporters: new Map() })).rejects.toThrow(PdfRendererUnavailable);
    } finally {
      delete process.env.ACCORD_CHROMIUM_PATH;
    }
  });

  it('prints the compilation page to an A4 PDF whose text reads as the page does', async () => {
    const file = await exportDocument(negotiated(), { format: 'pdf', variant: 'compilation', meta, supporters: new Map([['MEX:aaaaaaaa', ['CAN']]]) });
    expect(file.filename).toBe('CSH-GT-PD-2-09_compilation_Rev.2.pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(new TextDecoder().decode(file.body.slice(0, 5))).toBe('%PDF-');
    const text = await pdfText(file.body);
    expect(text).toContain('CSH/GT/PD-2/09');
    expect(text).toContain('Regional Strategy on Criminal Gangs');
    expect(text).toContain('Compilation text — Rev.2');
    expect(text).toContain('to promote [transnational]MEX (supported by CAN) cooperation in [regional]USA matters');
    expect(text).toContain('2 bis.');
    expect(text).toContain('[Invites observers to contribute.]BRA');
    expect(text).toContain('Agreed ad referendum, pending confirmation.');

    const pdf = await getDocument({ data: file.body.slice(), isEvalSupported: false }).promise;
    const [, , width, height] = (await pdf.getPage(1)).view;
    await pdf.destroy();
    // A4 in points: 595 × 842.
    expect(Math.round(width!)).toBe(595);
    expect(Math.round(height!)).toBe(842);
  });

  it('reuses the browser for a comparison', async () => {
    const comparison: Comparison = {
      from: { label: 'Rev.1' },
      to: { label: 'Rev.2' },
      paragraphs: [
        {
          pid: 'p1', number: '1', kind: 'operative', blockType: 'paragraph', change: 'changed',
          segments: [
            { text: 'to promote ', change: 'same', attribution: null },
            { text: 'transnational ', change: 'inserted', attribution: { amendmentId: 'MEX:aaaaaaaa', delegation: 'MEX', how: 'accepted' } },
            { text: 'cooperation', change: 'same', attribution: null },
          ],
        },
      ],
      summary: { accepted: [{ id: 'MEX:aaaaaaaa', delegation: 'MEX', inserted: 'transnational', deleted: '', pid: 'p1' }], rejected: [], withdrawn: [], proposed: [] },
    };
    const file = await exportComparison(comparison, { format: 'pdf', meta });
    const text = await pdfText(file.body);
    expect(text).toContain('Comparison of Rev.1 with Rev.2');
    expect(text).toContain('MEX (para. 1): inserts “transnational”');
    expect(text).toMatch(/transnational\s*MEX, accepted/);
    expect(pdfBrowserLaunches()).toBe(1);
  });
});
