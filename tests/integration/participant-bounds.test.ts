import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import type { SyncLimits } from '../../server/sync/limits.ts';
import { CLOSE, MESSAGE_AWARENESS } from '../../shared/protocol.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { closeCode, message, rawSocket } from '../support/raw-socket.ts';
import { api, connect, signIn, signInWithToken, startTestServer, until, type TestServer } from '../support/server.ts';

/**
 * Finding 10 and 11 of issue 13: what one participant may cost the server. Each attack goes
 * through the real protocol (a real y-websocket client, or a raw socket for what no client
 * would send); each is refused with a reason a person understands, and nothing of it is stored.
 */
const run = promisify(execFile);

const LIMITS: Partial<SyncLimits> = {
  maxFormatsPerUpdate: 40,
  maxFormatsPerParagraph: 100,
  historyBytesPerMinute: 60 * 1024,
  historyBurstBytes: 64 * 1024,
  presencePerSecond: 10,
  presenceBurst: 5,
};

let server: TestServer;
let resolution: string;
const open: DocumentConnection[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer(undefined, { limits: LIMITS });
  resolution = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => server.dispose());

/** A participant of its own (budgets are per participant, so each test gets a fresh one), signed in. */
async function newParticipant(on: TestServer, name: string, role: 'secretariat' | 'delegation' | 'observer' = 'secretariat'): Promise<string> {
  const participant = await on.store.createParticipant({ name, role, delegation: role === 'delegation' ? 'MEX' : null });
  return signInWithToken(on, (await issueInvitation(on.store, participant.id, on.url)).token);
}

async function editor(on: TestServer, cookie: string, documentId: string): Promise<DocumentConnection> {
  const connection = connect(on, cookie, documentId);
  open.push(connection);
  await until(connection, (s) => s.link === 'connected');
  return connection;
}

const paragraphText = (doc: Y.Doc, index: number) => (doc.getXmlFragment(TEXT_FIELD).get(index) as Y.XmlElement).get(0) as Y.XmlText;
const storedState = async (on: TestServer, id: string) => Y.encodeStateVector(restoreDocument(await on.store.loadDocumentState(id)));

/** Inserts `runs` runs of text, every other one bold: two formatting boundaries a bold run. */
function formattedRuns(text: Y.XmlText, runs: number): void {
  text.doc!.transact(() => {
    for (let i = 0; i < runs; i++) text.insert(0, 'ab', i % 2 ? { bold: {} } : {});
  });
}

describe('one participant cannot exhaust the server (finding 10)', () => {
  it('an update merging many fresh Yjs client ids is refused before it is judged', async () => {
    const secretariat = await editor(server, await newParticipant(server, 'Many ids'), resolution);
    const before = await storedState(server, resolution);
    // Sixty one-struct updates, each from a copy of its own, merged into one message.
    const updates = Array.from({ length: 60 }, (_, i) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(secretariat.doc));
      const update = (() => {
        let captured: Uint8Array | null = null;
        copy.on('update', (u: Uint8Array) => (captured = u));
        paragraphText(copy, 2).insert(0, String(i % 10));
        return captured!;
      })();
      copy.destroy();
      return update;
    });
    Y.applyUpdate(secretariat.doc, Y.mergeUpdates(updates));
    expect((await until(secretariat, (s) => s.refusal !== null)).refusal).toMatch(/more copies of the document than it may/);
    expect(await storedState(server, resolution)).toEqual(before);
    expect((await api(server, null, '/api/health')).status).toBe(200);
  });

  it('formatting: too many runs in one update, and in one paragraph over several, are refused', async () => {
    const secretariat = await editor(server, await newParticipant(server, 'Formatter'), resolution);
    formattedRuns(paragraphText(secretariat.doc, 3), 60);
    expect((await until(secretariat, (s) => s.refusal !== null)).refusal).toMatch(/too much formatting at once \(60 marks; at most 40\)/);

    const again = await editor(server, await newParticipant(server, 'Patient formatter'), resolution);
    let refusal: string | null = null;
    for (let round = 0; round < 10 && refusal === null; round++) {
      formattedRuns(paragraphText(again.doc, 4), 36);
      refusal = (await until(again, (s) => s.save === 'saved' || s.refusal !== null)).refusal;
    }
    expect(refusal).toMatch(/this paragraph holds too much formatting to take more .*at most 100/);
    const stored = restoreDocument(await server.store.loadDocumentState(resolution));
    let formats = 0;
    for (let at = paragraphText(stored, 4)._start; at !== null; at = at.right) if (at.content instanceof Y.ContentFormat) formats++;
    expect(formats).toBeLessThanOrEqual(100);
  });

  it('history: a participant adding more than its allowance in a minute is refused', async () => {
    const secretariat = await editor(server, await newParticipant(server, 'Paster'), resolution);
    paragraphText(secretariat.doc, 5).insert(0, 'p'.repeat(40 * 1024));
    await until(secretariat, (s) => s.save === 'saved');
    const before = await storedState(server, resolution);
    paragraphText(secretariat.doc, 5).insert(0, 'q'.repeat(40 * 1024));
    expect((await until(secretariat, (s) => s.refusal !== null)).refusal).toMatch(/in the last minute than one participant may/);
    expect(await storedState(server, resolution)).toEqual(before);
    // Another participant is not held back by it.
    const other = await editor(server, await newParticipant(server, 'Bystander'), resolution);
    paragraphText(other.doc, 5).insert(0, 'fine ');
    expect((await until(other, (s) => s.save === 'saved' || s.refusal !== null)).refusal).toBeNull();
  });
});

describe('a document\u2019s size and one participant\u2019s share of it are bounded, and the Secretariat sees who used it', () => {
  it('refuses past the limits, says why, and lists the usage by participant', async () => {
    const probe = await startTestServer();
    const documentId = (await probe.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const state = await probe.store.loadDocumentState(documentId);
    const size = state.updates.reduce((n, u) => n + u.update.length, state.snapshot?.length ?? 0);
    await probe.close();
    const bounded = await startTestServer(probe.dataDir, { limits: { maxDocumentBytes: size + 30 * 1024, maxParticipantHistoryBytes: 12 * 1024 } });
    try {
      const first = await editor(bounded, await newParticipant(bounded, 'First'), documentId);
      paragraphText(first.doc, 2).insert(0, 'a'.repeat(10 * 1024));
      await until(first, (s) => s.save === 'saved');
      paragraphText(first.doc, 2).insert(0, 'b'.repeat(4 * 1024));
      expect((await until(first, (s) => s.refusal !== null)).refusal).toMatch(/as much history to this document as one participant may/);

      const second = await editor(bounded, await newParticipant(bounded, 'Second'), documentId);
      paragraphText(second.doc, 2).insert(0, 'c'.repeat(10 * 1024));
      await until(second, (s) => s.save === 'saved');
      const third = await editor(bounded, await newParticipant(bounded, 'Third'), documentId);
      paragraphText(third.doc, 2).insert(0, 'd'.repeat(11 * 1024));
      expect((await until(third, (s) => s.refusal !== null)).refusal).toMatch(/this document has reached the largest size the server keeps/);

      const usage = await api(bounded, await signIn(bounded, { role: 'secretariat' }), `/api/documents/${documentId}/usage`);
      expect(usage.status).toBe(200);
      const body = (await usage.json()) as { sizeBytes: number; maxDocumentBytes: number; participants: { name: string; bytes: number }[] };
      expect(body.maxDocumentBytes).toBe(size + 30 * 1024);
      expect(body.participants.slice(0, 2).map((p) => p.name).sort()).toEqual(['First', 'Second']);
      expect(body.participants[0]!.bytes).toBeGreaterThan(10 * 1024);
      const delegation = await api(bounded, await signIn(bounded, { role: 'delegation', delegation: 'MEX' }), `/api/documents/${documentId}/usage`);
      expect(delegation.status).toBe(403);
      // Whoever runs the server reads the same from the command line.
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'usage', '--document', documentId], { env: { ...process.env, DATA_DIR: bounded.dataDir } });
      expect(stdout).toMatch(/KiB .* First \(secretariat\)/);
      expect(stdout).toMatch(/Second \(secretariat\)/);
    } finally {
      await bounded.dispose();
    }
  });
});

/**
 * A secretariat member's editor on a server whose time budget is `limits`, typing in the
 * resolution's third paragraph; the server is disposed after `test`.
 */
async function withTightBudget(limits: Partial<SyncLimits>, test: (on: { server: TestServer; documentId: string; secretariat: DocumentConnection; text: Y.XmlText }) => Promise<void>): Promise<void> {
  const server = await startTestServer(undefined, { limits });
  try {
    const documentId = (await server.store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const secretariat = await editor(server, await newParticipant(server, 'Costly'), documentId);
    await test({ server, documentId, secretariat, text: paragraphText(secretariat.doc, 2) });
  } finally {
    await server.dispose();
  }
}

describe('the server\u2019s time is bounded per participant', () => {
  it('once a participant has used its time, its next changes are held until it is repaid, then committed in order, not refused', async () => {
    await withTightBudget({ judgingMsPerSecond: 20, judgingBurstMs: 0.001 }, async ({ server, documentId, secretariat, text }) => {
      // Each its own message: the first spends the budget, the others wait their turn.
      for (const letter of 'abcde') text.insert(text.length, letter);
      const state = await until(secretariat, (s) => (s.save === 'saved' && s.link === 'connected') || s.refusal !== null, 60_000);
      expect(state.refusal).toBeNull();
      const stored = restoreDocument(await server.store.loadDocumentState(documentId));
      expect((stored.getXmlFragment(TEXT_FIELD).get(2) as Y.XmlElement).toString()).toMatch(/abcde/);
    });
  });

  it('a participant held for more than a second is told: its editor says it is saving slowly, then saved', async () => {
    // A keystroke's judging (a millisecond or more) owes two seconds or more at this rate.
    await withTightBudget({ judgingMsPerSecond: 0.5, judgingBurstMs: 0.001 }, async ({ secretariat, text }) => {
      for (const letter of 'abc') text.insert(0, letter);
      const paced = await until(secretariat, (s) => s.save === 'paced' || s.refusal !== null, 30_000);
      expect(paced).toMatchObject({ save: 'paced', refusal: null });
      expect(await until(secretariat, (s) => s.save === 'saved' || s.refusal !== null, 60_000)).toMatchObject({ save: 'saved', refusal: null });
    });
  }, 120_000);

  it('a participant that sends on while its changes are held is refused past what may be held', async () => {
    await withTightBudget({ judgingMsPerSecond: 0.001, judgingBurstMs: 0.001, maxHeldBytesPerParticipant: 1_000 }, async ({ secretariat, text }) => {
      for (let i = 0; i < 60; i++) text.insert(0, 'x');
      const { refusal } = await until(secretariat, (s) => s.refusal !== null);
      expect(refusal).toMatch(/taking the server too long to check/);
    });
  });
});

/** Awareness as a raw client sends it: one entry, its own client id. */
function presence(client: number, clock: number, state: unknown): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, message((inner) => {
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, client);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, JSON.stringify(state));
    }));
  });
}

/** Every presence state relayed to a socket, for one client id, in order. */
function relayed(socket: WebSocket, client: number): string[] {
  const states: string[] = [];
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
    const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    for (let n = decoding.readVarUint(inner); n > 0; n--) {
      const id = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      const state = decoding.readVarString(inner);
      if (id === client) states.push(state);
    }
  });
  return states;
}

const caret = (clock: number) => {
  const at = { type: { client: 1, clock }, tname: null, item: null, assoc: 0 };
  return { anchor: at, head: at };
};

describe('presence is checked and paced (finding 11)', () => {
  it('a malformed caret closes the sender and reaches nobody', async () => {
    const watcher = await rawSocket(server, await newParticipant(server, 'Watcher', 'observer'), resolution);
    sockets.push(watcher);
    const seen = relayed(watcher, 4242);
    const sender = await rawSocket(server, await newParticipant(server, 'Bad caret', 'delegation'), resolution);
    sockets.push(sender);
    const closed = closeCode(sender);
    sender.send(presence(4242, 1, { cursor: { anchor: 5, head: 'here' } }));
    expect(await closed).toBe(CLOSE.malformedMessage);
    // The watcher's own round trip: anything relayed before it has arrived.
    const answered = relayed(watcher, 4343);
    const own = await newParticipant(server, 'Watcher again', 'observer');
    const echo = await rawSocket(server, own, resolution);
    sockets.push(echo);
    echo.send(presence(4343, 1, { cursor: null }));
    await expect.poll(() => answered.length).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });

  it('fields beyond the caret are dropped, and a fast sender is paced: only its latest state is relayed late', async () => {
    const watcher = await rawSocket(server, await newParticipant(server, 'Pace watcher', 'observer'), resolution);
    sockets.push(watcher);
    const seen = relayed(watcher, 5151);
    const sender = await rawSocket(server, await newParticipant(server, 'Fast caret', 'delegation'), resolution);
    sockets.push(sender);
    sender.send(presence(5151, 1, { cursor: caret(1), junk: 'j'.repeat(1500), user: { name: 'The Chair' } }));
    await expect.poll(() => seen.length).toBe(1);
    const first = JSON.parse(seen[0]!) as Record<string, unknown>;
    expect(Object.keys(first).sort()).toEqual(['cursor', 'user']);
    expect(first.user).toMatchObject({ name: 'Fast caret', role: 'delegation' });

    const started = performance.now();
    for (let clock = 2; clock <= 100; clock++) sender.send(presence(5151, clock, { cursor: caret(clock) }));
    await expect.poll(() => JSON.parse(seen.at(-1)!) as { cursor: unknown }, { timeout: 10_000 }).toMatchObject({ cursor: caret(100) });
    const seconds = (performance.now() - started) / 1000;
    // The burst, the rate over the time it took, and the held latest: far fewer than the 99 sent.
    expect(seen.length - 1).toBeLessThanOrEqual(LIMITS.presenceBurst! + Math.ceil(seconds * LIMITS.presencePerSecond!) + 1);
  });
});
