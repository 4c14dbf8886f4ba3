import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openAs } from '../support/browser.ts';
import { demoInBrowser, POLL } from '../support/demo-in-browser.ts';
import { MESSAGE_SYNC, MESSAGE_VERDICT } from '../../shared/protocol.ts';
import { api, signIn } from '../support/server.ts';

/**
 * Issue 12, point 7: an edit refused while a delegate typed low in a long document was told at
 * the top of the page, screens away. It must show where the delegate is looking: by the caret.
 */
const demo = demoInBrowser();

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Placement {
  text: string;
  live: string | null;
  notice: Box;
  caret: Box;
  viewport: { width: number; height: number };
}

/**
 * The notice, the caret and the window, measured in one frame of the page as soon as the notice
 * shows (it fades after a few seconds; measuring in the page does not race it).
 */
function placementOnceShown(page: Page): Promise<Placement> {
  return page
    .waitForFunction(() => {
      const el = document.querySelector('[data-testid="suggest-notice"]');
      const editor = (document.querySelector('[data-testid="editor"]') as (HTMLElement & { editor?: { state: { selection: { head: number } }; view: { coordsAtPos(pos: number): Box } } }) | null)?.editor;
      if (!el || !editor) return null;
      const box = (r: Box): Box => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      return {
        text: el.textContent ?? '',
        live: el.closest('[aria-live]')?.getAttribute('aria-live') ?? null,
        notice: box(el.getBoundingClientRect()),
        caret: box(editor.view.coordsAtPos(editor.state.selection.head)),
        viewport: { width: window.innerWidth, height: window.innerHeight },
      };
    }, undefined, { timeout: POLL.timeout })
    .then((handle) => handle.jsonValue() as Promise<Placement>);
}

/** Inside the window, and by the caret: just under its line or just over it, never over the line typed. */
function expectByTheCaret({ notice, caret, viewport }: Placement): void {
  expect(notice.left).toBeGreaterThanOrEqual(0);
  expect(notice.top).toBeGreaterThanOrEqual(0);
  expect(notice.right).toBeLessThanOrEqual(viewport.width);
  expect(notice.bottom).toBeLessThanOrEqual(viewport.height);
  const below = notice.top - caret.bottom;
  const above = caret.top - notice.bottom;
  expect(below >= 0 || above >= 0, 'the notice covers the line being typed').toBe(true);
  expect(Math.max(below, above)).toBeLessThan(40);
  expect(notice.left).toBeLessThan(caret.left + 40);
  expect(notice.right).toBeGreaterThan(caret.left - 40);
}

describe('a refused edit is told where the delegate is typing', () => {
  it('typing in an agreed paragraph low in the work plan shows the reason by the caret, inside the window, off the line typed', async () => {
    const workPlan = (await demo.server.store.listDocuments()).find((d) => d.title.includes('Work Plan'));
    if (!workPlan) throw new Error('no work plan in the demo workspace');
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    const { page } = mexico;
    await page.getByTestId('document-link').filter({ hasText: workPlan.title }).click();
    await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await page.locator('[data-testid="editor"][contenteditable="true"]').waitFor();

    // The last paragraph of text in the document, far below the top of the page.
    const paragraph = page.locator('[data-testid="editor"] > p[data-pid]').filter({ hasText: /\w/ }).last();
    const pid = await paragraph.getAttribute('data-pid');
    if (!pid) throw new Error('the paragraph has no pid');
    const chair = await signIn(demo.server, { role: 'chair' });
    const decided = await api(demo.server, chair, `/api/documents/${encodeURIComponent(workPlan.id)}/decisions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'status', pid, status: 'agreed' }),
    });
    expect(decided.status).toBe(200);
    await expect.poll(() => paragraph.getAttribute('data-status'), POLL).toBe('agreed');

    await paragraph.scrollIntoViewIfNeeded();
    const words = await paragraph.boundingBox();
    if (!words) throw new Error('the paragraph is not shown');
    await page.mouse.click(words.x + words.width / 2, words.y + words.height / 2);
    // The page has scrolled well past its top: a notice up there would be out of sight.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    const before = await paragraph.textContent();
    await page.keyboard.type('x');

    const placement = await placementOnceShown(page);
    expect(placement.text).toContain('agreed');
    expect(placement.live).toBe('polite');
    expectByTheCaret(placement);
    expect(await paragraph.textContent()).toBe(before);

    // With the caret's line at the very bottom of the window there is no room under it: the
    // notice goes over the line, still in sight.
    await page.getByTestId('suggest-notice').waitFor({ state: 'detached', timeout: POLL.timeout });
    await page.evaluate(() => window.scrollBy(0, -(window.innerHeight - 12 - (window.getSelection()?.getRangeAt(0).getBoundingClientRect().bottom ?? 0))));
    const caretBottom = await page.evaluate(() => window.getSelection()?.getRangeAt(0).getBoundingClientRect().bottom ?? 0);
    expect(caretBottom).toBeGreaterThan((await page.evaluate(() => window.innerHeight)) - 40);
    await page.keyboard.type('y');
    const over = await placementOnceShown(page);
    expectByTheCaret(over);
    expect(over.notice.bottom).toBeLessThanOrEqual(over.caret.top);

    await mexico.context.close();
  });

  it('a change the server refuses (the Chair agreed the paragraph a moment before) is told by the caret too', async () => {
    const workPlan = (await demo.server.store.listDocuments()).find((d) => d.title.includes('Work Plan'));
    if (!workPlan) throw new Error('no work plan in the demo workspace');
    const mexico = await openAs(demo.browser, await demo.linkFor('delegation', 'MEX'));
    const { page } = mexico;
    // What the server says is held back while `holding`: MEX's browser does not yet know what
    // the Chair just did when its next keystroke leaves, as over a slow link.
    let holding = false;
    let closed = false;
    const held: (() => void)[] = [];
    await page.routeWebSocket(/\/sync/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => server.send(message));
      // Only the text's news and verdicts are held: heartbeat answers go through, or the page
      // would take the held link for a dead one and connect anew (after 3 s of silence).
      const news = (message: string | Buffer) => typeof message !== 'string' && (message[0] === MESSAGE_SYNC || message[0] === MESSAGE_VERDICT);
      server.onMessage((message) => (holding && news(message) ? held.push(() => socket.send(message)) : socket.send(message)));
      // The server closes the socket after a refusal: that waits its turn too.
      server.onClose((code, reason) => {
        if (!holding) return socket.close({ code, reason });
        closed = true;
        held.push(() => socket.close({ code, reason }));
      });
    });
    await page.getByTestId('document-link').filter({ hasText: workPlan.title }).click();
    await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
    await page.locator('[data-testid="editor"][contenteditable="true"]').waitFor();

    // Low in the work plan, and still open (the test before agreed the very last paragraph).
    const paragraph = page.locator('[data-testid="editor"] > p[data-pid]:not([data-status="agreed"])').filter({ hasText: /\w/ }).last();
    const pid = await paragraph.getAttribute('data-pid');
    if (!pid) throw new Error('the paragraph has no pid');
    await paragraph.scrollIntoViewIfNeeded();
    const words = await paragraph.boundingBox();
    if (!words) throw new Error('the paragraph is not shown');
    await page.mouse.click(words.x + words.width / 2, words.y + words.height / 2);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    const caret = await page.evaluate(() => {
      const r = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left };
    });

    holding = true;
    const chair = await signIn(demo.server, { role: 'chair' });
    const decided = await api(demo.server, chair, `/api/documents/${encodeURIComponent(workPlan.id)}/decisions`, {
      method: 'POST',
      body: JSON.stringify({ action: 'status', pid, status: 'agreed' }),
    });
    expect(decided.status).toBe(200);
    await page.keyboard.type('x');
    // The server refuses that keystroke, says why and closes the socket: all held back until now.
    await expect.poll(() => closed, POLL).toBe(true);
    holding = false;
    for (const send of held.splice(0)) send();

    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/agreed/);
    const box = await refusal.boundingBox();
    const viewport = page.viewportSize()!;
    if (!box) throw new Error('the refusal is not shown');
    // In the window, by the line that was being typed, not at the top of the page.
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    expect(Math.min(Math.abs(box.y - caret.bottom), Math.abs(caret.top - (box.y + box.height)))).toBeLessThan(40);
    await mexico.context.close();
  });
});
