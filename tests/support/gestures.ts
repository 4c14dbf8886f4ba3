import type { Page } from 'playwright-core';

/**
 * What people do in the editor, done through the browser's own mouse and keyboard at a
 * person's speed: click after a word and type, double-click a word and type over it, drag
 * across brackets and delete, Enter and type, paste rich text, undo and redo.
 */

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (items) => items[Math.floor(next() * items.length)]! };
}

export type GestureKind = 'type-after' | 'replace' | 'enter' | 'paste' | 'drag-delete' | 'undo-redo';

export interface Gesture {
  kind: GestureKind;
  /** A word of the base text the gesture starts on (and, for a drag, the word it ends on). */
  word: string;
  to?: string;
  phrase: string;
  /** Milliseconds between keys. */
  keyDelay: number;
}

/** The string a gesture leaves in the text as one piece, if it types any. */
export function typedBy(gesture: Gesture): string | null {
  switch (gesture.kind) {
    case 'type-after':
    case 'undo-redo':
      return ` ${gesture.phrase}`;
    case 'replace':
    case 'enter':
      return gesture.phrase;
    case 'paste':
      return `${gesture.phrase} firmly`;
    case 'drag-delete':
      return null;
  }
}

interface Point {
  x: number;
  y: number;
}

/**
 * Where a word of the base text stands in the editor: its first occurrence outside any
 * proposed insertion, in the paragraphs that take amendments.
 */
function wordPoints(page: Page, word: string): Promise<{ start: Point; end: Point; middle: Point } | null> {
  return page.evaluate((w) => {
    const editor = document.querySelector('[data-testid="editor"]');
    if (!editor) return null;
    for (const block of editor.querySelectorAll('p[data-kind="operative"], p[data-kind="preambular"]')) {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('ins, [contenteditable="false"], .collaboration-carets__caret, .paragraph-number')) continue;
        const match = new RegExp(`\\b${w}\\b`).exec(node.textContent ?? '');
        if (!match) continue;
        parent.scrollIntoView({ block: 'center' });
        const rectAt = (from: number, to: number) => {
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, to);
          return range.getBoundingClientRect();
        };
        const first = rectAt(match.index, match.index + 1);
        const last = rectAt(match.index + w.length - 1, match.index + w.length);
        const all = rectAt(match.index, match.index + w.length);
        if (all.width === 0) continue;
        return {
          start: { x: first.left + 1, y: first.top + first.height / 2 },
          end: { x: last.right - 1, y: last.top + last.height / 2 },
          middle: { x: all.left + all.width / 2, y: all.top + all.height / 2 },
        };
      }
    }
    return null;
  }, word);
}

/**
 * Clicks just after the word, as a person does, and checks where the caret landed: others'
 * words appearing at that moment can move the text under the pointer, and a person would see
 * it and click again rather than type into the middle of something else.
 */
async function placeCaretAfter(page: Page, word: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const points = await wordPoints(page, word);
    if (!points) return false;
    await page.mouse.click(points.end.x, points.end.y);
    if (!(await waitForSelection(page, (s) => s.collapsed))) continue;
    const afterWord = await page.evaluate((w) => {
      const s = window.getSelection();
      const block = s?.anchorNode?.parentElement?.closest('p, li, h1, h2, h3');
      if (!s || !block) return false;
      const before = document.createRange();
      before.setStart(block, 0);
      before.setEnd(s.anchorNode!, s.anchorOffset);
      return before.toString().endsWith(w);
    }, word);
    if (afterWord) return true;
  }
  return false;
}

/**
 * The editor reads the browser's selection asynchronously (on selectionchange, a task Chromium
 * may run after the next key's): a person's next key waits for it. Until the editor's own
 * selection is the browser's, what the editor handles itself (a paste, Enter, Backspace over a
 * selection) acts where the caret was before: a paste went into another delegation's words.
 */
async function waitForSelection(page: Page, test: (s: { collapsed: boolean; text: string }) => boolean): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    const selection = await page.evaluate(() => {
      type View = { posAtDOM(node: Node, offset: number, bias?: number): number; state: { selection: { anchor: number; head: number } } };
      const s = window.getSelection();
      const host = document.querySelector<HTMLElement & { editor?: { view: View } }>('[data-testid="editor"]');
      if (!s?.anchorNode || !s.focusNode || !host?.contains(s.anchorNode)) return null;
      const view = host.editor?.view;
      let caughtUp = false;
      try {
        caughtUp = !!view && view.posAtDOM(s.anchorNode, s.anchorOffset, 1) === view.state.selection.anchor && view.posAtDOM(s.focusNode, s.focusOffset, 1) === view.state.selection.head;
      } catch {
        // A node the editor does not draw: not caught up.
      }
      return caughtUp ? { collapsed: s.isCollapsed, text: s.toString() } : null;
    });
    if (selection && test(selection)) return true;
    await page.waitForTimeout(20);
  }
  return false;
}

/** Does the gesture; false when the words it starts on are no longer where a person could act on them. */
export async function perform(page: Page, gesture: Gesture, ownLabel: string): Promise<boolean> {
  const delay = gesture.keyDelay;
  switch (gesture.kind) {
    case 'type-after':
      if (!(await placeCaretAfter(page, gesture.word))) return false;
      await page.keyboard.type(` ${gesture.phrase}`, { delay });
      return true;
    case 'undo-redo':
      if (!(await placeCaretAfter(page, gesture.word))) return false;
      await page.keyboard.type(` ${gesture.phrase}`, { delay });
      await page.keyboard.press('Control+z', { delay });
      await page.keyboard.press('Control+Shift+z', { delay });
      return true;
    case 'replace': {
      const points = await wordPoints(page, gesture.word);
      if (!points) return false;
      await page.mouse.dblclick(points.middle.x, points.middle.y);
      if (!(await waitForSelection(page, (s) => !s.collapsed && s.text.replace(/[[\]]/g, '').trim() === gesture.word))) return false;
      await page.keyboard.type(gesture.phrase, { delay });
      return true;
    }
    case 'enter':
      if (!(await placeCaretAfter(page, gesture.word))) return false;
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type(gesture.phrase, { delay });
      return true;
    case 'paste': {
      if (!(await placeCaretAfter(page, gesture.word))) return false;
      const html = `<p>${gesture.phrase} <strong>firmly</strong></p>`;
      await page.evaluate(
        ({ html, plain }) => {
          const data = new DataTransfer();
          data.setData('text/html', html);
          data.setData('text/plain', plain);
          document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        },
        { html, plain: `${gesture.phrase} firmly` },
      );
      return true;
    }
    case 'drag-delete': {
      const from = await wordPoints(page, gesture.word);
      const to = gesture.to ? await wordPoints(page, gesture.to) : null;
      if (!from || !to || to.end.y < from.start.y || (to.end.y === from.start.y && to.end.x <= from.start.x)) return false;
      await page.mouse.move(from.start.x - 1, from.start.y);
      await page.mouse.down();
      await page.mouse.move(to.end.x + 1, to.end.y, { steps: 8 });
      await page.mouse.up();
      if (!(await waitForSelection(page, (s) => !s.collapsed))) return false;
      // Deleting one's own pending words really removes them: a person would not, in this test.
      const takesOwnWords = await page.evaluate((label) => {
        const s = window.getSelection();
        if (!s || s.rangeCount === 0) return true;
        const range = s.getRangeAt(0);
        return [...document.querySelectorAll(`[data-testid="editor"] ins[data-delegation="${label}"]`)].some((el) => range.intersectsNode(el));
      }, ownLabel);
      if (takesOwnWords) {
        await page.keyboard.press('ArrowRight');
        return false;
      }
      await page.keyboard.press('Backspace');
      return true;
    }
  }
}
