import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../server/export/index.ts';
import { agreedView, cleanView } from '../../shared/negotiation/views.ts';
import { openAs, type SignedInPage } from '../support/browser.ts';
import { demoInBrowser, openResolution } from '../support/demo-in-browser.ts';
import { editorDoc } from '../support/editing.ts';
import { perform, seededRandom, typedBy, type Gesture, type GestureKind } from '../support/gestures.ts';
import { exportedParagraphs } from '../support/exported-text.ts';
import { serverRefusals } from '../support/server-refusals.ts';
import { documentSignature, insertedBy, insertionIdsOf, pageSignature, type TextSignature } from '../support/text-signature.ts';

/**
 * Four delegations and the Chair in their own browsers, acting on the same words at the same
 * moment at a person's speed. Randomised and seeded: the seed is printed, ACCORD_E2E_SEED
 * replays it and ACCORD_E2E_ROUNDS runs longer. `npm test` runs it with the default rounds;
 * `npm run test:together` runs it alone, for long runs.
 */
const seed = Number(process.env.ACCORD_E2E_SEED ?? Math.floor(Math.random() * 2 ** 31));
const rounds = Number(process.env.ACCORD_E2E_ROUNDS ?? 6);
const SETTLE = { timeout: 60_000, interval: 250 };

const demo = demoInBrowser();

/** Words of the draft resolution's paragraphs, to act on. */
const WORDS = ['invite', 'member', 'contributions', 'regional', 'thematic', 'background', 'experts', 'suggestions', 'coordinated', 'support', 'resources', 'progress', 'strategy'];
const PHRASES = ['substantive', 'priority', 'consultation', 'CCCC', 'sustained support', 'strengthened', 'ssss'];
const GESTURES: GestureKind[] = ['type-after', 'replace', 'replace', 'enter', 'paste', 'drag-delete', 'undo-redo'];

interface Participant extends SignedInPage {
  label: string;
  sockets: number;
}

interface Typed {
  label: string;
  text: string;
  kind: GestureKind;
}

describe('several participants typing on the same words at once', () => {
  const refusals = serverRefusals();

  it(`keeps every delegation's words whole and in its own amendment (seed ${seed}, ${rounds} rounds)`, async () => {
    console.log(`typing-together seed: ${seed} (ACCORD_E2E_SEED=${seed} to replay; ACCORD_E2E_ROUNDS=${rounds})`);
    const random = seededRandom(seed);
    const participants: Participant[] = [];
    for (const [role, label] of [['chair', 'Chair'], ['delegation', 'MEX'], ['delegation', 'USA'], ['delegation', 'BRA'], ['delegation', 'JAM']] as const) {
      const signedIn = await openAs(demo.browser, await demo.linkFor(role, role === 'chair' ? undefined : label));
      const participant: Participant = { ...signedIn, label, sockets: 0 };
      signedIn.page.on('pageerror', (error) => console.log(`[${label} page error] ${error.message}`));
      signedIn.page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') console.log(`[${label} console] ${message.text()}`);
      });
      signedIn.page.on('websocket', (socket) => {
        if (socket.url().includes('/sync')) participant.sockets++;
      });
      await openResolution(signedIn.page);
      // The Chair proposes too, as "Chair" (editing the base text directly is another matter:
      // an officer's direct edit that meets a delegation's amendment of the same words at the
      // same moment is refused, since only a decision changes another's amendment).
      if (role === 'chair') await signedIn.page.locator('[data-testid="mode-toggle"] button[data-mode="suggesting"]').click();
      await countNotices(signedIn.page);
      participants.push(participant);
    }
    const documentId = new URL(participants[0]!.page.url()).pathname.split('/').pop()!;

    const typed: Typed[] = [];
    const skipped: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const word = random.pick(WORDS);
      const actors = participants.filter(() => random.next() < 0.7);
      await Promise.all(
        actors.map(async (p) => {
          const gesture: Gesture = {
            kind: random.pick(GESTURES),
            word,
            to: random.pick(WORDS),
            phrase: random.pick(PHRASES),
            keyDelay: random.int(30, 150),
          };
          const start = random.int(0, 400);
          await p.page.waitForTimeout(start);
          const noticesBefore = await countNotices(p.page);
          const done = await perform(p.page, gesture, p.label);
          // A refusal the editor explains on the spot (joining paragraphs, an agreed paragraph)
          // is a rule working, not a lost keystroke: its words are not checked.
          const refusedHere = (await countNotices(p.page)) > noticesBefore;
          const text = typedBy(gesture);
          if (done && !refusedHere && text) typed.push({ label: p.label, text, kind: gesture.kind });
          else skipped.push(`${p.label} ${gesture.kind} ${word}${refusedHere ? ' (explained)' : ''}`);
          // Apart from the next gesture, as a person is: Yjs undo groups changes 500 ms apart.
          await p.page.waitForTimeout(600);
        }),
      );
    }
    console.log(`typing-together: ${typed.length} strings typed, ${skipped.length} gestures not made: ${skipped.join('; ')}`);

    // Everyone settles on the server's text, with every change saved.
    const serverSignature = async () => documentSignature(editorDoc(await serverDoc(documentId)));
    await expect
      .poll(async () => {
        const expected = JSON.stringify(await serverSignature());
        for (const p of participants) {
          if ((await p.page.getByTestId('save-status').getAttribute('data-state')) !== 'saved') return 'saving';
          const seen = await pageSignature(p.page);
          if (JSON.stringify(seen) !== expected) return `${p.label} differs:\n${firstDifference(seen, JSON.parse(expected) as TextSignature)}`;
        }
        return 'settled';
      }, SETTLE)
      .toBe('settled');

    const signature = await serverSignature();
    for (const t of typed) expect(standsWhole(signature, t), `${t.label} typed "${t.text}" (${t.kind})\n${render(signature)}`).toBe(true);
    expect(refusals.lines, 'the server refused a legitimate gesture').toEqual([]);
    for (const p of participants) expect(p.sockets, `${p.label} reconnected`).toBe(1);

    // The Chair accepts everything: the agreed text is the clean text of before, in every export.
    const clean = cleanView(editorDoc(await serverDoc(documentId)));
    const chair = participants[0]!.page;
    const status = await chair.evaluate(async (id) => {
      const response = await fetch(`/api/documents/${id}/decisions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'accept', scope: { kind: 'all' } }),
      });
      return response.status;
    }, documentId);
    expect(status).toBe(200);
    const agreed = agreedView(editorDoc(await serverDoc(documentId)));
    expect(render(documentSignature(agreed))).toEqual(render(documentSignature(clean)));
    for (const format of ['md', 'html', 'docx'] as const) {
      const exported = await chair.evaluate(async ({ id, format }) => {
        const response = await fetch(`/api/documents/${id}/export?format=${format}&variant=agreed`);
        return [...new Uint8Array(await response.arrayBuffer())];
      }, { id: documentId, format });
      const record = (await demo.server.store.getDocument(documentId))!;
      const meta = { title: record.title, symbol: record.symbol, generatedAt: new Date() };
      const expected = await exportDocument(clean, { format, variant: 'agreed', meta, supporters: new Map(), adReferendumDates: new Map() });
      expect(await exportedParagraphs(format, Uint8Array.from(exported)), format).toEqual(await exportedParagraphs(format, expected.body));
    }
    for (const p of participants) await p.context.close();
  }, 120_000 + rounds * 30_000);
});

async function serverDoc(documentId: string) {
  const room = await demo.server.registry.hold(documentId);
  try {
    const { Doc, applyUpdate, encodeStateAsUpdate } = await import('yjs');
    const copy = new Doc();
    applyUpdate(copy, encodeStateAsUpdate(room.doc));
    return copy;
  } finally {
    await demo.server.registry.release(room, true);
  }
}

/** Whether a typed string stands whole, in order, in one amendment of its typist. */
function standsWhole(signature: TextSignature, t: Typed): boolean {
  return insertionIdsOf(signature, t.label).some((id) => insertedBy(signature, id).some((text) => text.includes(t.text)));
}

function firstDifference(seen: TextSignature, expected: TextSignature): string {
  const a = render(seen).split('\n');
  const b = render(expected).split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  return `block ${i}: page   ${a[i] ?? '(none)'}\n         server ${b[i] ?? '(none)'}`;
}

function render(signature: TextSignature): string {
  return signature.map(({ runs }) => runs.map((r) => (r.marks.length ? `{${r.marks.join(',')} ${r.text}}` : r.text)).join('')).join('\n');
}

/** How many times the editor has explained a refused edit, counted by the page itself. */
function countNotices(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { __accordNotices?: number; __accordNoticeWatch?: MutationObserver };
    if (!w.__accordNoticeWatch) {
      w.__accordNotices = 0;
      w.__accordNoticeWatch = new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLElement && n.matches('[data-testid="suggest-notice"]')) w.__accordNotices!++;
      });
      w.__accordNoticeWatch.observe(document.body, { childList: true, subtree: true });
    }
    return w.__accordNotices ?? 0;
  });
}
