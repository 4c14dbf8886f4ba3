import { Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, POLL } from '../support/demo-in-browser.ts';
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
    const mexico = await contribute(await demo.linkFor('delegation', 'MEX'), 'Member states should exchange information on criminal gangs.');
    const iachr = await contribute(await demo.linkFor('organization', 'IACHR'), 'The strategy should protect the rights of children recruited by gangs.');

    // USA sends a Word file with a tracked change of its own.
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    await callsPage(usa.page);
    const word = new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Member states should train '), new InsertedTextRun({ text: 'specialised ', id: 1, author: 'United States', date: new Date().toISOString() }), new TextRun('police units.')] })] }] });
    const usaCall = usa.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' });
    await usaCall.getByLabel('Or a Word file (.docx)').setInputFiles({ name: 'usa.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: await Packer.toBuffer(word) });
    await usaCall.getByRole('button', { name: 'Submit the Word file' }).click();
    await usaCall.getByTestId('contributions').getByText('Member states should train specialised police units.').waitFor({ timeout: 60_000 });
    // Privately: USA reads its own only.
    expect(await usaCall.getByTestId('contributions').locator('li').count()).toBe(1);

    // A call whose deadline has passed: CAN's contribution is refused, saying why.
    const late = await server.store.createCall(strategy.id, { title: 'Comments on the annex', deadline: new Date(Date.now() - 60_000).toISOString(), invitees: ['CAN'] }, 'operator', new Date(Date.now() - 120_000).toISOString());
    const canada = await openAs(demo.browser, await demo.linkFor('delegation', 'CAN'));
    await callsPage(canada.page);
    const canCall = canada.page.getByTestId('call').filter({ hasText: late.title });
    await canCall.getByLabel('Your contribution').fill('Canada would add a paragraph on firearms.');
    await canCall.getByRole('button', { name: 'Submit', exact: true }).click();
    await canCall.getByRole('alert').filter({ hasText: /deadline for contributions passed .* only if the Secretariat accepts it/ }).waitFor();
    expect(await server.store.listContributions(late.id)).toEqual([]);

    // The Secretariat sees all three and compiles: MEX's wording merged with IACHR's, USA's as its amendment.
    await secretariat.page.reload();
    const compile = secretariat.page.getByTestId('call').filter({ hasText: 'Written contributions to the regional strategy' }).getByRole('form', { name: 'Compile the consolidated draft' });
    await compile.getByLabel('Wording of paragraph MEX-0').fill('Member states should exchange information on criminal gangs, protecting the rights of children recruited by them.');
    await compile.getByLabel('Take paragraph MEX-0').check();
    await compile.getByLabel('Sources of paragraph MEX-0').fill('MEX, IACHR');
    await compile.getByLabel('Take paragraph USA-0').check();
    await compile.getByLabel('Paragraph USA-0 as an amendment of its author').check();
    await compile.getByRole('button', { name: 'Create the draft from 2 paragraphs' }).click();
    await secretariat.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    const sources = secretariat.page.getByTestId('draft-sources');
    await sources.locator('summary').click();
    await expect.poll(() => sources.getByTestId('paragraph-sources').allTextContents(), POLL).toEqual([
      expect.stringMatching(/Member states should exchange information .* — MEX, IACHR$/),
      expect.stringMatching(/Member states should train specialised police units\..* — USA$/),
    ]);
    await expect.poll(() => secretariat.page.getByTestId('amendment-bracket').allTextContents(), POLL).toContain('USA');

    // Where people read: by each paragraph of the draft, in its margin, its sources — for the
    // Chair opening the draft too (it is the Chair's and the Secretariat's until presented) —
    // drawn beside the text, never written into it.
    const draftUrl = secretariat.page.url();
    const compiledId = decodeURIComponent(new URL(draftUrl).pathname.split('/').pop()!);
    const updatesBefore = (await server.store.listUpdates(compiledId)).length;
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    await chair.page.goto(draftUrl);
    for (const reader of [secretariat.page, chair.page]) {
      const exchange = reader.locator('[data-testid="editor"] p').filter({ hasText: 'exchange information' });
      const train = reader.locator('[data-testid="editor"] p').filter({ hasText: 'train specialised' });
      await expect.poll(() => exchange.getByTestId('paragraph-sources-note').allTextContents(), POLL).toEqual(['MEX, IACHR']);
      await expect.poll(() => train.getByTestId('paragraph-sources-note').allTextContents(), POLL).toEqual(['USA']);
      expect(await exchange.getByTestId('paragraph-sources-note').getAttribute('title')).toBe('Sources: MEX, IACHR');
      // In the margin: right of the paragraph's words, on screen.
      const [paragraphBox, noteBox] = [await exchange.boundingBox(), await exchange.getByTestId('paragraph-sources-note').boundingBox()];
      expect(noteBox!.x).toBeGreaterThanOrEqual(paragraphBox!.x + paragraphBox!.width);
      expect(await exchange.getByTestId('paragraph-sources-note').isVisible()).toBe(true);
    }
    await chair.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    // Drawing the notes is no edit: opening the draft stored nothing.
    expect((await server.store.listUpdates(compiledId)).length).toBe(updatesBefore);
    const stored = plainText(restoreDocument(await server.store.loadDocumentState(compiledId)));
    expect(stored).toContain('exchange information');
    expect(stored).not.toContain('MEX, IACHR');

    // The export has the sources and the annex of contributions received.
    const draftId = decodeURIComponent(new URL(secretariat.page.url()).pathname.split('/').pop()!);
    const markdown = await secretariat.page.evaluate(async (id) => (await fetch(`/api/documents/${id}/export?format=md&variant=compilation`)).text(), draftId);
    expect(markdown).toContain('Sources: MEX, IACHR.');
    expect(markdown).toContain('Annex: contributions received');
    expect(markdown).toMatch(/- USA \(United States\), /);
    for (const p of [secretariat, chair, mexico, iachr, usa, canada]) await p.context.close();
  });
});
