import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import * as Y from 'yjs';
import { launchChromium, openAs } from '../support/browser.ts';
import { closeClient, docWith, newTrouble, openClient, signInAll, type LoadClient } from './load/clients.ts';
import { Typist } from './load/keystrokes.ts';
import { startBenchServer } from './load/servers.ts';
import { spread, type Spread } from './stats.ts';

export interface BrowserResult {
  /** From navigation to the document's page to an editable editor holding every paragraph, ms. */
  openToEditable: Spread;
  /** Main-thread time (Chrome's TaskDuration) each remote change costs, above an idle baseline, ms. */
  perRemoteChange: Spread;
  /** Of which script (JS), and style + layout, ms per change (median of the runs). */
  scriptPerChange: number;
  layoutPerChange: number;
  remoteTypists: number;
  changesPerRun: number[];
  paragraphs: number;
}

const clientDir = fileURLToPath(new URL('../../dist', import.meta.url));

/** Chrome's cumulative main-thread durations, in ms. */
async function mainThread(cdp: CDPSession): Promise<{ task: number; script: number; layout: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration') + get('RecalcStyleDuration') };
}

/** Opens the document in a fresh page and waits until its editor is editable with every paragraph. */
async function openDocument(page: Page, url: string, paragraphs: number): Promise<number> {
  await page.goto(url);
  const handle = await page.waitForFunction(
    (count) => {
      const editor = document.querySelector('[data-testid="editor"]');
      return editor?.getAttribute('contenteditable') === 'true' && editor.querySelectorAll('p').length >= count ? performance.now() : null;
    },
    paragraphs,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) ?? Number.NaN;
}

/**
 * In Debian's Chromium, the built app served by Accord: a delegate opens the 200-paragraph,
 * 1,000-amendment document, then 20 other delegates type into it (each keystroke with its
 * caret moving, as a real editor sends). Main-thread time is Chrome's own accounting
 * (Performance.getMetrics), taken over a typing window minus an equally long idle window.
 */
export async function runBrowser(fixtureFile: string, fixture: Uint8Array, options: { typists: number; seconds: number; runs: number; paragraphs: number }): Promise<BrowserResult> {
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  // The browser's participant is one more delegation after the typists.
  const server = await startBenchServer('accord', { fixtureFile, typists: options.typists + 1, readers: 0, dataDir, clientDir, loggedUpdates: 0 });
  const browser = await launchChromium();
  const clients: LoadClient[] = [];
  try {
    const cookies = await signInAll(server);
    const trouble = newTrouble();
    const viewer = server.participants[options.typists]!;
    const { page, context } = await openAs(browser, `${server.httpUrl}/join#${viewer.token}`);
    const documentUrl = `${server.httpUrl}/documents/${encodeURIComponent(server.documentId)}`;
    const opens: number[] = [];
    // Each further opening in a fresh page (closed after), so one editor stays to measure.
    opens.push(await openDocument(page, documentUrl, options.paragraphs));
    for (let i = 1; i < options.runs; i++) {
      const another = await context.newPage();
      opens.push(await openDocument(another, documentUrl, options.paragraphs));
      await another.close();
    }

    for (let i = 0; i < options.typists; i++) clients.push(openClient(server, docWith(fixture), { cookie: cookies[i], trouble }));
    await Promise.all(clients.map((c) => c.synced));
    const typists = clients.map((c, i) => new Typist(c.doc, server.participants[i]!.participant, (i * 7) % options.paragraphs));
    for (const typist of typists) typist.open();
    await new Promise((r) => setTimeout(r, 1500));

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const perChange: number[] = [];
    const script: number[] = [];
    const layout: number[] = [];
    const changes: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const idle0 = await mainThread(cdp);
      await new Promise((r) => setTimeout(r, options.seconds * 1000));
      const idle1 = await mainThread(cdp);
      const typed = await typeFor(typists, clients, options.seconds);
      await new Promise((r) => setTimeout(r, 500));
      const busy = await mainThread(cdp);
      const over = (k: 'task' | 'script' | 'layout') => (busy[k] - idle1[k] - (idle1[k] - idle0[k])) / typed;
      perChange.push(over('task'));
      script.push(over('script'));
      layout.push(over('layout'));
      changes.push(typed);
    }
    if (trouble.refused > 0) throw new Error(`Accord refused ${trouble.refused} of the typists' changes`);
    return {
      openToEditable: spread(opens),
      perRemoteChange: spread(perChange),
      scriptPerChange: spread(script).median,
      layoutPerChange: spread(layout).median,
      remoteTypists: options.typists,
      changesPerRun: changes,
      paragraphs: options.paragraphs,
    };
  } finally {
    for (const client of clients) closeClient(client);
    await browser.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every typist types at 5 characters a second for `seconds`, its caret following; returns the keystrokes typed. */
async function typeFor(typists: Typist[], clients: LoadClient[], seconds: number): Promise<number> {
  let typed = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    typists.map(
      (typist, i) =>
        new Promise<void>((done) => {
          const tick = () => {
            if (performance.now() >= end) return done();
            typist.type();
            typed++;
            const caret = Y.relativePositionToJSON(typist.caretPosition());
            clients[i]!.provider.awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
            setTimeout(tick, 200);
          };
          setTimeout(tick, Math.random() * 200);
        }),
    ),
  );
  return typed;
}
