import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
}

/** A participant in a browser context of its own, signed in by following its link. */
export async function openAs(browser: Browser, signInUrl: string, viewport = { width: 1366, height: 768 }): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(signInUrl);
  await page.getByTestId('document-link').first().waitFor();
  return { context, page };
}
