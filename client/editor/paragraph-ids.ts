import type { Transaction } from '@tiptap/pm/state';

function newPid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `p-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * A paragraph's pid names it for its whole life (decisions, numbering, revisions), but
 * splitting a paragraph copies its attributes and pasting brings pids from elsewhere: a new
 * block whose pid is already in use, or that has none, gets a fresh pid. Only blocks this
 * transaction made are touched (unchanged blocks are the very same node objects): renaming a
 * paragraph someone else owns or one that is agreed would be refused.
 */
export function giveParagraphsOwnIds(tr: Transaction): Transaction {
  const untouched = new Set<unknown>();
  tr.before.forEach((block) => untouched.add(block));
  const seen = new Set<string>();
  tr.doc.forEach((block) => {
    if (untouched.has(block) && typeof block.attrs.pid === 'string') seen.add(block.attrs.pid);
  });
  const fixes: number[] = [];
  tr.doc.forEach((block, offset) => {
    if (!('pid' in block.attrs) || untouched.has(block)) return;
    const pid = block.attrs.pid as string | null;
    if (!pid || seen.has(pid)) fixes.push(offset);
    else seen.add(pid);
  });
  for (const offset of fixes) {
    const block = tr.doc.nodeAt(offset);
    if (block) tr.setNodeMarkup(offset, undefined, { ...block.attrs, pid: newPid() });
  }
  return tr;
}
