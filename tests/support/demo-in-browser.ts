import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { launchChromium } from './browser.ts';

/**
 * What the browser tests share: the real server with the demo workspace and the built client,
 * one Chromium, and the ways a participant reaches and reads the draft resolution.
 */

export const POLL = { timeout: 10_000 };
// ACCORD_E2E_CLIENT_DIR: a build of one's own, so a rebuild of dist/ elsewhere cannot change it mid-run.
export const clientDir = process.env.ACCORD_E2E_CLIENT_DIR ?? fileURLToPath(new URL('../../dist', import.meta.url));

export interface DemoInBrowser {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A fresh sign-in link for the demo participant with this role (and delegation). */
  linkFor(role: string, delegation?: string): Promise<string>;
}

/** Starts the server and Chromium before the file's tests and stops them after. */
export function demoInBrowser(): DemoInBrowser {
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  let dataDir: string | null = null;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
    server = await startServer({ port: 0, dataDir, seedDemo: true, clientDir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | null): T => {
    if (!value) throw new Error('the browser test has not started');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    async linkFor(role, delegation) {
      const running = started(server);
      const participant = (await running.store.listParticipants()).find((p) => p.role === role && (!delegation || p.delegation === delegation));
      if (!participant) throw new Error(`no ${role} ${delegation ?? ''}`);
      return (await issueInvitation(running.store, participant.id, running.url)).url;
    },
  };
}

/** Opens the draft resolution from the documents page and waits until it is connected (and, unless an observer's, editable). */
export async function openResolution(page: Page, { editable = true } = {}): Promise<void> {
  await page.getByTestId('document-link').filter({ hasText: 'Promotion of Hemispheric Cooperation' }).click();
  await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
  if (editable) await page.locator('[data-testid="editor"][contenteditable="true"]').waitFor();
}

export const operative = (page: Page, n: number): Locator => page.locator('[data-testid="editor"] p[data-kind="operative"]').nth(n);

/** The paragraph's words as a reader sees them, without the other participants' caret labels. */
export function readText(paragraph: Locator): Promise<string> {
  return paragraph.evaluate((p) => {
    const copy = p.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.collaboration-carets__label, .paragraph-number, .paragraph-sources').forEach((el) => el.remove());
    return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** Selects a word the way a delegate does: a double click on it. */
export async function selectWord(page: Page, paragraph: Locator, word: string): Promise<void> {
  await paragraph.scrollIntoViewIfNeeded();
  const box = await paragraph.evaluate((p, w) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, word);
  if (!box) throw new Error(`"${word}" is not in the paragraph`);
  await page.mouse.dblclick(box.x, box.y);
  // The editor takes the selection from the browser asynchronously; typing must wait for it.
  // (The browser's selection may take in a bracket drawn next to the word; the text does not.)
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString().replace(/[[\]]/g, '').trim()), POLL).toBe(word);
}

/** Places the caret at the end of the n-th operative paragraph and types (see typeAtEnd). */
export function typeInOperative(page: Page, n: number, text: string): Promise<void> {
  return typeAtEnd(page, operative(page, n), text);
}

/**
 * Places the caret at the end of a paragraph and types. End goes to the end of a line, not of
 * a paragraph: the click is on the paragraph's last line, wherever the layout wraps it.
 */
export async function typeAtEnd(page: Page, paragraph: Locator, text: string): Promise<void> {
  await paragraph.scrollIntoViewIfNeeded();
  const lastLine = await paragraph.evaluate((p) => {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let last: Text | null = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement?.closest('[contenteditable="false"], .collaboration-carets__caret, .paragraph-number, .paragraph-sources')) continue;
      if (node.textContent) last = node as Text;
    }
    if (!last) return null;
    const range = document.createRange();
    range.setStart(last, last.length - 1);
    range.setEnd(last, last.length);
    const rect = range.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  });
  if (lastLine) await page.mouse.click(lastLine.x, lastLine.y);
  else await paragraph.click();
  await page.keyboard.press('End');
  // The editor learns of a click or a key that moves the caret from the browser's
  // selectionchange, a task the browser may run after the next key's: a key the editor handles
  // itself (Enter), pressed at once, acted where the caret was before, and was lost.
  // A delegate sees the caret first.
  const pid = await paragraph.getAttribute('data-pid');
  await expect.poll(() => page.evaluate(caretParagraphEnd), POLL).toEqual({ pid, atEnd: true });
  await page.keyboard.type(text);
}

/** In the page: the paragraph holding the editor's own caret, and whether the caret is at its end. */
function caretParagraphEnd(): { pid: unknown; atEnd: boolean } | null {
  type EditorElement = HTMLElement & { editor?: { state: { selection: { empty: boolean; $head: { parent: { attrs: Record<string, unknown>; content: { size: number } }; parentOffset: number } } } } };
  const selection = document.querySelector<EditorElement>('[data-testid="editor"]')?.editor?.state.selection;
  if (!selection?.empty) return null;
  const { parent, parentOffset } = selection.$head;
  return { pid: parent.attrs.pid, atEnd: parentOffset === parent.content.size };
}
