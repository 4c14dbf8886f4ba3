import JSZip from 'jszip';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { exportComparison, exportDocument } from '../../server/export/index.ts';
import type { ExportFormat, ExportVariant } from '../../server/export/types.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { Comparison } from '../../shared/revisions/comparison.ts';
import { del, doc, ins, p } from '../support/builders.ts';

const meta = (language?: Language) => ({ title: 'Estrategia regional', symbol: 'CSH/GT/PD-2/09', generatedAt: new Date('2026-12-02T12:00:00Z'), ...(language ? { language } : {}) });

const negotiated = () =>
  doc(
    p({ pid: 'pre', kind: 'preambular' }, 'RECORDANDO la resolución AG/RES. 2380,'),
    p('p1', 'promover la cooperación ', ins('MEX:aaaaaaaa', 'transnacional'), ' en asuntos ', del('USA:bbbbbbbb', 'regionales')),
    p({ pid: 'p2', status: 'adref' }, 'fortalecer el diálogo'),
    p({ pid: 'p3', proposal: 'BRA:ffffffff' }, ins('BRA:ffffffff', 'Un párrafo nuevo.')),
  );


async function asHtml(variant: ExportVariant, language?: Language) {
  const file = await exportDocument(negotiated(), { format: 'html', variant, meta: meta(language), supporters: new Map([['MEX:aaaaaaaa', ['CAN', 'GTM']]]) });
  const html = new TextDecoder().decode(file.body);
  return { html, document: parseHTML(html).document };
}

const text = (document: Document, selector: string) => (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('an export in the language it is asked in', () => {
  it('Spanish: tagged es, its fixed words, dates and proposers’ names in Spanish', async () => {
    const { html, document } = await asHtml('compilation', 'es');
    expect(document.documentElement.getAttribute('lang')).toBe('es');
    expect(text(document, '.variant')).toBe('Texto de compilación');
    expect(text(document, '.masthead .date')).toBe('2 de diciembre de 2026');
    // (Whole pages are not printed on failure: each is a megabyte of inlined fonts.)
    expect(html.includes('MEX (con el apoyo de CAN, GTM)')).toBe(true);
    expect(text(document, '.key h2')).toBe('Proponentes');
    expect(text(document, '.key')).toContain('México');
    expect(text(document, '.key')).toContain('Estados Unidos');
    expect(text(document, '.footnotes')).toContain('Acordado ad referéndum, pendiente de confirmación.');
    // No English left of the words the export itself adds.
    for (const english of ['Compilation text', 'supported by', 'Proposed by', 'Proposers', 'Agreed ad referendum', 'December']) expect(html.includes(english), english).toBe(false);
  });

  it('French and Portuguese agreed texts say so in their language; English stays the default', async () => {
    const fr = await asHtml('agreed', 'fr');
    expect(fr.document.documentElement.getAttribute('lang')).toBe('fr');
    expect(text(fr.document, '.variant')).toBe('Texte agréé');
    expect(text(fr.document, '.masthead .date')).toBe('2 décembre 2026');
    const pt = await asHtml('agreed', 'pt');
    expect(text(pt.document, '.variant')).toBe('Texto acordado');
    expect(text(pt.document, '.footnotes')).toContain('Acordado ad referendum, pendente de confirmação.');
    const en = await asHtml('compilation');
    expect(en.document.documentElement.getAttribute('lang')).toBe('en');
    expect(text(en.document, '.variant')).toBe('Compilation text');
    expect(en.html.includes('MEX (supported by CAN, GTM)')).toBe(true);
  });

  it('Word: the document language is set, and the notes are in it', async () => {
    const file = await exportDocument(negotiated(), { format: 'docx', variant: 'compilation', meta: meta('es'), supporters: new Map([['MEX:aaaaaaaa', ['CAN']]]) });
    const zip = await JSZip.loadAsync(file.body);
    const styles = (await zip.file('word/styles.xml')!.async('string'));
    expect(styles).toMatch(/<w:lang w:val="es-ES"\/>/);
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('Texto de compilación');
    expect(body).toContain('Proponentes');
    expect(body).not.toContain('Compilation text');
    expect(await zip.file('word/comments.xml')!.async('string')).toContain('Propuesto por BRA');
  });

  it('a comparison: its summary and headings in the language', async () => {
    const comparison: Comparison = {
      from: { kind: 'revision', id: 'r1', label: 'Rev.1' },
      to: { kind: 'live', id: 'live', label: 'texto en vivo' },
      paragraphs: [{ pid: 'p1', number: '1', kind: 'operative', blockType: 'paragraph', change: 'changed', segments: [{ change: 'same', text: 'promover ', attribution: null }] }],
      summary: { accepted: [{ id: 'MEX:aaaaaaaa', delegation: 'MEX', pid: 'p1', inserted: 'transnacional', deleted: '' }], rejected: [], withdrawn: [], proposed: [] },
    } as unknown as Comparison;
    const file = await exportComparison(comparison, { format: 'md', meta: meta('es') });
    const markdown = new TextDecoder().decode(file.body);
    expect(markdown).toContain('*Comparación de Rev.1 con texto en vivo*');
    expect(markdown).toContain('## Resumen de los cambios');
    expect(markdown).toContain('| Aceptadas | 1 | MEX (párr. 1): inserta «transnacional» |');
    expect(markdown).not.toContain('Summary of changes');
  });
  it('a comparison: the words beside each change in the language, the text tagged with its own', async () => {
    const comparison = {
      from: { kind: 'revision', id: 'r1', label: 'Rev.1' },
      to: { kind: 'revision', id: 'r2', label: 'Rev.2' },
      paragraphs: [
        {
          pid: 'p1', number: '1', kind: 'operative', blockType: 'paragraph', change: 'changed',
          segments: [
            { text: 'promover ', change: 'same', attribution: null },
            { text: 'transnacional ', change: 'inserted', attribution: { amendmentId: 'MEX:aaaaaaaa', delegation: 'MEX', how: 'accepted', decision: 12 } },
            { text: 'ahora', change: 'removed', attribution: { amendmentId: null, delegation: null, how: 'edited' } },
            { text: ' pronto', change: 'inserted', attribution: { amendmentId: null, delegation: null, how: 'restored', detail: 'Rev.1' } },
          ],
        },
      ],
      summary: { accepted: [], rejected: [], withdrawn: [], proposed: [] },
    } as unknown as Comparison;
    const html = new TextDecoder().decode((await exportComparison(comparison, { format: 'html', meta: { ...meta('fr'), textLanguage: 'es' } })).body);
    const { document } = parseHTML(html);
    expect(document.documentElement.getAttribute('lang')).toBe('fr');
    expect(document.querySelector('section.text')?.getAttribute('lang')).toBe('es');
    expect([...document.querySelectorAll('section.text sup')].map((label) => label.textContent)).toEqual(['MEX, accepté, décision 12', 'modifié directement', 'rétabli Rev.1']);
    const markdown = new TextDecoder().decode((await exportComparison(comparison, { format: 'md', meta: meta('pt') })).body);
    expect(markdown).toContain('{>>MEX, aceita, decisão 12<<}');
    expect(markdown).toContain('{>>editado diretamente<<}');
    // Word credits a direct edit to the Secretariat, named in the file's language.
    const zip = await JSZip.loadAsync((await exportComparison(comparison, { format: 'docx', meta: { ...meta('es'), textLanguage: 'es' } })).body);
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('w:author="Secretaría"');
    expect(body).toContain('w:author="Presidencia"');
    expect(body).not.toContain('w:author="Secretariat"');
  });
});
