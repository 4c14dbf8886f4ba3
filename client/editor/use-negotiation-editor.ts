import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { useEditor, type Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { PresenceUser } from '../../shared/protocol.ts';
import { documentExtensions, TEXT_FIELD } from '../../shared/schema.ts';
import type { DocumentConnection } from '../sync/document-connection.ts';
import { AmendmentDecorations } from './amendment-decorations.ts';
import { ParagraphSources } from './paragraph-sources.ts';
import { VersionProposals } from './version-proposals.ts';
import { SharedTextOnly } from './shared-text.ts';
import { SuggestMode, type SuggestModeOptions } from './suggest-mode.ts';
import { typingUndoManager, UndoRedo } from './undo-redo.ts';
import { WordSelection } from './word-selection.ts';

interface NegotiationEditorProps {
  connection: DocumentConnection;
  user: PresenceUser;
  editable: boolean;
  label: string;
  suggest: SuggestModeOptions;
  /** The language the text is in (issue 17: a Spanish version is Spanish): English until known. */
  textLanguage?: string | null;
}

/**
 * Another participant's caret, labelled the way the room knows them ("MEX · Ana Pérez").
 * Remote awareness carries the server's PresenceUser, so the label comes from there.
 */
function renderCaret(user: Record<string, unknown>): HTMLElement {
  const colour = typeof user.color === 'string' ? user.color : 'transparent';
  const name = typeof user.name === 'string' ? user.name : '';
  const code = typeof user.label === 'string' ? user.label : '';
  // "Chair · Chair — Guatemala" says the office twice; the name alone already carries it.
  const label = code && !name.startsWith(code) ? `${code} · ${name}` : name;
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = colour;
  const tag = document.createElement('div');
  tag.classList.add('collaboration-carets__label');
  tag.style.backgroundColor = colour;
  tag.textContent = label;
  caret.append(tag);
  return caret;
}

/**
 * The editor of the live text. Read once, at mount: the workspace that calls this is keyed
 * on the connection's generation, so a reload after a refusal builds a new editor on the new
 * Y.Doc. The suggesting mode is read at each edit through `mode`, so switching it keeps the
 * editor (and its undo history).
 */
export function useNegotiationEditor({ connection, user, editable, label, suggest, textLanguage }: NegotiationEditorProps): Editor {
  // One per connection: the editor is built once per connection (see above).
  const [undoManager] = useState(() => typingUndoManager(connection.doc.getXmlFragment(TEXT_FIELD)));
  const editor = useEditor({
    extensions: [
      ...documentExtensions(),
      Collaboration.configure({ document: connection.doc, field: TEXT_FIELD, yUndoOptions: { undoManager } }),
      SharedTextOnly,
      UndoRedo.configure({ label: suggest.label }),
      // The caret extension writes `user` into awareness itself; giving it the whole
      // PresenceUser keeps the presence list and the carets reading the same record.
      CollaborationCaret.configure({ provider: connection.provider, user: { ...user }, render: renderCaret }),
      SuggestMode.configure(suggest),
      AmendmentDecorations,
      // A consolidated draft's sources by each paragraph (issue 16); the provider's room is the document.
      ParagraphSources.configure({ documentId: connection.provider.roomname }),
      // Amendments pending in the other language versions, under the aligned paragraphs (issue 17).
      VersionProposals,
      WordSelection,
    ],
    editable,
    // Re-rendering React on every keystroke buys nothing here: the text is ProseMirror's.
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { 'data-testid': 'editor', class: 'negotiated-text', 'aria-label': label, spellcheck: 'true', lang: textLanguage ?? 'en' },
    },
  });

  useEffect(() => {
    connection.provider.awareness.setLocalStateField('user', user);
  }, [connection, user]);

  useEffect(() => {
    if (editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  return editor;
}
