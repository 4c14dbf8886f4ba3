import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { useEffect, useRef } from 'react';
import { amendmentDecorations } from '../editor/amendment-decorations.ts';
import { ReadOnlyText } from '../editor/read-only-text.tsx';
import { useTextLanguage } from '../editor/text-language.ts';
import type { RevisionView } from '../api.ts';

/**
 * A revision's compilation text, bracketed exactly as the live editor brackets it: a
 * ProseMirror view on the shared schema that cannot be edited, with the same decorations.
 */
function BracketedText({ doc, label }: { doc: PMNode; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const mount = ref.current;
    if (!mount) return;
    const view = new EditorView(mount, {
      state: EditorState.create({ doc }),
      editable: () => false,
      decorations: (state) => amendmentDecorations(state.doc),
      attributes: { class: 'negotiated-text negotiated-text--read-only', 'aria-label': label, lang: 'en' },
    });
    return () => view.destroy();
  }, [doc, label]);
  return <div ref={ref} />;
}

/** A revision's text in one of the three views; the clean and agreed ones carry no brackets. */
export function RevisionText({ doc, view, label }: { doc: PMNode; view: RevisionView; label: string }) {
  // The revision's words are in the document's language, like the live text's.
  const textLanguage = useTextLanguage();
  return (
    <div data-testid="revision-text" data-view={view} lang={textLanguage}>
      {view === 'compilation' ? <BracketedText doc={doc} label={label} /> : <ReadOnlyText doc={doc} view={view} label={label} {...(textLanguage ? { textLanguage } : {})} />}
    </div>
  );
}
