import type { Node as PMNode } from '@tiptap/pm/model';
import { EditorState, type Transaction } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { writeEdit } from '../../shared/editing/write-edit.ts';
import { proposerLabel } from '../../shared/negotiation/amendment-marks.ts';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import type { Participant } from '../../shared/participants.ts';
import { documentSchema, TEXT_FIELD } from '../../shared/schema.ts';

/** The document as the editor sees it. */
export function editorDoc(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(TEXT_FIELD), documentSchema());
}

/** Writes an edited ProseMirror document back into Yjs the way the editor binding does. */
export function writeBack(doc: Y.Doc, next: PMNode): void {
  updateYFragment(doc, doc.getXmlFragment(TEXT_FIELD), next, { mapping: new Map(), isOMark: new Map() });
}

/** Edits directly (Chair or Secretariat editing mode): the transaction as typed, written as the editor writes it. */
export function editDirectly(doc: Y.Doc, edit: (tr: Transaction) => Transaction): void {
  const state = EditorState.create({ schema: documentSchema(), doc: editorDoc(doc) });
  const tr = edit(state.tr);
  doc.transact(() => writeEdit(doc.getXmlFragment(TEXT_FIELD), tr));
}

/** Edits in suggesting mode, through the same conversion and the same write the editor applies. */
export function propose(doc: Y.Doc, participant: Participant, edit: (tr: Transaction) => Transaction): void {
  const state = EditorState.create({ schema: documentSchema(), doc: editorDoc(doc) });
  const outcome = toSuggestion(state, edit(state.tr), { label: proposerLabel(participant), author: participant.id });
  if (!outcome.ok) throw new Error(outcome.reason);
  doc.transact(() => writeEdit(doc.getXmlFragment(TEXT_FIELD), outcome.tr));
}

/** Position just inside the start of the n-th top-level block. */
export function blockStart(doc: PMNode, index: number): number {
  let pos = 0;
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
  return pos + 1;
}
