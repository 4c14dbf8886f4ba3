import type { Node as PMNode } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { versionProposalDecorations } from '../../client/editor/version-proposals.ts';
import type { VersionProposal } from '../../shared/i18n/language-versions-api.ts';
import { translator } from '../../shared/i18n/translate.ts';
import { documentSchema } from '../../shared/schema.ts';

const paragraph = (pid: string, text: string) => ({ type: 'paragraph', attrs: { pid, kind: 'operative' }, content: [{ type: 'text', text }] });
const text = (...paragraphs: ReturnType<typeof paragraph>[]): PMNode => documentSchema().nodeFromJSON({ type: 'doc', content: paragraphs });

const proposal = (pid: string, delegation: string, language: VersionProposal['language'] = 'es'): VersionProposal => ({
  documentId: 'spanish', language, pid, id: `${delegation}:0000000${pid.length}`, delegation, shape: 'insertion', inserted: 'sin demora', deleted: '',
});

/** Each note: the paragraph (by its words) it stands at the end of, and its key (which carries its wording). */
function notes(doc: PMNode, proposals: VersionProposal[], language: 'en' | 'fr') {
  return versionProposalDecorations(doc, proposals, translator(language))
    .find()
    .map((d) => ({ paragraph: doc.resolve(d.from).parent.textContent, atEnd: doc.resolve(d.from).parentOffset === doc.resolve(d.from).parent.content.size, key: (d.spec as { key: string }).key }));
}

describe('a proposal made in another language version', () => {
  it('stands at the end of the aligned paragraph, by pid, worded in the reader’s language', () => {
    const english = text(paragraph('p-00000001', 'Exchange information.'), paragraph('p-00000002', 'Train police.'));
    const shown = notes(english, [proposal('p-00000002', 'GTM'), proposal('p-00000002', 'MEX', 'pt')], 'en');
    expect(shown.map((n) => [n.paragraph, n.atEnd])).toEqual([
      ['Train police.', true],
      ['Train police.', true],
    ]);
    expect(shown[0]!.key).toContain('proposed in Spanish by GTM');
    expect(shown[1]!.key).toContain('proposed in Portuguese by MEX');
    expect(notes(english, [proposal('p-00000002', 'GTM')], 'fr')[0]!.key).toContain('proposé en espagnol par GTM');
  });

  it('is nowhere when its paragraph is not in this version, or nothing is proposed elsewhere', () => {
    const english = text(paragraph('p-00000001', 'Exchange information.'));
    expect(notes(english, [proposal('p-0000000f', 'GTM')], 'en')).toEqual([]);
    expect(notes(english, [], 'en')).toEqual([]);
  });
});
