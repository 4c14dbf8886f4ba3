import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * PDF from the exported HTML by Chromium's own print-to-PDF, so the PDF is exactly the
 * printable page. One headless browser is launched on the first PDF and reused (a launch
 * costs far more than a page); `closePdfRenderer()` ends it at shutdown.
 *
 * Debian's Chromium only: Accord never downloads a browser. ACCORD_CHROMIUM_PATH may point
 * elsewhere on machines that keep it in another place.
 */

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export class PdfRendererUnavailable extends Error {
  override name = 'PdfRendererUnavailable';
}

let browser: Promise<Browser> | null = null;
let launches = 0;

/** How many browsers this process has launched: one, unless one crashed or was closed. */
export function pdfBrowserLaunches(): number {
  return launches;
}

function chromiumPath(): string {
  return process.env.ACCORD_CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    // Thrown before anything is cached, so a later request finds Chromium once it is installed.
    throw new PdfRendererUnavailable(`PDF export needs Chromium at ${executablePath} (install Debian's "chromium" package, or set ACCORD_CHROMIUM_PATH)`);
  }
  launches++;
  const launching = chromium
    .launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    .then((launched) => {
      // A crashed or killed browser must not be handed out again; the next PDF relaunches.
      launched.on('disconnected', () => {
        if (browser === launching) browser = null;
      });
      return launched;
    });
  // A failed launch is not cached either: Chromium may be installed by the next request.
  launching.catch(() => {
    if (browser === launching) browser = null;
  });
  return launching;
}

/** Renders a standalone HTML page (no scripts, no external resources) to an A4 PDF. */
export async function renderPdf(html: string): Promise<Uint8Array> {
  browser ??= launch();
  const context = await (await browser).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    // The page is self-contained; nothing it might reference is ever fetched.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    // The inlined fonts decode asynchronously, and the load event does not wait for them: print
    // only once they are ready, or a busy server would print in whatever font it has installed.
    // (Playwright evaluates in its own world, so this works with the page's scripts disabled.)
    await page.evaluate(() => document.fonts.ready.then(() => document.fonts.status));
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    await context.close();
  }
}

/** Ends the shared browser, if one was launched; safe to call more than once. */
export async function closePdfRenderer(): Promise<void> {
  const current = browser;
  browser = null;
  if (!current) return;
  try {
    await (await current).close();
  } catch {
    // It never launched, or already went away: nothing is left to close.
  }
}
