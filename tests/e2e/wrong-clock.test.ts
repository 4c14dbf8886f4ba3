import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { demoInBrowser, openResolution, operative, POLL, selectWord } from '../support/demo-in-browser.ts';
import { editorDoc } from '../support/editing.ts';

const demo = demoInBrowser();
const HOURS_AHEAD = 3;

/**
 * A delegate's laptop set three hours ahead (another time zone's hours typed in as local time,
 * or simply wrong): the server refuses amendments dated far from its own clock, so the browser
 * dates them by the server's clock, not its own.
 */
describe('a browser whose clock is wrong', () => {
  it('proposes as usual, and its amendment is dated by the server\u2019s clock', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 768 } });
    // Time runs on from there at its natural pace.
    await context.clock.install({ time: Date.now() + HOURS_AHEAD * 3_600_000 });
    const page = await context.newPage();
    await page.goto(await demo.linkFor('delegation', 'MEX'));
    await page.getByTestId('document-link').first().waitFor();
    expect(await page.evaluate(() => Date.now()) - Date.now()).toBeGreaterThan((HOURS_AHEAD - 0.5) * 3_600_000);
    await openResolution(page);

    await selectWord(page, operative(page, 2), 'single');
    await page.keyboard.type('consolidated');
    await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    expect(await page.getByTestId('refusal').count()).toBe(0);

    const documentId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await expect
      .poll(async () => {
        const doc = restoreDocument(await demo.server.store.loadDocumentState(documentId));
        try {
          return listAmendments(editorDoc(doc)).filter((a) => a.delegation === 'MEX').map((a) => a.inserted);
        } finally {
          doc.destroy();
        }
      }, POLL)
      .toEqual(['consolidated']);
    const doc = restoreDocument(await demo.server.store.loadDocumentState(documentId));
    const [amendment] = listAmendments(editorDoc(doc)).filter((a) => a.delegation === 'MEX');
    doc.destroy();
    expect(Math.abs(Date.parse(amendment!.at) - Date.now())).toBeLessThan(60_000);
    await context.close();
  });
});
