import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { translator } from '../../shared/i18n/translate.ts';
import { api } from '../api.ts';
import { currentLanguage } from '../i18n/language.tsx';
import './paragraph-sources.css';

/** Each paragraph's sources by pid, as GET /api/documents/:id/sources answers them. */
export type ParagraphSourceMap = Readonly<Record<string, readonly string[]>>;

interface SourcesState {
  sources: ParagraphSourceMap;
  decorations: DecorationSet;
}

function note(parties: readonly string[]): HTMLElement {
  const dom = document.createElement('span');
  dom.className = 'paragraph-sources';
  dom.dataset.testid = 'paragraph-sources-note';
  dom.textContent = parties.join(', ');
  dom.title = translator(currentLanguage())('calls.paragraphSources', { parties: parties.join(', ') });
  // A note beside the text, not text: the caret never lands in it, nor does a copy take it.
  dom.contentEditable = 'false';
  return dom;
}

/**
 * The margin notes of a consolidated draft: by each paragraph the Secretariat compiled, the
 * parties its wording comes from. Found by pid, so a paragraph keeps its note wherever edits
 * move it; a paragraph added since the compilation has none.
 */
export function paragraphSourceDecorations(doc: PMNode, sources: ParagraphSourceMap): DecorationSet {
  if (Object.keys(sources).length === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const parties = typeof node.attrs.pid === 'string' ? sources[node.attrs.pid] : undefined;
    if (parties && parties.length > 0) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'has-sources' }));
      decorations.push(Decoration.widget(pos + 1, () => note(parties), { side: -1, ignoreSelection: true, key: `sources:${node.attrs.pid}:${parties.join(',')}` }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

const key = new PluginKey<SourcesState>('paragraphSources');

/**
 * Reads the document's sources once, when the editor opens (a consolidated draft's sources are
 * fixed when the Secretariat compiles it), and draws them; a document that was not compiled
 * answers 404 and shows nothing.
 */
export const ParagraphSources = Extension.create<{ documentId: string }>({
  name: 'paragraphSources',
  addOptions() {
    return { documentId: '' };
  },
  addProseMirrorPlugins() {
    const { documentId } = this.options;
    return [
      new Plugin<SourcesState>({
        key,
        state: {
          init: () => ({ sources: {}, decorations: DecorationSet.empty }),
          apply: (tr, value) => {
            const sources = (tr.getMeta(key) as ParagraphSourceMap | undefined) ?? value.sources;
            if (sources === value.sources && !tr.docChanged) return value;
            return { sources, decorations: paragraphSourceDecorations(tr.doc, sources) };
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
        view: (view) => {
          let destroyed = false;
          if (documentId) {
            api.documentSources(documentId).then(
              ({ paragraphs }) => {
                if (!destroyed && !view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, paragraphs).setMeta('addToHistory', false));
              },
              () => undefined,
            );
          }
          return {
            destroy: () => {
              destroyed = true;
            },
          };
        },
      }),
    ];
  },
});
