import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, POLL } from '../support/demo-in-browser.ts';
import { plainText } from '../support/text.ts';

const demo = demoInBrowser();

/**
 * A call for contributions on a draft the Secretariat is still preparing (restricted): the
 * invited delegation reads it in the app, told it reads only and where to propose; a delegation
 * not invited is told the draft is not available to it.
 */
describe('a call on a restricted draft, in the browser', () => {
  it('the invited delegation reads the draft, read only, and goes on to its working copy; another is told it is not available', async () => {
    const { server } = demo;
    const strategy = (await server.store.listDocuments()).find((d) => d.kind === 'strategy')!;
    await server.store.updateDocument(strategy.id, { restricted: true });
    await server.store.createCall(strategy.id, { title: 'Contributions to the zero draft', deadline: new Date(Date.now() + 3_600_000).toISOString(), invitees: ['MEX'] }, 'operator', new Date().toISOString());
    const stored = async () => plainText(restoreDocument(await server.store.loadDocumentState(strategy.id)));
    const before = await stored();
    const draftPage = (page: Page) => page.goto(new URL(`/documents/${strategy.id}`, page.url()).href);
    const purpose = (page: Page) => page.locator('[data-testid="editor"] p').filter({ hasText: 'To promote inter-American cooperation' });

    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    await draftPage(mexico.page);
    await mexico.page.getByTestId('invited-reader').waitFor();
    await mexico.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await purpose(mexico.page).waitFor();
    await mexico.page.getByTestId('read-only').waitFor();
    expect(await mexico.page.locator('[data-testid="editor"][contenteditable="true"]').count()).toBe(0);
    expect(await mexico.page.getByTestId('suggesting-as').count()).toBe(0);
    // Typing into it changes nothing, here or on the server.
    await purpose(mexico.page).click();
    await mexico.page.keyboard.type('Mexico types here ');
    expect(await purpose(mexico.page).textContent()).not.toContain('Mexico types here');
    expect(await stored()).toBe(before);

    // From the draft to the call, and on to its own working copy of the text.
    await mexico.page.getByTestId('invited-reader').getByRole('link', { name: 'Go to the call' }).click();
    const call = mexico.page.getByTestId('call').filter({ hasText: 'Contributions to the zero draft' });
    await call.getByRole('button', { name: 'Propose in the app, on a working copy' }).click();
    await mexico.page.getByTestId('working-copy-banner').waitFor();
    await mexico.page.locator('[data-testid="editor"][contenteditable="true"]').waitFor();
    await expect.poll(() => purpose(mexico.page).count(), POLL).toBe(1);

    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    await draftPage(usa.page);
    await usa.page.getByTestId('document-unavailable').filter({ hasText: 'This document is not available to you' }).waitFor();
    expect(await usa.page.locator('[data-testid="editor"]').count()).toBe(0);
  });
});
