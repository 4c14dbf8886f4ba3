import type { Node as PMNode } from '@tiptap/pm/model';
import type { Page } from 'playwright-core';

/**
 * A document reduced to what a reader must see the same everywhere: each block's text in runs,
 * each run with the amendments it carries (`ins:MEX:3f9a1c2e`, `del:USA:…`). Read from the
 * server's document and from each browser's editor (its DOM, as drawn), so "everyone holds the
 * same text" can be checked across processes.
 */
export interface SignatureRun {
  text: string;
  marks: string[];
}
export type TextSignature = { block: string; runs: SignatureRun[] }[];

function pushRun(runs: SignatureRun[], text: string, marks: string[]): void {
  const sorted = [...marks].sort();
  const last = runs.at(-1);
  if (last && last.marks.join(' ') === sorted.join(' ')) last.text += text;
  else if (text.length > 0) runs.push({ text, marks: sorted });
}

/** The signature of a ProseMirror document (the server's, read through the editor schema). */
export function documentSignature(doc: PMNode): TextSignature {
  const blocks: TextSignature = [];
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    const runs: SignatureRun[] = [];
    node.forEach((child) => {
      const marks = child.marks
        .filter((m) => m.type.name === 'insertion' || m.type.name === 'deletion')
        .map((m) => `${m.type.name === 'insertion' ? 'ins' : 'del'}:${String(m.attrs.id)}`);
      pushRun(runs, child.isText ? child.text! : '', marks);
    });
    blocks.push({ block: String(node.attrs.pid ?? ''), runs });
    return false;
  });
  return blocks;
}

/** The signature of what a browser's editor shows (brackets, numbers and carets left out). */
export function pageSignature(page: Page): Promise<TextSignature> {
  return page.evaluate(() => {
    const editor = document.querySelector('[data-testid="editor"]');
    if (!editor) throw new Error('no editor on the page');
    const blocks: { block: string; runs: { text: string; marks: string[] }[] }[] = [];
    const skipped = (el: Element | null) =>
      !!el?.closest('[contenteditable="false"], .collaboration-carets__caret, .paragraph-number, .ProseMirror-widget');
    for (const block of editor.querySelectorAll('p, h1, h2, h3')) {
      const runs: { text: string; marks: string[] }[] = [];
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || skipped(parent) || parent.closest('p, h1, h2, h3') !== block) continue;
        const marks: string[] = [];
        for (let el: Element | null = parent; el && el !== block; el = el.parentElement) {
          // The marks themselves, not the bracket decorations drawn around them.
          const id = el.getAttribute('data-amendment');
          if (id && el.tagName === 'INS' && el.classList.contains('amendment-insertion')) marks.push(`ins:${id}`);
          if (id && el.tagName === 'DEL' && el.classList.contains('amendment-deletion')) marks.push(`del:${id}`);
        }
        marks.sort();
        const text = node.textContent ?? '';
        const last = runs.at(-1);
        if (last && last.marks.join(' ') === marks.join(' ')) last.text += text;
        else if (text.length > 0) runs.push({ text, marks });
      }
      blocks.push({ block: block.getAttribute('data-pid') ?? '', runs });
    }
    return blocks;
  });
}

/**
 * Each unbroken stretch of text carrying one amendment's insertion: what its proposer typed,
 * in order. Words of others that split it (carrying other marks only) end a stretch, so a
 * phrase broken in two by a neighbour's letters is not found whole.
 */
export function insertedBy(signature: TextSignature, amendmentId: string): string[] {
  const stretches: string[] = [];
  for (const { runs } of signature) {
    let stretch = '';
    for (const run of runs) {
      if (run.marks.includes(`ins:${amendmentId}`)) stretch += run.text;
      else if (stretch) {
        stretches.push(stretch);
        stretch = '';
      }
    }
    if (stretch) stretches.push(stretch);
  }
  return stretches;
}

/** Every insertion id in the text whose proposer is `label`. */
export function insertionIdsOf(signature: TextSignature, label: string): string[] {
  const ids = new Set<string>();
  for (const { runs } of signature) for (const run of runs) for (const m of run.marks) if (m.startsWith(`ins:${label}:`)) ids.add(m.slice(4));
  return [...ids];
}
