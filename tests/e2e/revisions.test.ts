import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, selectWord } from '../support/demo-in-browser.ts';

const demo = demoInBrowser();

/** The Chair issues a revision from the panel, leaving the name to the server (Rev.N). */
async function createRevision(page: Page, expectedName: string, note: string): Promise<string> {
  const form = page.getByTestId('create-revision');
  await form.getByRole('textbox', { name: 'Note' }).fill(note);
  await form.getByTestId('create-revision-submit').click();
  const item = page.getByTestId('revisions-panel').locator(`[data-testid="revision-item"][data-revision-name="${expectedName}"]`);
  await item.waitFor(POLL);
  const id = await item.getAttribute('data-revision-id');
  if (!id) throw new Error(`${expectedName} has no id`);
  return id;
}

/** Clicks an export link in the header's menu and waits for the file the browser saves. */
async function exportFile(page: Page, format: string, variant: string): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByTestId('export-menu').locator('summary').click();
  const link = page.locator(`[data-testid="export-link"][data-format="${format}"][data-variant="${variant}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

/** All the text runs of a Word file's body, in order. */
async function wordText(bytes: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('no word/document.xml in the download');
  return [...xml.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>/g)].map((m) => m[1]).join('');
}

describe('revisions, comparison and export in the browser', () => {
  it('the Chair freezes Rev.1, MEX amends, the Chair accepts and freezes Rev.2; the comparison credits MEX; exports download', async () => {
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    await openResolution(chair.page);
    await openResolution(mexico.page);

    const rev1 = await createRevision(chair.page, 'Rev.1', 'Zero draft as circulated');
    // Mexico's list shows it without a reload: the server tells the room.
    await mexico.page.getByTestId('revisions-panel').locator('[data-testid="revision-item"][data-revision-name="Rev.1"]').waitFor(POLL);

    // Mexico types over a word of OP 3: in suggesting mode that is its amendment.
    await selectWord(mexico.page, operative(mexico.page, 2), 'single');
    await mexico.page.keyboard.type('consolidated');
    await mexico.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();

    const item = chair.page.getByTestId('amendments-panel').locator('[data-testid="amendment-item"][data-delegation="MEX"]');
    await item.waitFor(POLL);
    await item.getByTestId('accept-amendment').click();
    await expect.poll(() => item.count(), POLL).toBe(0);
    await expect.poll(() => readText(operative(chair.page, 2)), POLL).toContain('into a consolidated document');

    const rev2 = await createRevision(chair.page, 'Rev.2', 'After the first reading');

    // Compare Rev.1 with Rev.2.
    await chair.page.getByTestId('open-compare').click();
    await chair.page.getByTestId('compare-from').selectOption(rev1);
    await chair.page.getByTestId('compare-to').selectOption(rev2);
    await chair.page.getByTestId('compare-run').click();
    const comparison = chair.page.getByTestId('comparison');
    await expect.poll(() => comparison.getAttribute('data-status'), POLL).toBe('loaded');
    expect(await comparison.locator('.comparison__title').textContent()).toMatch(/Rev\.1\s*→\s*(to\s*)?Rev\.2/);
    const inserted = comparison.locator('[data-testid="comparison-insert"][data-delegation="MEX"]');
    await expect.poll(() => inserted.allTextContents(), POLL).toEqual([expect.stringContaining('consolidated')]);
    expect(await inserted.getAttribute('data-how')).toBe('accepted');
    expect(await inserted.getAttribute('title')).toContain('Replace “single” by “consolidated”');
    expect(await comparison.locator('[data-testid="comparison-remove"][data-delegation="MEX"]').allTextContents()).toEqual([expect.stringContaining('single')]);
    expect(await comparison.locator('[data-testid="comparison-attribution"][data-delegation="MEX"]').allTextContents()).toEqual([expect.stringMatching(/^MEX — accepted #\d+$/)]);
    const accepted = chair.page.getByTestId('comparison-summary').locator('[data-category="accepted"]');
    expect(await accepted.getAttribute('data-count')).toBe('1');
    expect(await accepted.locator('[data-delegation="MEX"]').textContent()).toBe('MEX');
    // Unchanged paragraphs are folded away; the changed one is numbered as in the app.
    expect(await comparison.locator('[data-testid="comparison-paragraph"][data-change="changed"] .comparison__number').allTextContents()).toEqual(['3.']);
    expect(await comparison.locator('[data-testid="comparison-paragraph"][data-change="same"]').count()).toBe(0);

    // The live compilation in Word: a zip whose body has the accepted words.
    await chair.page.getByTestId('back-to-live').click();
    const word = await exportFile(chair.page, 'docx', 'compilation');
    expect(word.download.suggestedFilename()).toMatch(/\.docx$/);
    expect(word.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const text = await wordText(word.bytes);
    expect(text).toContain('into a consolidated document');
    expect(text).toContain('Promotion of Hemispheric Cooperation');

    // Rev.1 opened read-only: the banner says so, the text is Rev.1's, and its PDF downloads.
    await chair.page.getByTestId('revisions-panel').locator(`[data-testid="revision-item"][data-revision-name="Rev.1"]`).click();
    const banner = chair.page.getByTestId('revision-banner');
    await expect.poll(() => banner.textContent(), POLL).toMatch(/Rev\.1 — read-only — created by .+ on /);
    const frozen = chair.page.getByTestId('revision-text');
    await expect.poll(() => frozen.textContent(), POLL).toContain('into a single document');
    expect(await frozen.textContent()).not.toContain('consolidated');
    expect(await chair.page.locator('[data-testid="revision-text"] [contenteditable="true"]').count()).toBe(0);
    const pdf = await exportFile(chair.page, 'pdf', 'agreed');
    expect(pdf.download.url()).toContain(`revision=${rev1}`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The Chair restores Rev.1: Mexico's live text reads "single" again, and the log says so.
    await chair.page.getByTestId('restore-revision').click();
    await chair.page.getByTestId('restore-revision-confirm').click();
    await expect.poll(() => readText(operative(mexico.page, 2)), POLL).toContain('into a single document');
    expect(await readText(operative(mexico.page, 2))).not.toContain('consolidated');
    const restored = (await demo.server.store.listAudit((await demo.server.store.listDocuments()).find((d) => d.title.startsWith('Promotion'))!.id)).filter((r) => r.action === 'restored');
    expect(restored.map((r) => r.detail)).toEqual(['Rev.1']);

    await chair.context.close();
    await mexico.context.close();
  });

  it('the Secretariat imports a Word zero draft and lands in the new document; a file that is not Word is refused with the reason', async () => {
    const secretariat = await openAs(demo.browser, await demo.linkFor('secretariat'));
    const { page } = secretariat;
    await page.getByTestId('import-docx-open').click();

    await page.getByTestId('import-docx').setInputFiles({ name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a Word file') });
    await page.getByTestId('import-docx-submit').click();
    await expect.poll(() => page.getByTestId('import-error').textContent(), POLL).toBeTruthy();
    expect(new URL(page.url()).pathname).toBe('/');

    const draft = new Document({
      sections: [{ children: ['Regional plan on water security', 'Recalling its earlier resolutions,', 'Decides to convene a meeting of experts.'].map((t) => new Paragraph({ children: [new TextRun(t)] })) }],
    });
    await page.getByTestId('import-docx').setInputFiles({ name: 'water-zero-draft.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await Packer.toBuffer(draft) });
    await page.getByLabel('Symbol').fill('CP/GT/9/25');
    await page.getByTestId('import-docx-submit').click();
    await page.waitForURL(/\/documents\/[^/]+$/, POLL);
    await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await expect.poll(() => page.getByTestId('editor').textContent(), POLL).toContain('Decides to convene a meeting of experts.');
    expect(await page.locator('.doc-header__title').textContent()).toBe('water-zero-draft');

    await secretariat.context.close();
  });
});
