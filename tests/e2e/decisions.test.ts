import { describe, expect, it } from 'vitest';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { listAmendments } from '../../shared/negotiation/amendments.ts';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, openResolution, operative, POLL, readText, typeInOperative } from '../support/demo-in-browser.ts';
import { bracketed } from '../support/builders.ts';
import { editorDoc } from '../support/editing.ts';

const demo = demoInBrowser();

async function storedText() {
  const documentId = (await demo.server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
  const doc = restoreDocument(await demo.server.store.loadDocumentState(documentId));
  try {
    return editorDoc(doc);
  } finally {
    doc.destroy();
  }
}

describe('the Chair\u2019s decisions in the browser', () => {
  it('a paragraph a delegation makes with End, Enter and a typed sentence joins the agreed text once accepted', async () => {
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    for (const { page } of [chair, mexico]) await openResolution(page);

    const sentence = 'To encourage the exchange of best practices among member states.';
    // Operative paragraph 3, End, Enter, and the sentence.
    await typeInOperative(mexico.page, 2, '');
    await mexico.page.keyboard.press('Enter');
    await mexico.page.keyboard.type(sentence);
    await mexico.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    expect(await mexico.page.getByTestId('refusal').count()).toBe(0);

    const proposed = operative(chair.page, 3);
    await expect.poll(() => readText(proposed), POLL).toContain(sentence);
    expect(await proposed.locator('.paragraph-number').textContent()).toBe('3 bis.');
    // One amendment: the new paragraph with its words.
    const pending = listAmendments(await storedText()).filter((a) => a.delegation === 'MEX');
    expect(pending).toEqual([expect.objectContaining({ shape: 'paragraph', inserted: sentence })]);
    const item = chair.page.getByTestId('amendments-panel').locator(`[data-testid="amendment-item"][data-amendment-id="${pending[0]!.id}"]`);
    await expect.poll(() => item.textContent(), POLL).toContain('New paragraph');
    await item.getByTestId('accept-amendment').click();

    await expect.poll(async () => operative(chair.page, 3).locator('.paragraph-number').textContent(), POLL).toBe('4.');
    expect(await operative(chair.page, 3).locator('.bracket').count()).toBe(0);
    const text = await storedText();
    expect(text.child(indexOf(text, sentence)).attrs.proposal).toBeNull();

    await chair.page.getByTestId('view-switch').locator('[data-view="agreed"]').click();
    const inAgreed = chair.page.getByTestId('read-only-text').locator('p').filter({ hasText: sentence });
    await expect.poll(() => inAgreed.locator('.paragraph-number').textContent(), POLL).toBe('4.');
    for (const { context } of [chair, mexico]) await context.close();
  });

  it('asking to agree a paragraph with a pending amendment shows it, and offers to decide it with the agreement', async () => {
    const chair = await openAs(demo.browser, await demo.linkFor('chair'));
    const usa = await openAs(demo.browser, await demo.linkFor('delegation', 'USA'));
    for (const { page } of [chair, usa]) await openResolution(page);

    // A word at the end of operative paragraph 5.
    await typeInOperative(usa.page, 4, ' promptly');
    await usa.page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    const pid = (await operative(chair.page, 4).getAttribute('data-pid'))!;
    const group = chair.page.getByTestId('amendments-panel').locator(`[data-testid="paragraph-group"][data-pid="${pid}"]`);
    await expect.poll(() => group.getByTestId('amendment-item').count(), POLL).toBe(1);

    await group.getByTestId('paragraph-status').locator('[data-status="agreed"]').click();
    const asked = group.getByTestId('pending-before-agreeing');
    await asked.waitFor();
    expect(await asked.getByTestId('pending-amendment').allTextContents()).toEqual([expect.stringMatching(/^USA.*promptly/)]);
    // Nothing was sent yet: the paragraph is still open.
    expect(statusOf(await storedText(), pid)).toBe('open');

    await asked.getByTestId('accept-pending-and-agree').click();
    await expect.poll(async () => statusOf(await storedText(), pid), POLL).toBe('agreed');
    expect(bracketed(await storedText()).find((line) => line.includes('promptly'))).toMatch(/promptly$/);
    await expect.poll(() => operative(usa.page, 4).locator('.bracket').count(), POLL).toBe(0);
    for (const { context } of [chair, usa]) await context.close();
  });
});

function indexOf(doc: Awaited<ReturnType<typeof storedText>>, words: string): number {
  let found = -1;
  doc.forEach((block, _offset, index) => {
    if (found < 0 && block.textContent.includes(words)) found = index;
  });
  return found;
}

function statusOf(doc: Awaited<ReturnType<typeof storedText>>, pid: string): string | null {
  let status: string | null = null;
  doc.forEach((block) => {
    if (block.attrs.pid === pid) status = block.attrs.status as string;
  });
  return status;
}
