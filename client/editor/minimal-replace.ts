import { Slice } from '@tiptap/pm/model';
import { TextSelection, type EditorState, type Transaction } from '@tiptap/pm/state';
import { ReplaceStep } from '@tiptap/pm/transform';

/**
 * Typing over a selection is read back from the DOM, and next to the bracket widgets the
 * browser's edit can come back as a wider change than was made: selecting `invite` in
 * `[~~invite~~ [encourage]MEX]` and typing `c` arrives as "replace `inviteencourage` by
 * `cencourage`", the untouched words re-parsed without their marks. Suggested as is, that
 * would strike MEX's words and re-propose them as one's own. Words outside the selection that
 * both sides share were not typed over: this trims them, leaving the change really made.
 * (Within the selection nothing is trimmed: typing `e` over `invite` replaces all of it.)
 */
export function minimalReplace(state: EditorState, tr: Transaction): Transaction {
  if (tr.steps.length !== 1 || !(tr.steps[0] instanceof ReplaceStep)) return tr;
  const { from, to, slice } = tr.steps[0] as ReplaceStep & { from: number; to: number; slice: Slice };
  if (from === to || slice.openStart !== 0 || slice.openEnd !== 0 || slice.content.size === 0) return tr;
  const doc = state.doc;
  const $from = doc.resolve(from);
  if (!$from.sameParent(doc.resolve(to)) || !$from.parent.isTextblock) return tr;
  let onlyText = true;
  doc.nodesBetween(from, to, (node) => {
    if (!node.isText && node !== $from.parent) onlyText = false;
    return onlyText;
  });
  slice.content.forEach((node) => {
    if (!node.isText) onlyText = false;
  });
  if (!onlyText) return tr;

  // Text-only on both sides, so character offsets are document positions.
  const before = doc.textBetween(from, to);
  const after = slice.content.textBetween(0, slice.content.size);
  const selection = state.selection;
  const room = Math.min(before.length, after.length);
  const maxPrefix = Math.min(room, Math.max(0, selection.from - from));
  const maxSuffix = Math.max(0, to - selection.to);
  let prefix = 0;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < Math.min(maxSuffix, room - prefix) && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  if (prefix === 0 && suffix === 0) return tr;

  const content = slice.content.cut(prefix, after.length - suffix);
  const out = state.tr.replace(from + prefix, to - suffix, new Slice(content, 0, 0));
  const { anchor, head } = tr.selection;
  if (head <= out.doc.content.size && anchor <= out.doc.content.size) out.setSelection(TextSelection.create(out.doc, anchor, head));
  return out;
}
