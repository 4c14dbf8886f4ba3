import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { defaultDeleteFilter, defaultProtectedNodes, initProseMirrorDoc, ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { bindingAnchoring } from '../../shared/editing/binding-anchoring.ts';
import { RedoHistory } from '../../shared/editing/redo-history.ts';
import { rewritableBy } from '../../shared/negotiation/amendment-marks.ts';
import { bindingOf, writeLocalEdit } from './shared-text.ts';

/**
 * Undo and redo of one's own edits. Undo is Yjs's (it deletes one's own new words, lifts one's
 * own marks, exactly); redo writes the undone words again as a fresh edit through the same
 * path as typing (see redo-history.ts for why Yjs's own redo cannot be used while others type
 * at the same place).
 */

/**
 * The Yjs UndoManager of the editor, whose steps are what one typed without a pause (half a
 * second, Yjs's default). The binding would otherwise end a step at every caret move that
 * follows a rendering of the shared text — that is, after every letter, since every local edit
 * comes back into the editor as a rendering — and each letter would be undone alone.
 */
class TypingUndoManager extends Y.UndoManager {
  override stopCapturing(): void {
    // Yjs's own call, as an undo or redo runs, keeps the next change out of the step before.
    if (this.undoing || this.redoing) this.endStep();
  }

  /** Ends the current step: the next change is undone on its own. */
  endStep(): void {
    this.lastChange = 0;
  }
}

export function typingUndoManager(text: Y.XmlFragment): Y.UndoManager {
  return new TypingUndoManager(text, {
    trackedOrigins: new Set([ySyncPluginKey]),
    deleteFilter: (item) => defaultDeleteFilter(item, defaultProtectedNodes),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
  });
}

interface Session {
  history: RedoHistory;
  /**
   * The shared text as it is now, rendered anew: the history reads the Y.Doc itself, not the
   * editor's rendering of it, which a change made while the binding is busy can leave behind.
   */
  text: () => PMNode;
  undoManager: Y.UndoManager;
  /** True while a redo is being written: that change does not end what can be redone. */
  redoing: boolean;
}

const sessions = new WeakMap<Y.UndoManager, Session>();

function sessionOf(view: EditorView, label: string): Session | null {
  const undoManager = (yUndoPluginKey.getState(view.state) as { undoManager?: Y.UndoManager } | undefined)?.undoManager;
  if (!undoManager) return null;
  let session = sessions.get(undoManager);
  if (!session) {
    const binding = bindingOf(view.state);
    const schema = view.state.schema;
    const rendered = () => initProseMirrorDoc(binding.type, schema);
    const created: Session = {
      history: new RedoHistory(bindingAnchoring(binding.doc, binding.type, () => rendered().mapping), rewritableBy(label)),
      text: () => rendered().doc,
      undoManager,
      redoing: false,
    };
    // A new edit of one's own (a new undo step, or one merged into the last) ends what can be redone.
    const forget = ({ type, origin }: { type: 'undo' | 'redo'; origin: unknown }) => {
      if (type === 'undo' && origin !== undoManager && !created.redoing) created.history.clear();
    };
    undoManager.on('stack-item-added', forget);
    undoManager.on('stack-item-updated', forget);
    sessions.set(undoManager, created);
    session = created;
  }
  return session;
}

/** `label`: the proposer label on the participant's amendments (see rewritableBy). */
export function undoOwnEdit(view: EditorView, label: string): boolean {
  const session = sessionOf(view, label);
  if (!session || session.undoManager.undoStack.length === 0) return false;
  const { doc } = bindingOf(view.state);
  session.history.undone(
    session.text,
    () => {
      let removed: Y.Transaction['deleteSet'] | null = null;
      const capture = (tr: Y.Transaction) => {
        if (tr.origin === session.undoManager) removed = tr.deleteSet;
      };
      doc.on('afterTransaction', capture);
      try {
        session.undoManager.undo();
      } finally {
        doc.off('afterTransaction', capture);
      }
      return (id) => removed !== null && Y.isDeleted(removed, id);
    },
  );
  return true;
}

export function redoOwnEdit(view: EditorView, label: string): boolean {
  const session = sessionOf(view, label);
  if (!session) return false;
  const text = session.text();
  const taken = session.history.takeLast(text);
  if (!taken) return true;
  if ('unplaced' in taken) {
    console.warn(`[accord] the words undone could not be written again: ${taken.unplaced}`);
    return true;
  }
  const tr = EditorState.create({ schema: view.state.schema, doc: text }).tr;
  for (const step of taken.transform.steps) tr.step(step);
  // The caret follows the words brought back, as after typing them.
  tr.setSelection(TextSelection.near(tr.doc.resolve(tr.mapping.map(Math.min(view.state.selection.head, text.content.size)))));
  // Its own undo step, not merged into the edit before it.
  if (session.undoManager instanceof TypingUndoManager) session.undoManager.endStep();
  else session.undoManager.stopCapturing();
  session.redoing = true;
  try {
    if (writeLocalEdit(view, tr.scrollIntoView())) taken.written();
  } finally {
    session.redoing = false;
  }
  return true;
}

export interface UndoRedoOptions {
  /** The proposer label on this participant's amendments (`MEX`, `Chair`). */
  label: string;
}

export const UndoRedo = Extension.create<UndoRedoOptions>({
  name: 'amendmentHistory',
  // Before Collaboration's own shortcuts, whose redo is Yjs's.
  priority: 1002,

  addOptions() {
    return { label: '' };
  },

  addKeyboardShortcuts() {
    const { label } = this.options;
    return {
      'Mod-z': () => undoOwnEdit(this.editor.view, label),
      'Mod-y': () => redoOwnEdit(this.editor.view, label),
      'Shift-Mod-z': () => redoOwnEdit(this.editor.view, label),
    };
  },
});
