import type { Node as PMNode } from '@tiptap/pm/model';
import { listAmendments, type Amendment } from './amendments.ts';
import { paragraphLabel } from './numbering.ts';

/** What an undo gives back: the amendments a decision settled, the statuses it set. */
export interface UndoEffect {
  /** Pending again, exactly as before the decision. */
  returned: Amendment[];
  /** Brought in by the decision (a restore) and gone again. */
  removed: Amendment[];
  /** Paragraph statuses set back: pid → the status before the decision. */
  statuses: Map<string, string>;
}

const same = (a: Amendment, b: Amendment): boolean =>
  a.delegation === b.delegation && a.author === b.author && a.at === b.at && a.shape === b.shape && a.inserted === b.inserted && a.deleted === b.deleted;

function statuses(doc: PMNode): Map<string, string> {
  const found = new Map<string, string>();
  doc.descendants((node) => {
    if (node.isTextblock && typeof node.attrs.pid === 'string' && typeof node.attrs.status === 'string') found.set(node.attrs.pid, node.attrs.status);
    return !node.isTextblock;
  });
  return found;
}

const quote = (a: Amendment): string => {
  const words = (a.inserted || a.deleted).replace(/\s+/g, ' ').trim();
  // `words` is the catalogue's name for what negotiators wrote: carried into every language as it is.
  return `${a.delegation}’s amendment ${a.id} (“${words.length > 60 ? `${words.slice(0, 57)}…` : words}”)`;
};

/**
 * Checks that reverting a decision gives back what it took, and says what that is; throws with
 * the reason otherwise. `before` and `after` are the text around the decision, `reverted` the
 * live text with the decision taken back. An undo applies only if the words it restores are
 * still there: an amendment whose words were since edited away cannot come back as it was.
 */
export function checkUndo(before: PMNode, after: PMNode, reverted: PMNode): UndoEffect {
  const listed = (doc: PMNode) => new Map(listAmendments(doc).map((a) => [a.id, a]));
  const [was, then, now] = [listed(before), listed(after), listed(reverted)];
  const problems: string[] = [];
  const returned: Amendment[] = [];
  const removed: Amendment[] = [];
  for (const [id, amendment] of was) {
    if (then.has(id)) continue;
    const back = now.get(id);
    if (back && same(back, amendment)) returned.push(back);
    else problems.push(`the words of ${quote(amendment)} are no longer in the text as they were`);
  }
  for (const [id, amendment] of then) {
    if (was.has(id)) continue;
    if (now.has(id)) problems.push(`${quote(amendment)} would stay`);
    else removed.push(amendment);
  }
  const [statusBefore, statusAfter, statusNow] = [statuses(before), statuses(after), statuses(reverted)];
  const restoredStatuses = new Map<string, string>();
  for (const [pid, status] of statusBefore) {
    if (statusAfter.get(pid) === status || !statusAfter.has(pid)) continue;
    if (statusNow.get(pid) === status) restoredStatuses.set(pid, status);
    else {
      // Named as people cited it when the decision was taken (`OP 3`), not by its internal id.
      const paragraph = paragraphLabel(before, pid);
      // Each status worded whole, so that the catalogue finds it (shared/i18n/localise-message.ts).
      if (status === 'agreed') problems.push(`${paragraph} is no longer there to be marked agreed again`);
      else if (status === 'adref') problems.push(`${paragraph} is no longer there to be marked agreed ad referendum again`);
      else problems.push(`${paragraph} is no longer there to be reopened`);
    }
  }
  if (problems.length > 0) throw new UndoError(`This decision cannot be undone: ${problems.join('; ')}.`);
  return { returned, removed, statuses: restoredStatuses };
}

export class UndoError extends Error {}
