import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';

const WORD = /[\p{L}\p{N}_'’-]/u;

/**
 * A double click selects one word of the text. The browser's own word selection runs across
 * the bracket widgets, so double-clicking struck words took the alternative proposed after
 * them too (`inviteencourage`). Here a word ends where its text run ends, which is where an
 * amendment begins or ends.
 */
export const WordSelection = Extension.create({
  name: 'wordSelection',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('wordSelection'),
        props: {
          handleDoubleClick(view, pos) {
            const $pos = view.state.doc.resolve(pos);
            if (!$pos.parent.isTextblock) return false;
            const at = $pos.parentOffset;
            let child = $pos.parent.childAfter(at);
            if (!child.node?.isText || !WORD.test(child.node.text?.[at - child.offset] ?? '')) child = $pos.parent.childBefore(at);
            const text = child.node?.isText ? (child.node.text ?? '') : '';
            let start = Math.min(Math.max(at - child.offset, 0), text.length);
            let end = start;
            while (start > 0 && WORD.test(text[start - 1]!)) start--;
            while (end < text.length && WORD.test(text[end]!)) end++;
            if (start === end) return false;
            const base = $pos.start() + child.offset;
            view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, base + start, base + end)));
            return true;
          },
        },
      }),
    ];
  },
});
