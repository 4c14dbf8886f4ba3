import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
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

const openPdf = (body: Uint8Array) => getDocument({ data: body.slice(), isEvalSupported: false, useSystemFonts: false }).promise;

/**
 * The PDF's text as one run of words: where a line breaks depends on the fonts, and a test
 * asserts what the page says, not where its lines end.
 */
async function pdfText(body: Uint8Array): Promise<string> {
  const pdf = await openPdf(body);
  try {
    let text = '';
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? ' ' : '');
      text += ' ';
    }
    return text.replace(/\s+/g, ' ');
  } finally {
    await pdf.destroy();
  }
}

/** The names of the fonts the PDF draws its text in, without the subset prefix (`AAAAAA+`). */
async function pdfFonts(body: Uint8Array): Promise<Set<string>> {
  const pdf = await openPdf(body);
  try {
    const fonts = new Set<string>();
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const ops = await page.getOperatorList();
      ops.fnArray.forEach((fn, i) => {
        if (fn !== OPS.setFont) return;
        const font: unknown = page.commonObjs.get(String(ops.argsArray[i][0]));
        const name = font && typeof font === 'object' && 'name' in font ? String(font.name) : '?';
        fonts.add(name.replace(/^[A-Z]{6}\+/, ''));
      });
    }
    return fonts;
  } finally {
    await pdf.destroy();
  }
}

/** Asserts that the phrases occur in the text in this order. */
function expectInOrder(text: string, phrases: string[]): void {
  let from = 0;
  for (const phrase of phrases) {
    const at = text.indexOf(phrase, from);
    expect(at, `"${phrase}" after position ${from} in: ${text}`).toBeGreaterThanOrEqual(0);
    from = at + phrase.length;
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
    expectInOrder(await pdfText(file.body), [
      'CSH/GT/PD-2/09',
      'Rev.2',
      'Regional Strategy on Criminal Gangs',
      'Compilation text — Rev.2',
      'Recalling its resolutions,',
      '1.',
      'to promote [transnational]MEX (supported by CAN) cooperation in [regional]USA matters',
      '2.',
      'to strengthen dialogue',
      '2 bis.',
      '[Invites observers to contribute.]BRA',
      'Agreed ad referendum, pending confirmation.',
      'Proposers',
      'BRA Brazil',
      'CAN Canada',
      'MEX Mexico',
      'USA United States',
    ]);

    const pdf = await openPdf(file.body);
    const [, , width, height] = (await pdf.getPage(1)).view;
    await pdf.destroy();
    // A4 in points: 595 × 842.
    expect(Math.round(width!)).toBe(595);
    expect(Math.round(height!)).toBe(842);
  });

  it('draws every word in the fonts Accord ships, whatever fonts the server has', async () => {
    // Spanish, French and Portuguese are Latin; Polish and Czech letters need Latin Extended.
    const multilingual = doc(
      p({ pid: 'pre', kind: 'preambular' }, 'Reconociendo la cooperación, à l’égard de l’œuvre, ', ins('BRA:ffffffff', 'ação conjunta'), ','),
      p('p1', 'invites Łódź and Nový Sad to ', del('USA:bbbbbbbb', 'act'), ' report.'),
    );
    const file = await exportDocument(multilingual, { format: 'pdf', variant: 'compilation', meta, supporters: new Map() });
    // Tinos for the text, bold and italic too; Arimo for the proposers' codes. Had a character
    // fallen back to an installed font (Liberation, DejaVu …), that font would be listed here.
    expect([...(await pdfFonts(file.body))].sort()).toEqual(['Arimo-Bold', 'Tinos-Bold', 'Tinos-Italic', 'Tinos-Regular']);
    expectInOrder(await pdfText(file.body), ['Reconociendo la cooperación, à l’égard de l’œuvre, [ação conjunta]BRA', 'invites Łódź and Nový Sad to [act]USA report.']);
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
