import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { openAs, type SignedInPage } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, selectWord, typeInOperative } from '../support/demo-in-browser.ts';
import { editorDoc } from '../support/editing.ts';

const demo = demoInBrowser();

async function storedAmendments(documentId: string) {
  const doc = restoreDocument(await demo.server.store.loadDocumentState(documentId));
  try {
    return listAmendments(editorDoc(doc));
  } finally {
    doc.destroy();
  }
}

const documentIdOf = (page: Page): string => decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

describe('amendments in the browser', () => {
  it('a delegation\u2019s typing over words becomes one bracket with its code, stored by the server as its amendment', async () => {
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    await openResolution(mexico.page);
    const paragraph = operative(mexico.page, 2);
    await selectWord(mexico.page, paragraph, 'single');
    await mexico.page.keyboard.type('consolidated');

    const bracket = paragraph.getByTestId('amendment-bracket');
    await expect.poll(() => bracket.allTextContents(), POLL).toEqual(['MEX']);
    // One bracket: the struck words, then the proposed ones, then the code.
    await expect.poll(() => readText(paragraph), POLL).toContain('into a [singleconsolidated]MEX document.');
    expect(await paragraph.locator('.amendment-words--struck').allTextContents()).toEqual(['single']);
    expect(await paragraph.locator('.amendment-words:not(.amendment-words--struck)').allTextContents()).toEqual(['consolidated']);
    await mexico.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    expect(await mexico.page.getByTestId('refusal').count()).toBe(0);
    // The panel lists it as Mexico's.
    await expect.poll(() => mexico.page.getByTestId('amendments-panel').getByTestId('amendment-item').getAttribute('data-delegation'), POLL).toBe('MEX');

    const stored = await storedAmendments(documentIdOf(mexico.page));
    expect(stored).toEqual([expect.objectContaining({ delegation: 'MEX', shape: 'replacement', deleted: 'single', inserted: 'consolidated' })]);
    expect(stored[0]!.id).toMatch(/^MEX:/);

    await mexico.context.close();
  });

  it('two delegations propose alternatives for the same words; the Chair accepts one and everyone sees it, audited', async () => {
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    const everyone: SignedInPage[] = [chair, mexico, usa];
    for (const { page } of everyone) await openResolution(page);

    // Operative paragraph 2: "To invite member states …"
    await selectWord(mexico.page, operative(mexico.page, 1), 'invite');
    await mexico.page.keyboard.type('encourage');
    await expect.poll(() => readText(operative(usa.page, 1)), POLL).toContain('encourage]MEX');
    await selectWord(usa.page, operative(usa.page, 1), 'invite');
    await usa.page.keyboard.type('call upon');

    for (const { page } of everyone) {
      const paragraph = operative(page, 1);
      await expect.poll(() => paragraph.getByTestId('amendment-bracket').allTextContents(), POLL).toEqual(expect.arrayContaining(['MEX', 'USA']));
      // One group of alternatives: the struck words, then each proposal in its own bracket.
      expect(await paragraph.locator('.bracket--group').count()).toBe(2);
      expect(await paragraph.locator('.amendment-words--struck').allTextContents()).toEqual(['invite']);
      const text = await readText(paragraph);
      expect(text).toMatch(/^To \[invite ?\[(encourage\]MEX ?\| ?\[call upon\]USA|call upon\]USA ?\| ?\[encourage\]MEX)\] member states/);
    }
    for (const { page } of [mexico, usa]) {
      await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
      expect(await page.getByTestId('refusal').count()).toBe(0);
    }

    // The panel groups by paragraph; other tests may have left amendments elsewhere.
    const pid = await operative(chair.page, 1).getAttribute('data-pid');
    const panel = chair.page.getByTestId('amendments-panel');
    const group = panel.locator(`[data-testid="paragraph-group"][data-pid="${pid}"]`);
    await expect.poll(() => group.locator('.paragraph-group__label').textContent(), POLL).toBe('OP 2');
    const items = group.getByTestId('amendment-item');
    await expect.poll(() => items.evaluateAll((els) => els.map((el) => el.getAttribute('data-delegation')).sort()), POLL).toEqual(['MEX', 'USA']);
    await group.locator('[data-testid="amendment-item"][data-delegation="MEX"]').getByTestId('accept-amendment').click();

    for (const { page } of everyone) {
      const paragraph = operative(page, 1);
      await expect.poll(() => readText(paragraph), POLL).toMatch(/^To encourage member states and relevant governmental/);
      expect(await paragraph.locator('.bracket').count()).toBe(0);
      const text = await readText(paragraph);
      expect(text).not.toContain('call upon');
      expect(text).not.toContain('invite');
      await expect.poll(() => page.getByTestId('amendments-panel').locator(`[data-testid="paragraph-group"][data-pid="${pid}"]`).count(), POLL).toBe(0);
    }

    const log = chair.page.getByTestId('audit-log');
    const accepted = log.locator('[data-testid="audit-entry"][data-action="accepted"][data-delegation="MEX"]');
    const rejected = log.locator('[data-testid="audit-entry"][data-action="rejected"][data-delegation="USA"]');
    await expect.poll(() => accepted.count(), POLL).toBe(1);
    expect(await accepted.textContent()).toContain('Replace “invite” by “encourage”');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.textContent()).toContain('Replace “invite” by “call upon”');
    expect(await rejected.textContent()).toContain('Alternative to MEX’s, which was accepted');

    for (const { context } of everyone) await context.close();
  });
});
