import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { launchChromium, openAs } from '../support/browser.ts';
import { clientDir, openResolution, operative, POLL } from '../support/demo-in-browser.ts';
import { SilentLink } from '../support/silent-link.ts';

/**
 * A delegation's network drops while it is in the room, then comes back. Its browser reaches
 * the server through a link that falls silent as a lost network does: the page's WebSocket
 * stays open and hears nothing (Playwright's `setOffline` would leave it talking). Its Chromium
 * resolves `localhost` to 127.0.0.2, where the link listens on the server's port: the same
 * origin as the Chair's, who reaches the server directly. The client's heartbeat timings are
 * the defaults the app ships with; the server notices a dead socket within two seconds here.
 */

let server: RunningServer;
let chairBrowser: Browser;
let mexicoBrowser: Browser;
let link: SilentLink;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'));
  server = await startServer({ port: 0, dataDir, seedDemo: true, clientDir, limits: { heartbeatIntervalMs: 250, heartbeatTimeoutMs: 2_000 } });
  link = await SilentLink.open(server.port, { host: '127.0.0.2', port: server.port });
  chairBrowser = await launchChromium();
  mexicoBrowser = await launchChromium(['--host-resolver-rules=MAP localhost 127.0.0.2']);
});
afterAll(async () => {
  await chairBrowser?.close();
  await mexicoBrowser?.close();
  await link?.dispose();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A sign-in link for a demo participant. */
async function signInLink(role: string, delegation?: string): Promise<string> {
  const participant = (await server.store.listParticipants()).find((p) => p.role === role && (!delegation || p.delegation === delegation));
  if (!participant) throw new Error(`no ${role} ${delegation ?? ''}`);
  return (await issueInvitation(server.store, participant.id, server.url)).url;
}

const inTheRoom = (page: Page) => page.getByTestId('presence').locator('.presence__label').allTextContents();
const caretLabels = (page: Page) => page.locator('.collaboration-carets__label').allTextContents();

describe('a delegation whose link drops', () => {
  it('is told within seconds, and is back in the room with its caret once the link returns', async () => {
    const chair = await openAs(chairBrowser, await signInLink('chair'));
    const mexico = await openAs(mexicoBrowser, await signInLink('delegation', 'MEX'));
    await openResolution(chair.page);
    await openResolution(mexico.page);
    await operative(mexico.page, 1).click();
    await expect.poll(() => inTheRoom(chair.page), POLL).toContain('MEX');
    await expect.poll(() => caretLabels(chair.page), POLL).toEqual(expect.arrayContaining([expect.stringContaining('MEX')]));

    link.cut();
    // The client's heartbeat gives up within about 5 s; y-websocket alone would say "Connected" for 30.
    await mexico.page.getByTestId('link-status').filter({ hasText: 'Reconnecting…' }).waitFor({ timeout: 10_000 });
    // The server drops the dead socket, and Mexico leaves everyone's room.
    await expect.poll(() => inTheRoom(chair.page), POLL).not.toContain('MEX');

    link.restore();
    await mexico.page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => inTheRoom(chair.page), POLL).toContain('MEX');
    await expect.poll(() => caretLabels(chair.page), POLL).toEqual(expect.arrayContaining([expect.stringContaining('MEX')]));
    // And Mexico sees the Chair again.
    await expect.poll(() => mexico.page.getByTestId('presence').locator('.presence__item').count(), POLL).toBe(2);

    await chair.context.close();
    await mexico.context.close();
  });
});
