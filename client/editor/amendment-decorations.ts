import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { bracketLayout, type BracketPiece } from './bracket-layout.ts';
import { proposerCode, proposerColour, proposerName } from './delegation-colours.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { translate, translator } from '../../shared/i18n/translate.ts';
import { currentLanguage } from '../i18n/language.tsx';

/**
 * Draws the bracket notation of bracket-layout.ts into the editor as decorations: the text
 * itself stays exactly what the server stores, the brackets and codes are only shown.
 */

function element(tag: string, className: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  // Brackets are not text: the caret must not land in them, nor a copy pick them up.
  el.contentEditable = 'false';
  return el;
}

function tint(el: HTMLElement, proposer: string | null): HTMLElement {
  if (proposer) el.style.setProperty('--delegation-colour', proposerColour(proposer));
  return el;
}

function groupClass(group: string | null): string {
  return group ? ' in-alternatives' : '';
}

function widgetFor(piece: BracketPiece): { dom: HTMLElement; key: string } | null {
  const widget = widgetIn(piece, currentLanguage());
  // The language is part of the key: a widget drawn in another language is drawn again, not reused.
  return widget && { dom: widget.dom, key: `${widget.key}:${currentLanguage()}` };
}

function widgetIn(piece: BracketPiece, language: Language): { dom: HTMLElement; key: string } | null {
  const t = translator(language);
  switch (piece.kind) {
    case 'open': {
      const dom = tint(element('span', `bracket bracket--open${piece.proposer ? '' : ' bracket--group'}${groupClass(piece.group)}`, '['), piece.proposer);
      if (piece.amendmentId) dom.dataset.amendmentId = piece.amendmentId;
      return { dom, key: `open:${piece.amendmentId ?? `group:${piece.group}`}:${piece.proposer}` };
    }
    case 'close': {
      const dom = tint(element('span', `bracket bracket--close${piece.proposer ? '' : ' bracket--group'}${groupClass(piece.group)}`, ']'), piece.proposer);
      if (piece.proposer && piece.amendmentId) {
        dom.dataset.amendmentId = piece.amendmentId;
        dom.append(codeLabel(piece.proposer, piece.amendmentId, language));
      } else {
        dom.title = t('text.alternatives');
      }
      return { dom, key: `close:${piece.amendmentId ?? `group:${piece.group}`}:${piece.proposer}` };
    }
    case 'separator': {
      const dom = element('span', `bracket-separator${groupClass(piece.group)}`, '|');
      dom.setAttribute('aria-label', t('text.or'));
      return { dom, key: `separator:${piece.group}` };
    }
    case 'gap':
      return { dom: element('span', 'bracket-gap'), key: `gap:${piece.amendmentId}` };
    case 'deletion-alternative': {
      const dom = tint(element('span', `bracket bracket--deletion-alternative${groupClass(piece.group)}`), piece.proposer);
      dom.dataset.amendmentId = piece.amendmentId;
      dom.append('[', element('span', 'bracket__void', t('text.delete')), ']', codeLabel(piece.proposer, piece.amendmentId, language));
      dom.title = t('text.proposesDeleting', { proposer: proposerName(piece.proposer, language, t) });
      return { dom, key: `deletion-alternative:${piece.amendmentId}` };
    }
    case 'number': {
      const dom = element('span', 'paragraph-number', `${piece.label}.`);
      return { dom, key: `number:${piece.label}` };
    }
    default:
      return null;
  }
}

function codeLabel(proposer: string, amendmentId: string, language: Language): HTMLElement {
  const label = element('span', 'bracket__code', proposerCode(proposer, translator(language)));
  label.dataset.testid = 'amendment-bracket';
  label.dataset.delegation = proposer;
  label.dataset.amendmentId = amendmentId;
  label.title = proposerName(proposer, language, translator(language));
  return label;
}

export function amendmentDecorations(doc: PMNode): DecorationSet {
  const decorations: Decoration[] = [];
  for (const piece of bracketLayout(doc, undefined, currentLanguage())) {
    if (piece.kind === 'words') {
      decorations.push(
        Decoration.inline(piece.from, piece.to, {
          class: `amendment-words${piece.struck ? ' amendment-words--struck' : ''}${groupClass(piece.group)}`,
          style: `--delegation-colour: ${proposerColour(piece.proposer)}`,
        }),
      );
    } else if (piece.kind === 'group') {
      decorations.push(Decoration.inline(piece.from, piece.to, { class: 'alternatives' }));
    } else if (piece.kind === 'proposed-paragraph') {
      decorations.push(
        Decoration.node(piece.from, piece.to, {
          class: 'proposed-paragraph',
          style: `--proposer-colour: ${proposerColour(piece.proposer)}`,
          title: translate(currentLanguage(), 'text.newParagraphBy', { proposer: proposerName(piece.proposer, currentLanguage(), translator(currentLanguage())) }),
        }),
      );
    } else {
      const widget = widgetFor(piece);
      if (!widget) continue;
      const side = piece.kind === 'number' ? -10_000 : piece.side;
      // `relaxedSide`: where the browser puts the selection next to a bracket (a press on the
      // first struck letter puts it after `[`) is as good as the side the caret is kept on.
      // Without it the editor moved the selection across the bracket under a pressed mouse,
      // and Chromium's drag then only moved a caret: the next keystroke landed beside the bracket.
      // (A paragraph's number always stays before the caret.)
      const relaxedSide = piece.kind !== 'number';
      decorations.push(
        Decoration.widget(piece.pos, widget.dom, { side, key: `${widget.key}:${side}`, marks: [], ignoreSelection: true, relaxedSide }),
      );
    }
  }
  return DecorationSet.create(doc, decorations);
}

const key = new PluginKey<DecorationSet>('amendmentDecorations');

/** Draws the brackets' words again in the page's language, after the participant chose another. */
export function redrawInLanguage(view: EditorView): void {
  if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, 'language'));
}

/** Recomputed whenever the text changes (or the language does); cheap next to a network round trip, and always right. */
export const AmendmentDecorations = Extension.create({
  name: 'amendmentDecorations',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => amendmentDecorations(state.doc),
          apply: (tr, set) => (tr.docChanged || tr.getMeta(key) ? amendmentDecorations(tr.doc) : set),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ];
  },
});
