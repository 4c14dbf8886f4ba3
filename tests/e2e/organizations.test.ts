import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, selectWord } from '../support/demo-in-browser.ts';
import { editorDoc } from '../support/editing.ts';

const demo = demoInBrowser();

describe('organizations in the app', () => {
  // IOM: the demo workspace records IACHR, CICAD, IADB and UNODC already; the Secretariat records another.
  it('the Secretariat records IOM and its participant; IOM reads until the Chair lets it propose, then its typing is its amendment', async () => {
    const secretariat = await openAs(demo.browser, await demo.linkFor('secretariat'));
    const page = secretariat.page;
    await page.goto(new URL('/participants', page.url()).href);
    const record = page.getByRole('form', { name: 'Record organization' });
    await record.getByLabel('Code').fill('IOM');
    await record.getByLabel('Name').fill('International Organization for Migration');
    await record.getByRole('button', { name: 'Record organization' }).click();
    await page.getByRole('cell', { name: 'International Organization for Migration' }).waitFor();

    await page.getByRole('button', { name: 'New participant' }).click();
    const form = page.getByRole('form', { name: 'New participant' });
    await form.getByLabel('Name').fill('IOM liaison');
    await form.getByLabel('Role').selectOption('organization');
    await form.getByLabel('Organization').selectOption('IOM');
    await form.getByRole('button', { name: 'Create and issue a sign-in link' }).click();
    const link = await page.getByTestId('issued-link-url').inputValue();
    // Only the Chair's word lets an organization propose: the Secretariat sees the boxes but cannot tick them.
    const resolution = (await demo.server.store.listDocuments()).find((d) => d.kind === 'resolution')!;
    const right = (p: typeof page) => p.getByLabel(`IOM proposes amendments on ${resolution.title}`, { exact: true });
    expect(await right(page).isDisabled()).toBe(true);

    const iom = await openAs(demo.browser, link);
    await openResolution(iom.page, { editable: false });
    expect(await iom.page.locator('[data-testid="editor"][contenteditable="true"]').count()).toBe(0);
    await iom.context.close();

    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    await chair.page.goto(new URL('/participants', chair.page.url()).href);
    await right(chair.page).check();
    await expect.poll(async () => demo.server.store.proposingOrganizations(resolution.id), POLL).toEqual(['IOM']);

    const proposing = await openAs(demo.browser, link);
    await openResolution(proposing.page);
    const paragraph = operative(proposing.page, 2);
    await selectWord(proposing.page, paragraph, 'single');
    await proposing.page.keyboard.type('consolidated');
    await expect.poll(() => paragraph.getByTestId('amendment-bracket').allTextContents(), POLL).toEqual(['IOM']);
    await expect.poll(() => readText(paragraph), POLL).toContain('[singleconsolidated]IOM');
    await proposing.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    expect(await proposing.page.getByTestId('refusal').count()).toBe(0);
    const stored = restoreDocument(await demo.server.store.loadDocumentState(resolution.id));
    expect(listAmendments(editorDoc(stored)).map((a) => [a.delegation, a.shape, a.deleted, a.inserted])).toEqual([['IOM', 'replacement', 'single', 'consolidated']]);
    for (const c of [secretariat, chair, proposing]) await c.context.close();
  });
});
