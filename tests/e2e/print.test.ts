import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, selectWord } from '../support/demo-in-browser.ts';

const demo = demoInBrowser();

/** What the meeting needs on screen and paper must not carry. */
const CHROME = ['.top-bar', 'nav[aria-label="Main"]', '.doc-header__end', '.editor-toolbar', '.editor-side', '[data-testid="presence"]', '[data-testid="amendments-panel"]', '.collaboration-carets__caret', '.collaboration-carets__label'];

async function visibleChrome(page: Page): Promise<string[]> {
  const shown: string[] = [];
  for (const selector of CHROME) {
    for (const element of await page.locator(selector).all()) if (await element.isVisible()) shown.push(selector);
  }
  return shown;
}

/** Words on the page outside the document's symbol, title and text: whatever would print beside them. */
function wordsOutsideTheText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const words: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('.doc-header__text, .negotiated-text')) continue;
      const box = parent.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(parent).visibility !== 'hidden') words.push(text);
    }
    return words;
  });
}

async function pdfText(body: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: body, useSystemFonts: false }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  await pdf.destroy();
  return text.replace(/\s+/g, ' ');
}

describe('printing the text from the browser', () => {
  it('prints the document with its brackets, without navigation, panels, presence or carets', async () => {
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    await openResolution(mexico.page);
    await openResolution(usa.page);
    const paragraph = operative(mexico.page, 2);
    await selectWord(mexico.page, paragraph, 'single');
    await mexico.page.keyboard.type('consolidated');
    await expect.poll(() => readText(paragraph), POLL).toContain('into a [singleconsolidated]MEX document.');
    // The United States' caret in the text, as Mexico sees it on screen.
    await operative(usa.page, 0).click();
    await mexico.page.locator('.collaboration-carets__caret').first().waitFor();
    expect(await visibleChrome(mexico.page)).toEqual(expect.arrayContaining(['.top-bar', '.editor-side', '[data-testid="presence"]', '.collaboration-carets__caret']));

    await mexico.page.emulateMedia({ media: 'print' });
    expect(await visibleChrome(mexico.page)).toEqual([]);
    expect(await wordsOutsideTheText(mexico.page)).toEqual([]);
    expect(await mexico.page.locator('.doc-header__title').isVisible()).toBe(true);
    expect(await readText(operative(mexico.page, 2))).toContain('into a [singleconsolidated]MEX document.');
    expect(await mexico.page.getByTestId('amendment-bracket').first().isVisible()).toBe(true);
    // The text starts right under the title, not below the chrome.
    const title = await mexico.page.locator('.doc-header__title').boundingBox();
    const text = await mexico.page.locator('.negotiated-text').first().boundingBox();
    expect(title!.y).toBeLessThan(text!.y);
    expect(text!.x).toBeLessThan(title!.x + title!.width);

    // What Ctrl+P gives: the title first, the bracket and its code, none of the room.
    const printed = await pdfText(new Uint8Array(await mexico.page.pdf({ format: 'A4' })));
    expect(printed.trimStart().startsWith('Documents')).toBe(false);
    expect(printed).toContain('Promotion of Hemispheric Cooperation');
    expect(printed).toMatch(/\[\s*single\s*consolidated\s*\]/);
    // The code is set small and raised after the bracket; the PDF's text lists it in its own line.
    expect(printed).toContain('MEX');
    expect(printed).not.toContain('In the room');
    expect(printed).not.toContain('Sign out');

    await mexico.context.close();
    await usa.context.close();
  });
});
