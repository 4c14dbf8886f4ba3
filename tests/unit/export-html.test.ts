import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { exportComparison, exportDocument } from '../../server/export/index.ts';
import type { ExportVariant } from '../../server/export/types.ts';
import { delegationColour } from '../../shared/delegations.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { del, doc, ins, p, schema } from '../support/builders.ts';

const meta = { title: 'Strategy <script>alert("title")</script>', symbol: 'CSH/GT/PD-2/09', revisionLabel: 'Rev.2', generatedAt: new Date('2026-11-28T12:00:00Z') };

const negotiated = () =>
  doc(
    schema.nodes.heading!.create({ level: 2, pid: 'h1' }, schema.text('Objectives')),
    p({ pid: 'pre', kind: 'preambular' }, 'Recalling <script>alert(1)</script> & "quotes",'),
    p('p1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational'), ' cooperation in ', del('USA:bbbbbbbb', 'regional'), ' matters'),
    p({ pid: 'p2', status: 'adref' }, 'to ', del('USA:dddddddd', del('MEX:cccccccc', 'promote')), ins('MEX:cccccccc', 'foster'), ins('USA:dddddddd', 'advance'), ' dialogue'),
    p({ pid: 'p3', proposal: 'BRA:ffffffff' }, ins('BRA:ffffffff', '<img src=x onerror=alert(2)>')),
    schema.nodes.bulletList!.create(null, [
      schema.nodes.listItem!.create(null, [p({ pid: 'l1', kind: 'body' }, 'first point')]),
      schema.nodes.listItem!.create(null, [p({ pid: 'l2', kind: 'body' }, 'second point')]),
    ]),
  );

const render = async (variant: ExportVariant) => {
  const file = await exportDocument(negotiated(), { format: 'html', variant, meta, supporters: new Map([['MEX:aaaaaaaa', ['CAN']]]) });
  const html = new TextDecoder().decode(file.body);
  return { file, html, document: parseHTML(html).document };
};

const textOf = (document: Document, selector: string) => (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('compilation text as a page', () => {
  it('is a standalone page headed by the symbol, title and variant', async () => {
    const { file, document, html } = await render('compilation');
    expect(file.filename).toBe('CSH-GT-PD-2-09_compilation_Rev.2.html');
    expect(file.contentType).toBe('text/html; charset=utf-8');
    expect(textOf(document, '.masthead .symbol')).toBe('CSH/GT/PD-2/09 Rev.2');
    expect(textOf(document, 'h1.title')).toBe('Strategy <script>alert("title")</script>');
    expect(textOf(document, '.variant')).toBe('Compilation text — Rev.2');
    expect(html).toContain('@page { size: A4;');
    // Its only URLs are the inlined fonts' data: URLs.
    expect(html.replace(/url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\)/g, '')).not.toMatch(/<link|\ssrc="|url\(|https?:\/\//);
  });

  it('carries its own fonts, so it reads the same wherever it is opened', async () => {
    const { html } = await render('compilation');
    const faces = [...html.matchAll(/@font-face \{ font-family: '(\w+)'; font-style: (\w+); font-weight: (\d+);[^}]*unicode-range: U\+0000-00FF/g)].map((m) => m.slice(1).join(' '));
    expect(faces).toEqual(['Tinos normal 400', 'Tinos italic 400', 'Tinos normal 700', 'Tinos italic 700', 'Arimo normal 700']);
    expect(html).toMatch(/body \{[^}]*font-family: "Tinos",/);
    expect(html).toMatch(/\.code, \.note \{[^}]*font-family: "Arimo",/);
    // Latin alone: English, Spanish, French and Portuguese. A page of 1.5 MB would not do.
    expect(html).not.toContain('U+0100-02BA');
    expect(html.length).toBeLessThan(200_000);
  });

  it('carries the Latin Extended faces only when its text needs them', async () => {
    const polish = doc(p('p1', 'Łódź and Nový Sad, with Ödön'));
    const file = await exportDocument(polish, { format: 'html', variant: 'agreed', meta, supporters: new Map() });
    const html = new TextDecoder().decode(file.body);
    expect(html.match(/unicode-range: U\+0100-02BA/g)).toHaveLength(5);
    expect(html.length).toBeLessThan(800_000);
  });

  it('shows brackets, codes, supporters, alternatives and numbering as the markdown does', async () => {
    const { document } = await render('compilation');
    expect(textOf(document, '[data-pid="p1"]')).toBe('1. to promote [transnational]MEX (supported by CAN) cooperation in [regional]USA matters');
    expect(textOf(document, '[data-pid="p2"]')).toBe('2. to [promote / foster (MEX) / advance (USA)] dialogue1');
    expect(textOf(document, '[data-pid="p3"]')).toBe('2 bis. [<img src=x onerror=alert(2)>]BRA');
    expect(textOf(document, '[data-pid="l1"]')).toBe('• first point');
    expect(textOf(document, 'h3[data-pid="h1"]')).toBe('Objectives');
    expect(document.querySelector('[data-pid="p1"] del')?.textContent).toBe('regional');
    const insertion = document.querySelector('[data-pid="p1"] ins');
    expect(insertion?.textContent).toBe('transnational');
    expect(insertion?.getAttribute('style')).toBe(`--c:${delegationColour('MEX')}`);
    expect(textOf(document, '.footnotes')).toContain('Agreed ad referendum, pending confirmation.');
    expect(textOf(document, '.key')).toContain('MEX Mexico');
  });

  it('escapes everything that comes from the text or the metadata', async () => {
    const { html, document } = await render('compilation');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('Recalling &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;,');
    expect(document.querySelectorAll('script, img')).toHaveLength(0);
  });
});

describe('agreed text as a page', () => {
  it('has neither brackets nor proposals, and footnotes ad referendum', async () => {
    const { document } = await render('agreed');
    expect(textOf(document, '.variant')).toBe('Agreed text — Rev.2');
    expect(textOf(document, '[data-pid="p1"]')).toBe('1. to promote cooperation in regional matters');
    expect(textOf(document, '[data-pid="p2"]')).toBe('2. to promote dialogue1');
    expect(document.querySelector('[data-pid="p3"]')).toBeNull();
    expect(document.querySelectorAll('ins, del, .bracket, .code, .key')).toHaveLength(0);
    expect(textOf(document, '#fn1')).toContain('Agreed ad referendum');
  });
});

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
        { text: ' <b>now</b>', change: 'removed', attribution: { amendmentId: null, delegation: null, how: 'edited' } },
      ],
    },
  ],
  summary: {
    accepted: [{ id: 'MEX:aaaaaaaa', delegation: 'MEX', inserted: 'transnational', deleted: '', pid: 'p1' }],
    rejected: [],
    withdrawn: [{ id: 'CAN:eeeeeeee', delegation: 'CAN', inserted: 'swiftly', deleted: '', pid: 'p1' }],
    proposed: [],
  },
};

describe('comparison as a page', () => {
  it('summarises the decisions in a table and attributes each change', async () => {
    const file = await exportComparison(comparison, { format: 'html', meta });
    const html = new TextDecoder().decode(file.body);
    const { document } = parseHTML(html);
    const rows = [...document.querySelectorAll('table.summary tbody tr')].map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent).join(' | '));
    expect(rows).toEqual([
      'Accepted | 1 | MEX (para. 1): inserts “transnational”',
      'Rejected | 0 | —',
      'Withdrawn | 1 | CAN (para. 1): inserts “swiftly”',
      'Proposed | 0 | —',
    ]);
    expect(textOf(document, '.variant')).toBe('Comparison of Rev.1 with Rev.2');
    expect(document.querySelector('[data-pid="p1"] ins')?.textContent).toBe('transnational ');
    expect(textOf(document, '[data-pid="p1"]')).toBe('1. to promote transnational MEX, acceptedcooperation <b>now</b>edited directly');
    expect(html).not.toContain('<b>now');
  });
});
