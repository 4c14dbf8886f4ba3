import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, Selection, type EditorState, type Transaction } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { getRelativeSelection, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { TextOutOfStep, writeEdit } from '../../shared/editing/write-edit.ts';
import { isLocalUserEdit } from './edit-filters.ts';

/**
 * The editor's document is only ever a rendering of the shared text (the Y.Doc): an edit the
 * participant makes is written into the shared text as the operations it names, and comes back
 * into the editor from there, like everyone else's.
 *
 * y-prosemirror's own way back, diffing the editor's whole document against the shared text
 * after every transaction, is switched off: it wrote whatever differed — a trailing paragraph
 * a plugin appended on open, a default attribute the stored text lacked, a neighbour's letters
 * it could not tell from one's own — as changes nobody made. A delegation's such change is
 * refused by the server, and the client reloads in a loop.
 */

type Binding = Parameters<typeof getRelativeSelection>[0] & {
  _prosemirrorChanged: (doc: unknown) => void;
  beforeTransactionSelection: unknown;
  type: Y.XmlFragment;
  doc: Y.Doc;
};

interface SyncState {
  binding: Binding;
}

function syncState(state: EditorState): SyncState | undefined {
  return ySyncPluginKey.getState(state) as SyncState | undefined;
}

/**
 * Writes a local edit (already turned into the amendment it stands for) into the shared text,
 * then puts the caret where the edit left it. The origin is the binding's, so Yjs undo takes
 * it as this participant's own change. False when the shared text did not hold the edit's
 * document, and nothing was written.
 */
export function writeLocalEdit(view: EditorView, edit: Transaction): boolean {
  const { type: text, doc } = bindingOf(view.state);
  try {
    doc.transact(() => writeEdit(text, edit), ySyncPluginKey);
  } catch (error) {
    if (!(error instanceof TextOutOfStep)) throw error;
    console.error('[accord] an edit could not be written into the shared text', error);
    return false;
  }
  // The shared text now renders as the edit's document (up to the order of a run's marks, which
  // Yjs does not keep), so the edit's positions hold in it. Should it not (it never should), the
  // binding has already kept the caret where it was.
  const state = view.state;
  if (state.doc.content.size !== edit.doc.content.size) return true;
  // Marked as the binding's own, like the rendering it follows: otherwise the binding takes a
  // caret move after a rendering for the start of a new undo step, and each letter typed would
  // be undone alone.
  const tr = state.tr.setSelection(Selection.fromJSON(state.doc, edit.selection.toJSON())).setMeta(ySyncPluginKey, { isChangeOrigin: true });
  view.dispatch(edit.scrolledIntoView ? tr.scrollIntoView() : tr);
  return true;
}

/** The binding: the Y.Doc, its text, and how the editor's nodes map onto it. */
export function bindingOf(state: EditorState): Binding {
  const sync = syncState(state);
  if (!sync) throw new Error('the editor is not bound to a shared text');
  return sync.binding;
}

/**
 * Keeps the editor's document a rendering of the shared text: every change that does not come
 * from it (a plugin's normalisation, an appended transaction) is dropped, and the binding's
 * diffing write path is switched off. Local edits reach the document through `writeLocalEdit`.
 */
export const SharedTextOnly = Extension.create({
  name: 'sharedTextOnly',
  // Before Collaboration (1000): this plugin's view starts first, so the binding's write path
  // is off before the binding renders the shared text into the editor for the first time.
  priority: 1001,

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('sharedTextOnly'),
        // A local edit never reaches the editor's document directly (see `writeLocalEdit`).
        filterTransaction: (tr) => !isLocalUserEdit(tr),
        view: (view) => {
          const sync = syncState(view.state);
          if (!sync || typeof sync.binding._prosemirrorChanged !== 'function') {
            throw new Error('the ProseMirror–Yjs binding changed: review SharedTextOnly before upgrading it');
          }
          sync.binding._prosemirrorChanged = () => {};
          // Each participant's caret keeps to the text it was in, by its Yjs position alone.
          // The binding would otherwise "recover" a caret whose paragraph text changed (a
          // neighbour typing in it) to the same offset in the paragraph, which is the wrong
          // place: the next letter then lands before one's own last one.
          const keepCaret = () => {
            if (sync.binding.beforeTransactionSelection !== null) return;
            const { absAnchor: _anchor, absHead: _head, ...relative } = getRelativeSelection(sync.binding, view.state);
            // Without the absolute positions the binding resolves the Yjs ones only (its
            // recovery needs them; the declared type says nothing of their being optional).
            sync.binding.beforeTransactionSelection = relative as ReturnType<typeof getRelativeSelection>;
          };
          sync.binding.doc.on('beforeAllTransactions', keepCaret);
          return { destroy: () => sync.binding.doc.off('beforeAllTransactions', keepCaret) };
        },
      }),
    ];
  },
});
