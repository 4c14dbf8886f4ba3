import { Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, POLL, typeAtEnd } from '../support/demo-in-browser.ts';
import { plainText } from '../support/text.ts';

const demo = demoInBrowser();

/** The work plan's method, in the app: a call, contributions made privately, a late one refused, the consolidated draft with its sources. */
describe('written contributions and the consolidated draft', () => {
  it('the Secretariat calls for contributions; MEX, USA (a Word file) and IACHR contribute; a late one is refused; the draft keeps its sources', async () => {
    const { server } = demo;
    const strategy = (await server.store.listDocuments()).find((d) => d.kind === 'strategy')!;
    const callsPage = (page: Page) => page.goto(new URL(`/documents/${strategy.id}/calls`, page.url()).href);

    const secretariat = await openAs(demo.browser, await demo.linkFor('secretariat'));
    await callsPage(secretariat.page);
    const form = secretariat.page.getByRole('form', { name: 'Open a call for contributions' });
    await form.getByLabel('Title').fill('Written contributions to the regional strategy');
    await form.getByLabel('Deadline').fill('2099-01-15T17:00');
    for (const code of ['MEX', 'USA', 'IACHR']) await form.getByRole('checkbox', { name: code, exact: true }).check();
    await form.getByRole('button', { name: 'Open a call for contributions' }).click();
    const call = secretariat.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
    await call.waitFor();

    const contribute = async (link: string, text: string) => {
      const party = await openAs(demo.browser, link);
      await callsPage(party.page);
      const mine = party.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
      await mine.getByLabel('Your contribution').fill(text);
      await mine.getByRole('button', { name: 'Submit', exact: true }).click();
      await mine.getByTestId('contributions').getByText(text).waitFor();
      return party;
    };

    // MEX proposes in the app: on its own working copy of the text, typing in the editor as it
    // always does; its words become its amendment, and submitting the copy makes them its contribution.
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    await callsPage(mexico.page);
    const mexCall = mexico.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
    await mexCall.getByRole('button', { name: 'Propose in the app, on a working copy' }).click();
    await mexico.page.getByTestId('working-copy-banner').waitFor();
    await mexico.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await mexico.page.locator('[data-testid="editor"][contenteditable="true"]').waitFor();
    const copyUrl = mexico.page.url();
    const purpose = (page: Page) => page.locator('[data-testid="editor"] p').filter({ hasText: 'To promote inter-American cooperation' });
    await typeAtEnd(mexico.page, purpose(mexico.page), ' and to dismantle their financing');
    await expect.poll(() => purpose(mexico.page).locator('ins.amendment-insertion').allTextContents(), POLL).toEqual([' and to dismantle their financing']);
    await mexico.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    await mexico.page.getByTestId('working-copy-banner').getByRole('button', { name: 'Submit as our contribution' }).click();
    await mexico.page.getByTestId('working-copy-submitted').waitFor();
    await callsPage(mexico.page);
    await mexCall.getByTestId('contributions').getByText(/and to dismantle their financing/).waitFor();
    expect(await mexCall.getByTestId('contributions').textContent()).toContain('proposed in the app');

    const iachr = await contribute(await demo.linkFor('organization', 'IACHR'), 'The strategy should protect the rights of children recruited by gangs.');

    // USA sends a Word file with a tracked change of its own.
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    await callsPage(usa.page);
    const word = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Member states should train '), new InsertedTextRun({ text: 'specialised ', id: 1, author: 'United States', date: new Date().toISOString() }), new TextRun('police units.')] })] }] });
    const usaCall = usa.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
    await usaCall.getByLabel('Or a Word file (.docx)').setInputFiles({ name: 'usa.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await Packer.toBuffer(word) });
    await usaCall.getByRole('button', { name: 'Submit the Word file' }).click();
    await usaCall.getByTestId('contributions').getByText('Member states should train specialised police units.').waitFor({ timeout: 60_000 });
    // Privately: USA reads its own only, and MEX's working copy is not open to it: it says so.
    expect(await usaCall.getByTestId('contributions').locator('li').count()).toBe(1);
    await usa.page.goto(copyUrl);
    await usa.page.getByTestId('document-unavailable').filter({ hasText: 'This document is not available to you' }).waitFor();
    expect(await usa.page.locator('[data-testid="editor"]').count()).toBe(0);
    await callsPage(usa.page);

    // A call whose deadline has passed: CAN's contribution is refused, saying why.
    const late = await server.store.createCall(strategy.id, { title: 'Comments on the annex', deadline: new Date(Date.now() - 60_000).toISOString(), invitees: ['CAN'] }, 'operator', new Date(Date.now() - 120_000).toISOString());
    const canada = await openAs(demo.browser, await demo.linkFor('delegation', 'CAN'));
    await callsPage(canada.page);
    const canCall = canada.page.getByTestId('call').filter({ hasText: late.title });
    await canCall.getByLabel('Your contribution').fill('Canada would add a paragraph on firearms.');
    await canCall.getByRole('button', { name: 'Submit', exact: true }).click();
    await canCall.getByRole('alert').filter({ hasText: /deadline for contributions passed .* only if the Secretariat accepts it/ }).waitFor();
    expect(await server.store.listContributions(late.id)).toEqual([]);

    // The Secretariat sees all three and compiles: MEX's paragraph with MEX's own bracket, IACHR's
    // wording merged with USA's, and USA's as its amendment.
    await secretariat.page.reload();
    const compile = secretariat.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' }).getByRole('form', { name: 'Compile the consolidated draft' });
    await compile.getByLabel('Take paragraph MEX-0').check();
    expect(await compile.getByLabel('Paragraph MEX-0 with its author’s brackets').isChecked()).toBe(true);
    expect(await compile.getByTestId('working-copy-paragraph').locator('ins').allTextContents()).toEqual([' and to dismantle their financing']);
    await compile.getByLabel('Wording of paragraph IACHR-0').fill('Member states should protect the rights of children recruited by gangs, with specialised police units.');
    await compile.getByLabel('Take paragraph IACHR-0').check();
    await compile.getByLabel('Sources of paragraph IACHR-0').fill('IACHR, USA');
    await compile.getByLabel('Take paragraph USA-0').check();
    await compile.getByLabel('Paragraph USA-0 as an amendment of its author').check();
    await compile.getByRole('button', { name: 'Create the draft from 3 paragraphs' }).click();
    await secretariat.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    const sources = secretariat.page.getByTestId('draft-sources');
    await sources.locator('summary').click();
    await expect.poll(() => sources.getByTestId('paragraph-sources').allTextContents(), POLL).toEqual([
      expect.stringMatching(/To promote inter-American cooperation .* — MEX$/),
      expect.stringMatching(/Member states should protect the rights .* — IACHR, USA$/),
      expect.stringMatching(/Member states should train specialised police units\..* — USA$/),
    ]);
    await expect.poll(() => secretariat.page.getByTestId('amendment-bracket').allTextContents(), POLL).toEqual(expect.arrayContaining(['MEX', 'USA']));
    // MEX's amendment stands in the draft as MEX made it: its words in MEX's bracket, in its paragraph.
    await expect.poll(() => purpose(secretariat.page).locator('ins.amendment-insertion').allTextContents(), POLL).toEqual([' and to dismantle their financing']);
    expect(await purpose(secretariat.page).getByTestId('amendment-bracket').allTextContents()).toContain('MEX');

    // Where people read: by each paragraph of the draft, in its margin, its sources — for the
    // Chair opening the draft too (it is the Chair's and the Secretariat's until presented) —
    // drawn beside the text, never written into it.
    const draftUrl = secretariat.page.url();
    const compiledId = decodeURIComponent(new URL(draftUrl).pathname.split('/').pop()!);
    const updatesBefore = (await server.store.listUpdates(compiledId)).length;
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    await chair.page.goto(draftUrl);
    // The draft is restricted until presented: a delegation following its address is told so, not left loading.
    await usa.page.goto(draftUrl);
    await usa.page.getByTestId('document-unavailable').filter({ hasText: 'This document is not available to you' }).waitFor();
    for (const reader of [secretariat.page, chair.page]) {
      const exchange = reader.locator('[data-testid="editor"] p').filter({ hasText: 'protect the rights' });
      const train = reader.locator('[data-testid="editor"] p').filter({ hasText: 'train specialised' });
      await expect.poll(() => exchange.getByTestId('paragraph-sources-note').allTextContents(), POLL).toEqual(['IACHR, USA']);
      await expect.poll(() => train.getByTestId('paragraph-sources-note').allTextContents(), POLL).toEqual(['USA']);
      await expect.poll(() => purpose(reader).getByTestId('paragraph-sources-note').allTextContents(), POLL).toEqual(['MEX']);
      expect(await exchange.getByTestId('paragraph-sources-note').getAttribute('title')).toBe('Sources: IACHR, USA');
      // In the margin: right of the paragraph's words, on screen.
      const [paragraphBox, noteBox] = [await exchange.boundingBox(), await exchange.getByTestId('paragraph-sources-note').boundingBox()];
      expect(noteBox!.x).toBeGreaterThanOrEqual(paragraphBox!.x + paragraphBox!.width);
      expect(await exchange.getByTestId('paragraph-sources-note').isVisible()).toBe(true);
    }
    await chair.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    // Drawing the notes is no edit: opening the draft stored nothing.
    expect((await server.store.listUpdates(compiledId)).length).toBe(updatesBefore);
    const stored = plainText(restoreDocument(await server.store.loadDocumentState(compiledId)));
    expect(stored).toContain('protect the rights');
    expect(stored).not.toContain('IACHR, USA');

    // The export has the sources and the annex of contributions received.
    const draftId = decodeURIComponent(new URL(secretariat.page.url()).pathname.split('/').pop()!);
    const markdown = await secretariat.page.evaluate(async (id) => (await fetch(`/api/documents/${id}/export?format=md&variant=compilation`)).text(), draftId);
    expect(markdown).toContain('Sources: IACHR, USA.');
    expect(markdown).toContain('Sources: MEX.');
    expect(markdown).toMatch(/- MEX \(Mexico\), /);
    expect(markdown).toContain('Annex: contributions received');
    expect(markdown).toMatch(/- USA \(United States\), /);

    // Once the Secretariat publishes the contributions, it reads MEX's working copy — and only reads it.
    await callsPage(secretariat.page);
    const published = secretariat.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
    await published.getByRole('button', { name: 'Publish the contributions' }).click();
    await published.locator('li[data-party="MEX"]').getByRole('link', { name: 'Read the working copy' }).click();
    await secretariat.page.getByTestId('working-copy-banner').filter({ hasText: 'MEX’s working copy, published with the contributions: read only.' }).waitFor();
    await secretariat.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await expect.poll(() => purpose(secretariat.page).locator('ins.amendment-insertion').allTextContents(), POLL).toEqual([' and to dismantle their financing']);
    expect(await secretariat.page.locator('[data-testid="editor"]').getAttribute('contenteditable')).toBe('false');
    for (const p of [secretariat, chair, mexico, iachr, usa, canada]) await p.context.close();
  });
});
