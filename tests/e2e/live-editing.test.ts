import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { launchChromium, openAs } from '../support/browser.ts';

const clientDir = fileURLToPath(new URL('../../dist', import.meta.url));
let server: RunningServer;
let browser: Browser;
let dataDir: string;

async function linkFor(role: string, delegation?: string): Promise<string> {
  const participant = (await server.store.listParticipants()).find((p) => p.role === role && (!delegation || p.delegation === delegation));
  if (!participant) throw new Error(`no ${role}`);
  return (await issueInvitation(server.store, participant.id, server.url)).url;
}

async function openResolution(page: Page): Promise<void> {
  await page.getByTestId('document-link').filter({ hasText: 'Promotion of Hemispheric Cooperation' }).click();
  await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
}

/** Places the caret at the end of the n-th operative paragraph and types. */
async function typeInOperative(page: Page, n: number, text: string): Promise<void> {
  const paragraph = page.locator('[data-testid="editor"] p[data-kind="operative"]').nth(n);
  await paragraph.click();
  await page.keyboard.press('End');
  await page.keyboard.type(text);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  server = await startServer({ port: 0, dataDir, seedDemo: true, clientDir });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('live editing in the browser', () => {
  it('two participants sign in through their links, type in the same document and see each other\u2019s text and caret', async () => {
    const chair = await openAs(browser, await linkFor('chair'));
    const mexico = await openAs(browser, await linkFor('delegation', 'MEX'));
    await openResolution(chair.page);
    await openResolution(mexico.page);

    await typeInOperative(chair.page, 0, ' Typed by the Chair.');
    await typeInOperative(mexico.page, 1, ' Typed by Mexico.');

    for (const { page } of [chair, mexico]) {
      const editor = page.getByTestId('editor');
      await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain('Typed by the Chair.');
      await expect.poll(() => editor.textContent(), { timeout: 10_000 }).toContain('Typed by Mexico.');
      await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
    }
    // Each sees the other's caret, labelled with the name the server gave it.
    await expect.poll(() => chair.page.locator('.collaboration-carets__label').allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Mexico')]),
    );
    await expect.poll(() => mexico.page.locator('.collaboration-carets__label').allTextContents(), { timeout: 10_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('Chair')]),
    );
    await expect.poll(() => chair.page.getByTestId('presence').textContent()).toContain('MEX');
    await chair.context.close();
    await mexico.context.close();
  });

  it('an observer follows the text but cannot type in it', async () => {
    const observer = await openAs(browser, await linkFor('observer'));
    await openResolution(observer.page);
    const editor = observer.page.getByTestId('editor');
    await expect.poll(() => editor.getAttribute('contenteditable')).toBe('false');
    const before = await observer.page.getByTestId('editor').textContent();
    await observer.page.locator('[data-testid="editor"] p[data-kind="operative"]').first().click();
    await observer.page.keyboard.type('observer text');
    await new Promise((r) => setTimeout(r, 300));
    expect(await observer.page.getByTestId('editor').textContent()).toBe(before);
    await observer.context.close();
  });
});
