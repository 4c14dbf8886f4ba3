import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAs, type SignedInPage } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, selectWord } from '../support/demo-in-browser.ts';

/**
 * Issue 12, point 6: a mouse drag that started on struck words only moved a caret (the editor
 * put the selection on the other side of the bracket under the pressed mouse), and the next
 * keystroke split a group of alternatives into brackets with no link between them.
 */
const demo = demoInBrowser();

/** The screen box of the first struck run holding `word` in the paragraph. */
async function struckWordBox(paragraph: Locator, word: string): Promise<{ left: number; right: number; y: number }> {
  const box = await paragraph.evaluate((p, w) => {
    for (const struck of p.querySelectorAll('.amendment-words--struck')) {
      const walker = document.createTreeWalker(struck, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf(w) ?? -1;
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + w.length);
        const rect = range.getBoundingClientRect();
        return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, word);
  if (!box) throw new Error(`"${word}" is not struck in the paragraph`);
  return box;
}

interface EditorElement extends HTMLElement {
  editor?: { state: { doc: { textBetween(from: number, to: number): string }; selection: { from: number; to: number } } };
}

/** The editor's own selection, as text: what typing will replace (Tiptap hangs the editor on its element). */
const editorSelection = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const editor = document.querySelector<EditorElement>('[data-testid="editor"]')?.editor;
    if (!editor) throw new Error('no editor on the page');
    const { from, to } = editor.state.selection;
    return editor.state.doc.textBetween(from, to);
  });

describe('selecting struck words with the mouse', () => {
  it('a drag over the struck words of a group selects them, and typing joins the group as one more alternative', async () => {
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    const canada = await openAs(demo.browser, await demo.linkFor('delegation', 'CAN'));
    const everyone: SignedInPage[] = [mexico, usa, canada];
    for (const { page } of everyone) await openResolution(page);

    // Operative paragraph 2: "To invite member states …": two alternatives for "invite".
    await selectWord(mexico.page, operative(mexico.page, 1), 'invite');
    await mexico.page.keyboard.type('encourage');
    await expect.poll(() => readText(operative(usa.page, 1)), POLL).toContain('encourage]MEX');
    await selectWord(usa.page, operative(usa.page, 1), 'invite');
    await usa.page.keyboard.type('call upon');
    const paragraph = operative(canada.page, 1);
    await expect.poll(() => paragraph.getByTestId('amendment-bracket').allTextContents(), POLL).toEqual(expect.arrayContaining(['MEX', 'USA']));

    // Canada drags across the struck word, from its first letter to its last.
    await paragraph.scrollIntoViewIfNeeded();
    const box = await struckWordBox(paragraph, 'invite');
    await canada.page.mouse.move(box.left + 1, box.y);
    await canada.page.mouse.down();
    await canada.page.mouse.move((box.left + box.right) / 2, box.y, { steps: 4 });
    await canada.page.mouse.move(box.right - 1, box.y, { steps: 4 });
    await canada.page.mouse.up();
    await expect.poll(() => editorSelection(canada.page), POLL).toBe('invite');
    await canada.page.keyboard.type('urge');

    for (const { page } of everyone) {
      const p = operative(page, 1);
      await expect.poll(() => p.getByTestId('amendment-bracket').allTextContents().then((c) => c.sort()), POLL).toEqual(['CAN', 'MEX', 'USA']);
      // Still one group of alternatives for the one struck word.
      expect(await p.locator('.bracket--group').count()).toBe(2);
      expect(await p.locator('.amendment-words--struck').allTextContents()).toEqual(['invite']);
      expect(await p.locator('.bracket-separator').count()).toBe(2);
      expect(await readText(p)).toContain('[urge]CAN');
    }
    for (const { page } of everyone) expect(await page.getByTestId('suggest-notice').count()).toBe(0);
    for (const { context } of everyone) await context.close();
  });

  it('a drag backwards over struck words selects them too, and typing makes the replacement an alternative to it', async () => {
    const brazil = await openAs(demo.browser, await demo.linkFor('delegation', 'BRA'));
    const jamaica = await openAs(demo.browser, await demo.linkFor('delegation', 'JAM'));
    const everyone: SignedInPage[] = [brazil, jamaica];
    for (const { page } of everyone) await openResolution(page);

    // Operative paragraph 3: "… into a single document."
    await selectWord(brazil.page, operative(brazil.page, 2), 'single');
    await brazil.page.keyboard.type('consolidated');
    const paragraph = operative(jamaica.page, 2);
    await expect.poll(() => readText(paragraph), POLL).toContain('consolidated]BRA');

    await paragraph.scrollIntoViewIfNeeded();
    const box = await struckWordBox(paragraph, 'single');
    await jamaica.page.mouse.move(box.right - 1, box.y);
    await jamaica.page.mouse.down();
    await jamaica.page.mouse.move((box.left + box.right) / 2, box.y, { steps: 4 });
    await jamaica.page.mouse.move(box.left + 1, box.y, { steps: 4 });
    await jamaica.page.mouse.up();
    await expect.poll(() => editorSelection(jamaica.page), POLL).toBe('single');
    await jamaica.page.keyboard.type('unified');

    for (const { page } of everyone) {
      const p = operative(page, 2);
      await expect.poll(() => p.getByTestId('amendment-bracket').allTextContents().then((c) => c.sort()), POLL).toEqual(['BRA', 'JAM']);
      expect(await p.locator('.bracket--group').count()).toBe(2);
      expect(await p.locator('.amendment-words--struck').allTextContents()).toEqual(['single']);
      expect(await readText(p)).toContain('[unified]JAM');
    }
    for (const { page } of everyone) expect(await page.getByTestId('suggest-notice').count()).toBe(0);
    for (const { context } of everyone) await context.close();
  });
});
