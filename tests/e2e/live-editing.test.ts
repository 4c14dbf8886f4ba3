import { describe, expect, it } from 'vitest';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, typeInOperative } from '../support/demo-in-browser.ts';

const demo = demoInBrowser();

describe('live editing in the browser', () => {
  it('two participants sign in through their links, type in the same document and see each other\u2019s text and caret', async () => {
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    await openResolution(chair.page);
    await openResolution(mexico.page);

    await typeInOperative(chair.page, 0, ' Typed by the Chair.');
    await typeInOperative(mexico.page, 1, ' Typed by Mexico.');

    for (const { page } of [chair, mexico]) {
      const editor = page.getByTestId('editor');
      await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain('Typed by the Chair.');
      await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain('Typed by Mexico.');
      await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    }
    // Each sees the other's caret, labelled with the name the server gave it.
    await expect.poll(() => chair.page.locator('.collaboration-carets__label').allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Mexico')]),
    );
    await expect.poll(() => mexico.page.locator('.collaboration-carets__label').allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Chair')]),
    );
    await expect.poll(() => chair.page.getByTestId('presence').textContent()).toContain('MEX');
    await chair.context.close();
    await mexico.context.close();
  });

  it('an observer follows the text but cannot type in it', async () => {
    const observer = await openAs(demo.browser, await demo.linkFor('observer'));
    await openResolution(observer.page, { editable: false });
    const editor = observer.page.getByTestId('editor');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('false');
    const before = await observer.page.getByTestId('editor').textContent();
    await observer.page.locator('[data-testid="editor"] p[data-kind="operative"]').first().click();
    await observer.page.keyboard.type('observer text');
    await new Promise((r) => setTimeout(r, 300));
    expect(await observer.page.getByTestId('editor').textContent()).toBe(before);
    await observer.context.close();
  });
});
