import { Document, Packer, Paragraph } from 'docx';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { issueInvitation } from '../../server/auth/invitations.ts';
import type { Role } from '../../shared/participants.ts';
import { MESSAGE_SYNC, SYNC_STEP_2, SYNC_UPDATE } from '../../shared/protocol.ts';
import { launchChromium, openAs } from '../support/browser.ts';
import { clientDir } from '../support/demo-in-browser.ts';
import { signIn, startTestServer, type TestServer } from '../support/server.ts';

/**
 * Opening a text must send nothing: not the trailing paragraph an editor plugin appends after a
 * closing list, not a default attribute, nothing its user did not type. On a fresh workspace,
 * each role is the first to open every demo document and a Word file that ends in a list.
 */
const ROLES: { role: Role; delegation?: string }[] = [{ role: 'delegation', delegation: 'MEX' }, { role: 'observer' }, { role: 'chair' }, { role: 'secretariat' }, { role: 'organization', delegation: 'IACHR' }];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser.close());

/** A zero draft whose last block is a bulleted list, as Word writes it. */
async function draftEndingInAList(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'THE GENERAL ASSEMBLY,' }),
          new Paragraph({ text: 'RESOLVES:' }),
          new Paragraph({ text: '1. To invite member states to submit contributions.' }),
          new Paragraph({ text: 'first item of the closing list', bullet: { level: 0 } }),
          new Paragraph({ text: 'second item of the closing list', bullet: { level: 0 } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

/** Whether a frame the page sent carries a change: a sync reply or update with anything in it. */
function carriesChange(payload: string | Buffer): boolean {
  if (typeof payload === 'string') return false;
  const bytes = new Uint8Array(payload);
  if (bytes[0] !== MESSAGE_SYNC || (bytes[1] !== SYNC_STEP_2 && bytes[1] !== SYNC_UPDATE)) return false;
  // type, step, then the update with its length prefix (a varint).
  let offset = 2;
  while (bytes[offset]! & 0x80) offset++;
  const update = bytes.slice(offset + 1);
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length > 0 || ds.clients.size > 0;
}

interface Opened {
  changes: number;
  sockets: number;
}

/** Opens a document as the page's participant and waits until its text is there to read. */
async function open(page: Page, title: string): Promise<Opened> {
  const opened: Opened = { changes: 0, sockets: 0 };
  const watch = (socket: import('playwright-core').WebSocket) => {
    if (!socket.url().includes('/sync')) return;
    opened.sockets++;
    socket.on('framesent', ({ payload }) => {
      if (carriesChange(payload)) opened.changes++;
    });
  };
  page.on('websocket', watch);
  await page.getByTestId('document-link').filter({ hasText: title }).click();
  await page.getByTestId('link-status').filter({ hasText: 'Connected' }).waitFor();
  await page.locator('[data-testid="editor"] p, [data-testid="editor"] li').first().waitFor();
  // A change made on open would be sent at once; the save status says when all is settled.
  await page.getByTestId('save-status').filter({ hasText: 'All changes saved' }).waitFor();
  await page.goBack();
  await page.getByTestId('document-link').first().waitFor();
  page.off('websocket', watch);
  return opened;
}

describe('opening a text sends nothing', () => {
  for (const who of ROLES) {
    it(`as the ${who.delegation ?? who.role}, first to open every document of a fresh workspace`, async () => {
      const server: TestServer = await startTestServer(undefined, { clientDir });
      const refusals: string[] = [];
      const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
        if (args.map(String).join(' ').includes('refused')) refusals.push(args.map(String).join(' '));
      });
      try {
        const form = new FormData();
        form.set('file', new File([(await draftEndingInAList()) as Uint8Array<ArrayBuffer>], 'draft.docx'));
        form.set('title', 'Imported draft ending in a list');
        form.set('symbol', 'CSH/GT/PD-9/09');
        form.set('kind', 'resolution');
        const secretariat = await signIn(server, { role: 'secretariat' });
        const imported = await fetch(`${server.url}/api/documents/import`, { method: 'POST', body: form, headers: { cookie: secretariat } });
        expect(imported.status, await imported.clone().text()).toBe(201);

        const participant = (await server.store.listParticipants()).find((p) => p.role === who.role && (!who.delegation || p.delegation === who.delegation))!;
        const { context, page } = await openAs(browser, (await issueInvitation(server.store, participant.id, server.url)).url);
        const titles = (await server.store.listDocuments()).map((d) => d.title);
        // The demo's three documents, the draft resolution's Spanish version and the import.
        expect(titles).toHaveLength(5);
        for (const title of titles) {
          const opened = await open(page, title);
          expect(opened, title).toEqual({ changes: 0, sockets: 1 });
        }
        expect(await page.getByTestId('refusal').count()).toBe(0);
        expect(refusals).toEqual([]);
        await context.close();
      } finally {
        warn.mockRestore();
        await server.dispose();
      }
    });
  }
});
