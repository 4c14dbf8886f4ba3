import type { Node as PMNode } from '@tiptap/pm/model';
import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';

/**
 * The editor's current document, as React state. The editor does not re-render React on
 * transactions (the text is ProseMirror's); the panels that list and number amendments
 * follow this instead, at most once a frame.
 */
export function useEditorDoc(editor: Editor): PMNode {
  const [doc, setDoc] = useState<PMNode>(() => editor.state.doc);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setDoc(editor.state.doc);
      });
    };
    update();
    editor.on('update', update);
    // y-sync transactions (other participants, decisions) are not 'update's of this editor.
    editor.on('transaction', update);
    return () => {
      cancelAnimationFrame(frame);
      editor.off('update', update);
      editor.off('transaction', update);
    };
  }, [editor]);
  return doc;
}

/** The caret or selection, for the popover of the amendment it sits in. */
export function useEditorSelection(editor: Editor): { from: number; to: number; focused: boolean } {
  const [selection, setSelection] = useState(() => readSelection(editor));
  useEffect(() => {
    const read = () => readSelection(editor);
    const update = () =>
      setSelection((last) => {
        const next = read();
        return last.from === next.from && last.to === next.to && last.focused === next.focused ? last : next;
      });
    editor.on('selectionUpdate', update);
    editor.on('focus', update);
    editor.on('blur', update);
    return () => {
      editor.off('selectionUpdate', update);
      editor.off('focus', update);
      editor.off('blur', update);
    };
  }, [editor]);
  return selection;
}

function readSelection(editor: Editor): { from: number; to: number; focused: boolean } {
  return { from: editor.state.selection.from, to: editor.state.selection.to, focused: editor.isFocused };
}
