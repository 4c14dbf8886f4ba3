import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import type { VersionProposal } from '../../shared/i18n/language-versions-api.ts';
import type { Translate } from '../../shared/i18n/translate.ts';
import { describeAmendment } from './amendment-text.ts';
import { proposerCode } from './delegation-colours.ts';
import './version-proposals.css';

interface ProposalsState {
  proposals: readonly VersionProposal[];
  t: Translate | null;
  decorations: DecorationSet;
}

function note(proposal: VersionProposal, text: string, title: string): HTMLElement {
  const dom = document.createElement('span');
  dom.className = 'version-proposal';
  dom.dataset.testid = 'version-proposal-note';
  dom.dataset.pid = proposal.pid;
  dom.dataset.language = proposal.language;
  dom.dataset.delegation = proposal.delegation;
  dom.textContent = text;
  dom.title = title;
  // A note under the paragraph, not text: the caret never lands in it, nor does a copy take it.
  dom.contentEditable = 'false';
  return dom;
}

/**
 * Issue 17: an amendment pending in another language version, shown under the aligned
 * paragraph of this one — "proposed in Spanish by MEX" — where the people reading this version
 * look. Found by pid, which every version shares; a paragraph missing here shows nothing.
 */
export function versionProposalDecorations(doc: PMNode, proposals: readonly VersionProposal[], t: Translate): DecorationSet {
  if (proposals.length === 0) return DecorationSet.empty;
  const byPid = new Map<string, VersionProposal[]>();
  for (const proposal of proposals) byPid.set(proposal.pid, [...(byPid.get(proposal.pid) ?? []), proposal]);
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const here = typeof node.attrs.pid === 'string' ? byPid.get(node.attrs.pid) : undefined;
    for (const proposal of here ?? []) {
      const text = t('versions.proposedIn', { language: t(`language.${proposal.language}`), delegation: proposerCode(proposal.delegation, t) });
      // What it proposes, in its own version's words, on hover.
      const title = describeAmendment(proposal, t);
      const key = `version-proposal:${proposal.documentId}:${proposal.id}:${text}:${title}`;
      decorations.push(Decoration.widget(pos + node.nodeSize - 1, () => note(proposal, text, title), { side: 1, ignoreSelection: true, key }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

const key = new PluginKey<ProposalsState>('versionProposals');

/** Shows these proposals of the other versions, worded by `t` (the participant's language). */
export function showVersionProposals(view: EditorView, proposals: readonly VersionProposal[], t: Translate): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, { proposals, t }).setMeta('addToHistory', false));
}

/** The notes follow their paragraphs as the text changes; the workspace hands in new proposals as it reads them. */
export const VersionProposals = Extension.create({
  name: 'versionProposals',
  addProseMirrorPlugins() {
    return [
      new Plugin<ProposalsState>({
        key,
        state: {
          init: () => ({ proposals: [], t: null, decorations: DecorationSet.empty }),
          apply: (tr, value) => {
            const given = tr.getMeta(key) as { proposals: readonly VersionProposal[]; t: Translate } | undefined;
            if (!given && !tr.docChanged) return value;
            const { proposals, t } = given ?? value;
            return { proposals, t, decorations: t ? versionProposalDecorations(tr.doc, proposals, t) : DecorationSet.empty };
          },
        },
        props: { decorations: (state) => key.getState(state)?.decorations },
      }),
    ];
  },
});
