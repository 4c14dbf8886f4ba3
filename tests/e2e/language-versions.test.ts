import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SPANISH_RESOLUTION_TITLE } from '../../server/demo/resolution-es.ts';
import { demoInBrowser, POLL } from '../support/demo-in-browser.ts';

/**
 * Issue 17, language versions: the Secretariat adds a version; a Spanish-speaking delegate
 * works in Spanish in the demo's Spanish version; the English original shows the proposal at the aligned paragraph; the Chair accepts
 * it, and the English paragraph waits for its translation; the Chair is warned before agreeing
 * it; the Secretariat updates the translation; both versions export, each in its language,
 * whoever exports them.
 */
const demo = demoInBrowser();

const ORIGINAL = 'Promotion of Hemispheric Cooperation in Dealing with Criminal Gangs (draft resolution)';

async function signedIn(role: string, locale: string, delegation?: string): Promise<Page> {
  const context = await demo.browser.newContext({ viewport: { width: 1366, height: 900 }, locale });
  const page = await context.newPage();
  await page.goto(await demo.linkFor(role, delegation));
  await page.getByTestId('document-link').first().waitFor(POLL);
  return page;
}

async function open(page: Page, title: string): Promise<void> {
  await page.goto(demo.server.url);
  await page.getByTestId('document-link').filter({ hasText: title }).first().click();
  await page.locator('[data-testid="link-status"][data-state="connected"]').waitFor(POLL);
  await page.getByTestId('language-versions').waitFor(POLL);
}

const operativeParagraph = (page: Page, n: number) => page.locator('[data-testid="editor"] p[data-kind="operative"]').nth(n);

describe('language versions in the browser', () => {
  it('a Spanish proposal reaches the English text; the English paragraph waits for translation until the Secretariat updates it', async () => {
    // The Secretariat adds a French version from the English original and lands in it; every
    // paragraph waits for its translation until the Secretariat (having translated) says so.
    const secretariat = await signedIn('secretariat', 'en-US');
    await open(secretariat, ORIGINAL);
    await secretariat.getByTestId('add-version-language').selectOption('fr');
    await secretariat.getByTestId('add-version').click();
    await secretariat.locator('[data-testid="version-language"][data-language="fr"]').waitFor(POLL);
    await secretariat.locator('[data-testid="link-status"][data-state="connected"]').waitFor(POLL);
    expect(await secretariat.locator('.doc-header__title').textContent()).toBe(`${ORIGINAL} — Français`);
    await expect.poll(() => secretariat.getByTestId('pending-paragraph').count(), POLL).toBeGreaterThan(5);
    await secretariat.getByTestId('language-versions').getByRole('button', { name: 'All updated' }).click();
    await expect.poll(() => secretariat.getByTestId('pending-paragraph').count(), POLL).toBe(0);

    // The demo's Spanish version is aligned with the English original from the start.
    const spanishTitle = SPANISH_RESOLUTION_TITLE;

    // A delegate of Guatemala, whose browser speaks Spanish, proposes in the Spanish version.
    const guatemala = await signedIn('delegation', 'es-GT', 'GTM');
    await open(guatemala, spanishTitle);
    expect(await guatemala.getByTestId('version-language').textContent()).toBe('Este texto es la versión en español del original en inglés.');
    // The text says it is Spanish: spell-checking and screen readers follow.
    await expect.poll(() => guatemala.getByTestId('editor').getAttribute('lang'), POLL).toBe('es');
    const paragraph = operativeParagraph(guatemala, 1);
    const pid = await paragraph.getAttribute('data-pid');
    await guatemala.locator('[data-testid="editor"][contenteditable="true"]').waitFor(POLL);
    await paragraph.click();
    await guatemala.keyboard.press('End');
    await guatemala.keyboard.type(' sin demora');
    await guatemala.locator('[data-testid="save-status"][data-state="saved"]').waitFor(POLL);
    // Guatemala sees its proposal under the English paragraph too, said in Spanish.
    await open(guatemala, ORIGINAL);
    const own = guatemala.locator(`[data-testid="editor"] p[data-pid="${pid}"] [data-testid="version-proposal-note"]`);
    await own.waitFor(POLL);
    expect(await own.textContent()).toBe('propuesto en español por GTM');

    // The Chair, in the English original, sees it at the aligned paragraph.
    const chair = await signedIn('chair', 'en-US');
    await open(chair, ORIGINAL);
    const seen = chair.locator(`[data-testid="proposed-in-version"][data-pid="${pid}"]`);
    await seen.waitFor(POLL);
    expect(await seen.textContent()).toContain('proposed in Spanish by GTM');
    // And in the text itself, under the aligned paragraph, where the Chair is reading.
    const note = chair.locator(`[data-testid="editor"] p[data-pid="${pid}"] [data-testid="version-proposal-note"]`);
    await note.waitFor(POLL);
    expect(await note.textContent()).toBe('proposed in Spanish by GTM');
    expect(await chair.locator('[data-testid="editor"] [data-testid="version-proposal-note"]').count()).toBe(1);

    // The Chair accepts it in the Spanish version; the English paragraph is pending translation.
    await open(chair, spanishTitle);
    const item = chair.locator('[data-testid="amendment-item"][data-delegation="GTM"]');
    await item.waitFor(POLL);
    await item.getByTestId('accept-amendment').click();
    await expect.poll(() => chair.locator('[data-testid="amendment-item"][data-delegation="GTM"]').count(), POLL).toBe(0);
    await open(chair, ORIGINAL);
    await chair.locator(`[data-testid="pending-paragraph"][data-pid="${pid}"]`).waitFor(POLL);

    // Agreeing it, the Chair is warned first.
    await operativeParagraph(chair, 1).click();
    await chair.locator('.chair-bar [data-testid="paragraph-status"] [data-status="agreed"]').click();
    await chair.getByTestId('translation-warning').waitFor(POLL);
    await chair.getByTestId('translation-warning').getByRole('button', { name: 'Cancel' }).click();

    // The Secretariat updates the English paragraph and says so: nothing is pending any more.
    await open(secretariat, ORIGINAL);
    await secretariat.locator(`[data-testid="pending-paragraph"][data-pid="${pid}"]`).getByTestId('mark-translated').click();
    await expect.poll(() => secretariat.getByTestId('pending-paragraph').count(), POLL).toBe(0);
    await chair.reload();
    await chair.getByTestId('language-versions').waitFor(POLL);
    await expect.poll(() => chair.getByTestId('pending-paragraph').count(), POLL).toBe(0);

    // The two versions side by side: one row per paragraph, numbered once.
    await chair.locator(`[data-testid="open-side-by-side"]`).first().click();
    const row = chair.locator(`[data-testid="aligned-row"][data-pid="${pid}"]`);
    await row.waitFor(POLL);
    expect(await row.locator('td').nth(0).textContent()).toBe('2.');
    expect(await row.locator('td').nth(2).textContent()).toContain('sin demora');
    await chair.getByTestId('close-side-by-side').click();

    // Both versions export, each with its language; the version names its original's.
    const exported = async (page: Page) => {
      const href = await page.locator('[data-testid="export-link"][data-format="html"][data-variant="agreed"]').getAttribute('href');
      return page.evaluate(async (url) => (await fetch(url)).text(), href!);
    };
    const english = await exported(chair);
    expect(english.includes('<section class="text" lang="en">')).toBe(true);
    expect(english.includes('Original:')).toBe(false);
    await open(guatemala, spanishTitle);
    const spanish = await exported(guatemala);
    expect(spanish.slice(0, 40)).toContain('<html lang="es">');
    expect(spanish.includes('<section class="text" lang="es">')).toBe(true);
    expect(spanish.includes('Texto acordado — Original: inglés')).toBe(true);
    expect(spanish.includes('sin demora')).toBe(true);
    // Exported by the English-speaking Chair, the Spanish version is still worded in Spanish.
    await open(chair, spanishTitle);
    const spanishForChair = await exported(chair);
    expect(spanishForChair.slice(0, 40)).toContain('<html lang="es">');
    expect(spanishForChair.includes('Texto acordado — Original: inglés')).toBe(true);
    expect(spanishForChair.includes('Agreed text')).toBe(false);

    for (const page of [secretariat, guatemala, chair]) await page.context().close();
  });
});
