import { describe, expect, it } from 'vitest';
import { exportComparison, exportDocument } from '../../server/export/index.ts';
import { exportFilename, safeNamePart } from '../../server/export/filename.ts';
import { renderMarkdown } from '../../server/export/markdown.ts';
import { buildExportModel } from '../../server/export/model.ts';
import type { ExportOptions, ExportVariant } from '../../server/export/types.ts';
import { del, doc, ins, p, schema } from '../support/builders.ts';

const meta = { title: 'Regional Strategy on Criminal Gangs', symbol: 'CSH/GT/PD-2/09', revisionLabel: 'Rev.2', generatedAt: new Date('2026-11-28T12:00:00Z') };
const supporters = new Map([['MEX:aaaaaaaa', ['USA', 'CAN', 'MEX']]]);
const options = (variant: ExportVariant, extra: Partial<ExportOptions> = {}): ExportOptions => ({ variant, meta, supporters, ...extra });

/** Every shape a negotiator meets: insertion, deletion, alternatives, new paragraph, ad ref. */
const negotiated = () =>
  doc(
    p({ pid: 'pre', kind: 'preambular' }, 'Recalling its resolutions,'),
    p('p1', 'to promote ', ins('MEX:aaaaaaaa', 'transnational'), ' cooperation in ', del('USA:bbbbbbbb', 'regional'), ' matters'),
    p({ pid: 'p2', status: 'adref' }, 'to ', del('CAN:eeeeeeee', del('USA:dddddddd', del('MEX:cccccccc', 'promote'))), ins('MEX:cccccccc', 'foster'), ins('USA:dddddddd', 'advance'), ' dialogue'),
    p({ pid: 'p3', proposal: 'BRA:ffffffff' }, ins('BRA:ffffffff', 'Invites observers to contribute.')),
    p('p4', 'Also ', del('PER:gggggggg', 'remove'), ins('PER:gggggggg', 'replace'), ' here.'),
  );

const lines = (markdown: string) => markdown.split('\n').filter((line) => line.trim() !== '');

describe('compilation text', () => {
  const markdown = renderMarkdown(buildExportModel(negotiated(), options('compilation')));

  it('brackets each proposal with its delegation and supporters', () => {
    expect(markdown).toContain('1\\. to promote [transnational]MEX (supported by USA, CAN) cooperation in [~~regional~~]USA matters');
    expect(markdown).toContain('3\\. Also [~~remove~~ replace]PER here.');
  });

  it('groups alternatives for the same words in one bracket, outright deletions named after the struck words', () => {
    expect(markdown).toContain('2\\. to [~~promote~~ (CAN) / foster (MEX) / advance (USA)] dialogue[^1]');
  });

  it('shows a proposed paragraph with its bis number and proposer', () => {
    expect(markdown).toContain('2 bis. [Invites observers to contribute.]BRA');
  });

  it('heads the text with symbol, revision, title and variant, and footnotes ad referendum', () => {
    expect(lines(markdown).slice(0, 5)).toEqual(['**CSH/GT/PD-2/09**\\', 'Rev.2', '28 November 2026', '# Regional Strategy on Criminal Gangs', '*Compilation text — Rev.2*']);
    expect(markdown).toContain('[^1]: Agreed ad referendum, pending confirmation.');
    expect(markdown).toMatch(/- MEX: Mexico/);
  });

  it('nests a proposal made inside another delegation’s insertion', () => {
    const nested = doc(p('p1', 'to ', ins('MEX:aaaaaaaa', 'promote '), ins('MEX:aaaaaaaa', ins('USA:bbbbbbbb', 'and advance ')), ins('MEX:aaaaaaaa', del('CAN:cccccccc', 'regional')), ' ties'));
    expect(renderMarkdown(buildExportModel(nested, options('compilation')))).toContain(
      '1\\. to [promote [and advance ]USA[~~regional~~]CAN]MEX (supported by USA, CAN) ties',
    );
  });

  it('splits partly overlapping deletions where the set of deleters changes', () => {
    const overlap = doc(p('p1', del('USA:bbbbbbbb', del('MEX:cccccccc', 'regional')), del('USA:bbbbbbbb', ' cooperation'), ins('USA:bbbbbbbb', 'ties')));
    expect(renderMarkdown(buildExportModel(overlap, options('compilation')))).toContain('1\\. [~~regional~~ (MEX, USA)][ ~~cooperation~~ ties]USA');
  });
});

describe('agreed text', () => {
  const model = buildExportModel(negotiated(), options('agreed', { adReferendumDates: new Map([['p2', new Date('2026-11-27T18:00:00Z')]]) }));
  const markdown = renderMarkdown(model);

  it('leaves pending insertions and proposed paragraphs out and keeps pending deletions, without brackets', () => {
    expect(markdown).toContain('1\\. to promote cooperation in regional matters');
    expect(markdown).toContain('2\\. to promote dialogue[^1]');
    expect(markdown).toContain('3\\. Also remove here.');
    expect(markdown).not.toMatch(/bis|Invites|\[transnational|~~|foster|MEX/);
    expect(model.blocks.map((b) => b.number)).toEqual([null, '1', '2', '3']);
    expect(model.delegations).toEqual([]);
  });

  it('footnotes the ad referendum paragraph with its date when known', () => {
    expect(markdown).toContain('[^1]: Agreed ad referendum on 27 November 2026.');
    expect(lines(markdown)).toContain('*Agreed text — Rev.2*');
  });
});

describe('markdown safety', () => {
  it('escapes the text’s own markdown so it cannot become links, emphasis or lists', () => {
    const tricky = doc(
      p({ pid: 'a', kind: 'body' }, '# not a heading [x](javascript:alert(1)) *a* <b>'),
      p({ pid: 'b', kind: 'body' }, '1. not a list'),
      p('c', 'keeps ', schema.text('bold', [schema.marks.bold!.create()]), ' and ', schema.text('italic ', [schema.marks.italic!.create()]), 'words'),
    );
    const markdown = renderMarkdown(buildExportModel(tricky, options('compilation')));
    expect(markdown).toContain('\\# not a heading \\[x\\](javascript:alert(1)) \\*a\\* \\<b\\>');
    expect(markdown).toContain('1\\. not a list');
    expect(markdown).toContain('1\\. keeps **bold** and *italic* words');
  });
});

describe('file names', () => {
  it('derive from the symbol, variant and revision with safe characters only', async () => {
    expect(exportFilename('CSH/GT/PD-2/09', ['compilation', 'Rev.2'], 'docx')).toBe('CSH-GT-PD-2-09_compilation_Rev.2.docx');
    expect(exportFilename('../../etc/passwd', ['agreed', undefined], 'md')).toBe('etc-passwd_agreed.md');
    expect(safeNamePart('Résolution «1»\r\n')).toBe('Resolution-1');
    const file = await exportDocument(negotiated(), { ...options('agreed'), format: 'md' });
    expect(file.filename).toBe('CSH-GT-PD-2-09_agreed_Rev.2.md');
    expect(file.contentType).toBe('text/markdown; charset=utf-8');
    expect(new TextDecoder().decode(file.body)).toContain('# Regional Strategy on Criminal Gangs');
  });
});

describe('comparison in markdown', () => {
  it('marks changes in CriticMarkup with who brought them', async () => {
    const file = await exportComparison(
      {
        from: { label: 'Rev.1' },
        to: { label: 'Rev.2' },
        paragraphs: [
          {
            pid: 'p1', number: '1', kind: 'operative', blockType: 'paragraph', change: 'changed',
            segments: [
              { text: 'to promote ', change: 'same', attribution: null },
              { text: 'transnational ', change: 'inserted', attribution: { amendmentId: 'MEX:aaaaaaaa', delegation: 'MEX', how: 'accepted' } },
              { text: 'cooperation', change: 'same', attribution: null },
              { text: ' {now}', change: 'removed', attribution: null },
            ],
          },
        ],
        summary: { accepted: [{ id: 'MEX:aaaaaaaa', delegation: 'MEX', inserted: 'transnational', deleted: '', pid: 'p1' }], rejected: [], withdrawn: [], proposed: [] },
      },
      { format: 'md', meta },
    );
    const markdown = new TextDecoder().decode(file.body);
    expect(file.filename).toBe('CSH-GT-PD-2-09_comparison_Rev.1-Rev.2.md');
    expect(markdown).toContain('| Accepted | 1 | MEX (para. 1): inserts “transnational” |');
    expect(markdown).toContain('1\\. to promote {++transnational ++}{>>MEX, accepted<<}cooperation{-- \\{now\\}--}{>>edited directly<<}');
  });
});
