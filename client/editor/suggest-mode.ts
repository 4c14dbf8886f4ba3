import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { toSuggestion } from '../../shared/negotiation/suggest.ts';
import { directEditProblem } from './direct-edit-guard.ts';
import { isLocalUserEdit, withoutAmendmentMarks, withoutProposals } from './edit-filters.ts';
import { minimalReplace } from './minimal-replace.ts';
import { giveParagraphsOwnIds } from './paragraph-ids.ts';
import { writeLocalEdit } from './shared-text.ts';
import { serverNow } from '../sync/server-clock.ts';

export type EditingMode = 'suggesting' | 'direct';

export interface SuggestModeOptions {
  /** The proposer label on this participant's amendments (`MEX`, `Chair`) and its id. */
  label: string;
  author: string;
  /** Read at every edit: the Chair and Secretariat switch modes without a new editor. */
  mode: () => EditingMode;
  /** Why an edit could not be made; shown briefly, the edit itself is dropped. */
  onRefused: (reason: string) => void;
}

/**
 * Suggesting mode: every edit this participant makes goes through `toSuggestion` and reaches
 * the shared text as the amendment it stands for (written by `writeLocalEdit`, never diffed). The server accepts from a delegation only what
 * that conversion produces, so the editor must never let a raw edit through while suggesting.
 */
export const SuggestMode = Extension.create<SuggestModeOptions>({
  name: 'suggestMode',

  addOptions() {
    return { label: '', author: '', mode: () => 'suggesting', onRefused: () => {} };
  },

  dispatchTransaction({ transaction: raw, next }) {
    if (!isLocalUserEdit(raw)) {
      next(raw);
      return;
    }
    const transaction = minimalReplace(this.editor.state, raw);
    const { label, author, mode, onRefused } = this.options;
    if (mode() === 'direct') {
      const problem = directEditProblem(transaction, label);
      if (problem) onRefused(problem);
      else writeLocalEdit(this.editor.view, giveParagraphsOwnIds(transaction));
      return;
    }
    const outcome = toSuggestion(this.editor.state, transaction, { label, author, now: serverNow });
    if (!outcome.ok) {
      onRefused(outcome.reason);
      return;
    }
    writeLocalEdit(this.editor.view, outcome.tr);
  },

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('pasteWithoutAmendments'),
        props: { transformPasted: (slice) => withoutProposals(withoutAmendmentMarks(slice)) },
      }),
    ];
  },
});
