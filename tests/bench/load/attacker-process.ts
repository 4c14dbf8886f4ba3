import WebSocket from 'ws';
import { z } from 'zod';
import { DocumentConnection, type ConnectionSnapshot } from '../../../client/sync/document-connection.ts';
import * as Y from 'yjs';
import type { Participant } from '../../../shared/participants.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { signIn } from './clients.ts';

/**
 * One delegation attacking its own room as hard as the server lets it (attack-run.ts): in a
 * closed loop, each change sent as soon as the last one's verdict is in, each the dearest a
 * delegation may propose — one amendment of many insertions spread over a whole paragraph
 * (each a run with marks of its own), a different paragraph each time. A refusal reloads the
 * document, as the app does, and the attack goes on. The harness pauses and resumes it (the
 * quiet and attacked phases of attack-run.ts) once its first change is sent. A process of its
 * own, so that building the changes does not slow the typists it is measured against.
 */
const setupSchema = z.object({
  httpUrl: z.string(),
  syncUrl: z.string(),
  documentId: z.string(),
  token: z.string(),
  participant: z.object({ id: z.string(), name: z.string(), role: z.literal('delegation'), delegation: z.string() }),
});
const setup = setupSchema.parse(JSON.parse(process.env.ATTACK_SETUP ?? '{}'));
const participant: Participant = setup.participant;
process.on('disconnect', () => process.exit(0));

/** Insertions per change, and the words each inserts. */
const INSERTIONS = 150;
const WORDS = 'costly words ';

const counts = { sent: 0, committed: 0, refused: 0 };
/** Why its changes were refused, and how often. */
const reasons = new Map<string, number>();
let stopping = false;
let paused = false;
/** Wakes the loop when the harness resumes the attack. */
let resumed: () => void = () => undefined;
const commandSchema = z.object({ type: z.enum(['stop', 'pause', 'resume']) });
process.on('message', (raw) => {
  const command = commandSchema.safeParse(raw);
  if (!command.success) return;
  if (command.data.type === 'stop') stopping = true;
  paused = command.data.type === 'pause';
  if (!paused) resumed();
});

function cookieSocket(cookie: string): typeof globalThis.WebSocket {
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as typeof globalThis.WebSocket;
}

function until(connection: DocumentConnection, predicate: (s: ConnectionSnapshot) => boolean): Promise<ConnectionSnapshot> {
  if (predicate(connection.state) || stopping) return Promise.resolve(connection.state);
  return new Promise((resolve) => {
    let stop = (): void => undefined;
    let settled = false;
    const done = (s: ConnectionSnapshot) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      stop();
      resolve(s);
    };
    const poll = setInterval(() => stopping && done(connection.state), 50);
    stop = connection.subscribe((s) => {
      if (predicate(s)) done(s);
    });
  });
}

/**
 * One new amendment of `INSERTIONS` insertions spread over a paragraph, in one transaction (one
 * update), written as the editor writes an amendment's words (each run carrying the amendment's
 * mark) but without the editor's conversion of the whole document, which held the attacker to a
 * few changes a second: what limits it now is the server.
 */
function costlyAmendment(doc: Y.Doc, index: number): void {
  const block = doc.getXmlFragment(TEXT_FIELD).get(index);
  if (!(block instanceof Y.XmlElement) || block.getAttribute('status') === 'agreed' || !(block.get(0) instanceof Y.XmlText)) throw new Error('not an open paragraph of text');
  const text = block.get(0) as Y.XmlText;
  if (text.length < 4) throw new Error('too short');
  const tag = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const mark = { id: `${participant.delegation}:${tag}`, delegation: participant.delegation, author: participant.id, at: new Date().toISOString() };
  const attributes = { [`insertion--${tag}`]: mark };
  const step = Math.max(2, Math.floor(text.length / INSERTIONS));
  for (let i = 0, at = text.length - 1; i < INSERTIONS && at > 0; i++, at -= step) text.insert(at, WORDS, attributes);
}

const cookie = await signIn({ httpUrl: setup.httpUrl } as Parameters<typeof signIn>[0], setup.token);
const connection = new DocumentConnection({ syncUrl: setup.syncUrl, documentId: setup.documentId, WebSocketClass: cookieSocket(cookie) });
let paragraph = 0;
let announced = false;
while (!stopping) {
  if (paused) {
    await new Promise<void>((resolve) => (resumed = resolve));
    continue;
  }
  await until(connection, (s) => s.link === 'connected' && s.save === 'saved');
  if (stopping) break;
  const { generation } = connection.state;
  const doc = connection.doc;
  const index = paragraph++ % doc.getXmlFragment(TEXT_FIELD).length;
  try {
    doc.transact(() => costlyAmendment(doc, index));
  } catch (error) {
    // A paragraph the suggestion rules will not touch (settled, say): the next one, after a
    // turn of the event loop (a run of such paragraphs must not starve it).
    await new Promise((r) => setImmediate(r));
    continue;
  }
  counts.sent++;
  if (!announced) {
    announced = true;
    process.send?.({ type: 'attacking' });
  }
  const after = await until(connection, (s) => s.save === 'saved' || s.generation !== generation);
  if (after.generation === generation && after.refusal === null) counts.committed++;
  else if (after.refusal !== null) reasons.set(after.refusal, (reasons.get(after.refusal) ?? 0) + 1);
}
// Each refusal reloads the document once: a new generation.
counts.refused = connection.state.generation;
process.send?.({ type: 'report', ...counts, reasons: Object.fromEntries(reasons) }, () => {
  connection.destroy();
  process.exit(0);
});
