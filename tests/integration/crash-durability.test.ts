import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocumentConnection } from '../../client/sync/document-connection.ts';
import { TEXT_FIELD } from '../../shared/schema.ts';
import { issueInvitation } from '../../server/auth/invitations.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { restoreDocument } from '../../server/sync/document-state.ts';
import { blockStart, editorDoc, propose } from '../support/editing.ts';
import { connect, eventually, me, signInWithToken, until } from '../support/server.ts';
import type { RunningServer } from '../../server/server.ts';

/**
 * Acknowledged means committed: the server process is killed (SIGKILL) at random moments while
 * several clients write; after each restart the clients reconnect on their own, and every
 * change the server had confirmed before it died must be there in the end, in every replica
 * and in the store. Compaction runs every few updates so kills also land around it.
 */
const ROUNDS = Number(process.env.ACCORD_CRASH_ROUNDS ?? 5);
const root = mkdtempSync(join(tmpdir(), 'accord-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function startProcess(port: number, dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ACCORD_COMPACT_EVERY: '7' },
    stdio: 'ignore',
  });
}

/**
 * Waits until the server answers. Starting it takes seconds on a loaded machine (it was 13 s
 * here, past the 20 s limit this had before): no clock of its own, but fails at once if the
 * process dies before it answers.
 */
async function healthy(url: string, child: ChildProcess): Promise<void> {
  await eventually(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it answered`);
      return fetch(`${url}/api/health`).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    Number.POSITIVE_INFINITY,
  );
}

interface Writer {
  connection: DocumentConnection;
  /** token → the local change count once it was made */
  tokens: Map<string, number>;
  acknowledged: Set<string>;
}

describe('crashing the server', () => {
  it(`loses nothing it acknowledged, over ${ROUNDS} kills at random moments`, async () => {
    const dataDir = join(root, 'data');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = startProcess(port, dataDir);
    await healthy(url, child);

    // Sign in through links made in the store, as the CLI would.
    const store = new SqliteStore(join(dataDir, 'accord.sqlite'));
    const participants = await store.listParticipants();
    const documentId = (await store.listDocuments()).find((d) => d.kind === 'resolution')!.id;
    const link = async (match: (p: (typeof participants)[number]) => boolean) => (await issueInvitation(store, participants.find(match)!.id, url)).token;
    const server = { url } as RunningServer;
    const cookies = [
      await signInWithToken(server, await link((p) => p.role === 'secretariat')),
      await signInWithToken(server, await link((p) => p.role === 'chair')),
      await signInWithToken(server, await link((p) => p.delegation === 'MEX')),
    ];
    await store.close();
    const mexico = await me(server, cookies[2]!);

    const writers: Writer[] = cookies.map((cookie) => ({ connection: connect(server, cookie, documentId), tokens: new Map(), acknowledged: new Set() }));
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.link === 'connected')));
    let writing = true;
    let sequence = 0;
    const write = async (w: Writer, index: number) => {
      while (writing) {
        const token = `<${index}.${++sequence}>`;
        const block = 3 + index;
        // Between a reload and its first sync the copy is empty: wait for the text.
        if (w.connection.doc.getXmlFragment(TEXT_FIELD).length <= block) {
          await eventually(() => w.connection.doc.getXmlFragment(TEXT_FIELD).length > block || !writing, (ready) => ready, 60_000);
          continue;
        }
        if (index === 2) propose(w.connection.doc, mexico, (tr) => tr.insertText(token, blockStart(editorDoc(w.connection.doc), block) + 3));
        else ((w.connection.doc.getXmlFragment(TEXT_FIELD).get(block) as Y.XmlElement).get(0) as Y.XmlText).insert(0, token);
        w.tokens.set(token, w.connection.changes.made);
        // Pacing, not a wait: keeps each writer under the server's 60 messages a second.
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 25));
      }
    };
    const writing$ = writers.map((w, i) => write(w, i));
    /** The writers' changes the server has confirmed so far. */
    const confirmed = () => writers.reduce((n, w) => n + [...w.tokens.values()].filter((made) => made <= w.connection.changes.committed).length, 0);

    for (let round = 0; round < ROUNDS; round++) {
      // Killed once the server has confirmed a random number of further changes: a moment set
      // by the work done, not by the clock, so a slow machine dies as far into it as a fast one.
      const target = confirmed() + 1 + Math.floor(Math.random() * 40);
      await eventually(confirmed, (n) => n >= target, 60_000);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      // Whatever was confirmed before the kill had been committed.
      for (const w of writers) for (const [token, made] of w.tokens) if (made <= w.connection.changes.committed) w.acknowledged.add(token);
      child = startProcess(port, dataDir);
      await healthy(url, child);
    }
    writing = false;
    await Promise.all(writing$);
    await Promise.all(writers.map((w) => until(w.connection, (s) => s.link === 'connected' && s.save === 'saved', 20_000)));

    const text = (doc: Y.Doc) => editorDoc(doc).textContent;
    const serverView = connect(server, cookies[0]!, documentId);
    await until(serverView, (s) => s.link === 'connected');
    // Read once: the writers' thousands of tokens are each looked up in it.
    const served = text(serverView.doc);
    for (const w of writers) {
      expect(w.connection.state.refusal).toBeNull();
      for (const token of w.acknowledged) expect(served).toContain(token);
      expect(editorDoc(w.connection.doc).toJSON()).toEqual(editorDoc(serverView.doc).toJSON());
    }
    expect(writers.reduce((n, w) => n + w.acknowledged.size, 0)).toBeGreaterThan(0);
    for (const w of writers) w.connection.destroy();
    serverView.destroy();

    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const reopened = new SqliteStore(join(dataDir, 'accord.sqlite'));
    const stored = text(restoreDocument(await reopened.loadDocumentState(documentId)));
    await reopened.close();
    for (const w of writers) for (const token of w.acknowledged) expect(stored).toContain(token);
  }, 180_000);
});
