import { describe, expect, it } from 'vitest';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, POLL } from '../support/demo-in-browser.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { connect, me, signIn, until } from '../support/server.ts';

const demo = demoInBrowser();
const OPERATIVE_4 = 13;

describe('bulk decisions in the browser', () => {
  it('“Reject all JAM” asks first with the count; the Chair undoes it from the log and the amendments are back', async () => {
    const documentId = (await demo.server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const jamaicaCookie = await signIn(demo.server, { role: 'delegation', delegation: 'JAM' });
    const jamaica = connect(demo.server, jamaicaCookie, documentId);
    await until(jamaica, (s) => s.link === 'connected');
    const participant = await me(demo.server, jamaicaCookie);
    propose(jamaica.doc, participant, (tr) => tr.insertText('regional ', blockStart(editorDoc(jamaica.doc), OPERATIVE_4) + 3));
    propose(jamaica.doc, participant, (tr) => tr.insertText('duly ', blockStart(editorDoc(jamaica.doc), OPERATIVE_4 + 1) + 3));
    await until(jamaica, (s) => s.save === 'saved' && s.refusal === null);
    const pendingJam = async () => {
      const doc = restoreDocument(await demo.server.store.loadDocumentState(documentId));
      try {
        return listAmendments(editorDoc(doc)).filter((a) => a.delegation === 'JAM').map((a) => a.id).sort();
      } finally {
        doc.destroy();
      }
    };
    const proposed = await pendingJam();
    expect(proposed).toHaveLength(2);

    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    await openResolution(chair.page);
    const panel = chair.page.getByTestId('amendments-panel');
    await panel.locator('[data-testid="proposer-filter"][data-delegation="JAM"]').click();
    await panel.getByTestId('reject-delegation').click();
    // One click decides nothing: the question says how many.
    await expect.poll(() => panel.getByRole('group', { name: 'Reject all 2 JAM pending amendments?' }).count(), POLL).toBe(1);
    expect(await pendingJam()).toEqual(proposed);
    await panel.getByTestId('reject-delegation-confirm').click();
    await expect.poll(pendingJam, POLL).toEqual([]);

    const decision = (await demo.server.store.listAudit(documentId)).find((r) => r.action === 'rejected' && r.delegation === 'JAM')!.decision;
    const log = chair.page.getByTestId('audit-log');
    await log.locator(`[data-testid="audit-entry"][data-decision="${decision}"] [data-testid="undo-decision"]`).click();
    await expect.poll(() => log.getByRole('group', { name: `Undo decision ${decision} (2 amendments)?` }).count(), POLL).toBe(1);
    await log.getByTestId('undo-decision-confirm').click();
    await expect.poll(pendingJam, POLL).toEqual(proposed);
    await expect.poll(() => log.locator('[data-testid="audit-entry"][data-action="undone"]').count(), POLL).toBe(2);
    await expect.poll(() => log.getByTestId('audit-undone').first().textContent(), POLL).toMatch(/Undone by decision \d+/);
    expect(await log.getByTestId('undo-decision').count()).toBe(0);

    jamaica.destroy();
    await chair.context.close();
  });
});
