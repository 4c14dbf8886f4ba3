import { randomBytes } from 'node:crypto';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ClusterMessage, DocumentMessage } from '../../server/cluster/bus-message.ts';
import { Bus } from '../../server/cluster/bus.ts';

/**
 * The bus between Accord processes on a real Redis (127.0.0.1:6379; `.ci/run` starts it). Each
 * test's buses share a channel prefix of their own, so tests running at once do not hear each
 * other. Without Redis this file fails, saying how to start it: it is never skipped.
 */
const REDIS_URL = process.env.ACCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

try {
  await (await Bus.connect({ url: REDIS_URL, node: 'probe' })).close();
} catch (error) {
  throw new Error(
    `${error instanceof Error ? error.message : String(error)}. These tests need a real Redis: start it with ` +
      '`redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no` (.ci/run does), or point ACCORD_TEST_REDIS_URL at one.',
  );
}

const open: Bus[] = [];
afterAll(() => Promise.all(open.map((b) => b.close())));

/** Buses for two processes (and a log of what each dropped), on a prefix of their own. */
async function twoNodes(): Promise<{ a: Bus; b: Bus; logs: { a: string[]; b: string[] }; prefix: string }> {
  const prefix = `accord-test-${randomBytes(6).toString('hex')}`;
  const logs = { a: [] as string[], b: [] as string[] };
  const [a, b] = await Promise.all([
    Bus.connect({ url: REDIS_URL, node: 'node-a', prefix, log: (line) => logs.a.push(line) }),
    Bus.connect({ url: REDIS_URL, node: 'node-b', prefix, log: (line) => logs.b.push(line) }),
  ]);
  open.push(a, b);
  return { a, b, logs, prefix };
}

/** Collects what a subscription hears; `next()` waits for the next one (and fails after a while). */
function inbox<T>(): { hear: (m: T) => void; heard: T[]; next(): Promise<T> } {
  const heard: T[] = [];
  let waiting: ((m: T) => void) | null = null;
  return {
    heard,
    hear(m) {
      heard.push(m);
      waiting?.(m);
    },
    next() {
      const count = heard.length;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('nothing heard within 5 s')), 5_000);
        waiting = (m) => {
          if (heard.length <= count) return;
          clearTimeout(timer);
          waiting = null;
          resolve(m);
        };
      });
    },
  };
}

describe('the bus between processes', () => {
  it('carries a document message to the other process with its bytes intact, a Yjs update included', async () => {
    const { a, b } = await twoNodes();
    const documentId = 'd-1f0c';
    const atB = inbox<DocumentMessage>();
    await b.subscribeDocument(documentId, atB.hear);

    // Every byte value, and sequences that are not UTF-8: nothing may be decoded as text.
    const raw = new Uint8Array([0, 255, 0xc3, 0x28, 0xed, 0xa0, 0x80, ...Array.from({ length: 256 }, (_, i) => i)]);
    let arrived = atB.next();
    expect(await a.publishToDocument(documentId, 'relay', raw)).toBe(1);
    expect(await arrived).toEqual({ kind: 'relay', documentId, from: 'node-a', payload: raw });

    const source = new Y.Doc();
    source.getText('t').insert(0, 'to promote [transnational]MEX cooperation ✓');
    arrived = atB.next();
    await a.publishToDocument(documentId, 'update', Y.encodeStateAsUpdate(source));
    const replica = new Y.Doc();
    Y.applyUpdate(replica, (await arrived).payload);
    expect(replica.getText('t').toString()).toBe('to promote [transnational]MEX cooperation ✓');

    const empty = new Uint8Array(0);
    arrived = atB.next();
    await a.publishToDocument(documentId, 'notice', empty);
    expect((await arrived).payload).toEqual(empty);
  });

  it('carries cluster messages to every other process, and a process does not hear itself', async () => {
    const { a, b } = await twoNodes();
    const [atA, atB] = [inbox<ClusterMessage>(), inbox<ClusterMessage>()];
    await a.subscribeCluster(atA.hear);
    await b.subscribeCluster(atB.hear);
    const revoked = new TextEncoder().encode(JSON.stringify({ participantId: 'p-mex' }));
    const arrived = atB.next();
    // Both connections listen; only the other process's listener hears it.
    expect(await a.publishToCluster('revoked', revoked)).toBe(2);
    expect(await arrived).toEqual({ kind: 'revoked', documentId: null, from: 'node-a', payload: revoked });

    const back = atA.next();
    await b.publishToCluster('authority', new Uint8Array([7]), 'd-9');
    expect(await back).toEqual({ kind: 'authority', documentId: 'd-9', from: 'node-b', payload: new Uint8Array([7]) });
    expect(atA.heard).toHaveLength(1);
    expect(atB.heard).toHaveLength(1);
  });

  it('keeps documents apart: a process hears only the documents it listens to', async () => {
    const { a, b } = await twoNodes();
    const atB = inbox<DocumentMessage>();
    await b.subscribeDocument('d-listened', atB.hear);
    expect(await a.publishToDocument('d-other', 'update', new Uint8Array([1]))).toBe(0);
    const arrived = atB.next();
    await a.publishToDocument('d-listened', 'update', new Uint8Array([2]));
    expect((await arrived).payload).toEqual(new Uint8Array([2]));
    expect(atB.heard).toHaveLength(1);
  });

  it('drops malformed messages with a log line, and goes on delivering the next', async () => {
    const { b, logs, prefix } = await twoNodes();
    const documentId = 'd-2';
    const atB = inbox<DocumentMessage>();
    await b.subscribeDocument(documentId, atB.hear);
    const atCluster = inbox<ClusterMessage>();
    await b.subscribeCluster(atCluster.hear);

    const intruder = createClient({ url: REDIS_URL });
    await intruder.connect();
    const frame = (header: unknown, payload = new Uint8Array([1])) => {
      const json = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(json.byteLength);
      return Buffer.concat([length, json, payload]);
    };
    const channel = `${prefix}:doc:${documentId}`;
    const good = { v: 1, kind: 'update', documentId, from: 'node-x' };
    await intruder.publish(channel, Buffer.from([1, 2]));
    await intruder.publish(channel, Buffer.from('not a frame at all'));
    await intruder.publish(channel, Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('{oops')]));
    await intruder.publish(channel, frame({ ...good, kind: 'delete-everything' }));
    await intruder.publish(channel, frame({ ...good, documentId: 'd-elsewhere' }));
    await intruder.publish(channel, frame({ ...good, from: 'node x; DROP' }));
    await intruder.publish(channel, frame({ ...good, extra: true }));
    await intruder.publish(`${prefix}:cluster`, frame({ v: 1, kind: 'update', documentId: null, from: 'node-x' }));
    const arrived = atB.next();
    await intruder.publish(channel, frame(good, new Uint8Array([42])));
    await intruder.close();

    // Redis delivers in order: by the time the good one arrived, the bad ones were read.
    expect(await arrived).toEqual({ kind: 'update', documentId, from: 'node-x', payload: new Uint8Array([42]) });
    expect(atB.heard).toHaveLength(1);
    expect(atCluster.heard).toHaveLength(0);
    expect(logs.b).toHaveLength(8);
    for (const line of logs.b) expect(line).toMatch(new RegExp(`^\\[bus\\] dropped a malformed message on ${prefix}:(doc:${documentId}|cluster): .+`));
    expect(logs.b.join('\n')).toMatch(/kind/);
    expect(logs.b.join('\n')).toMatch(/about document d-elsewhere/);
    expect(logs.a).toEqual([]);
  });

  it('stops delivering to a listener once unsubscribed; other listeners on the channel keep hearing', async () => {
    const { a, b } = await twoNodes();
    const documentId = 'd-3';
    const [first, second] = [inbox<DocumentMessage>(), inbox<DocumentMessage>()];
    const stopFirst = await b.subscribeDocument(documentId, first.hear);
    const stopSecond = await b.subscribeDocument(documentId, second.hear);

    let arrived = second.next();
    await a.publishToDocument(documentId, 'awareness', new Uint8Array([1]));
    await arrived;
    expect(first.heard).toHaveLength(1);

    await stopFirst();
    arrived = second.next();
    await a.publishToDocument(documentId, 'awareness', new Uint8Array([2]));
    expect((await arrived).payload).toEqual(new Uint8Array([2]));
    expect(first.heard).toHaveLength(1);

    await stopSecond();
    // Redis counts who listens: nobody does any more.
    expect(await a.publishToDocument(documentId, 'awareness', new Uint8Array([3]))).toBe(0);
    expect(second.heard).toHaveLength(2);
  });

  it('refuses to start without Redis, naming where it looked', async () => {
    await expect(Bus.connect({ url: 'redis://127.0.0.1:1', node: 'node-a' })).rejects.toThrow(/^Redis is not reachable at redis:\/\/127\.0\.0\.1:1/);
  });

  it('refuses names that would make another channel, and payloads past the limit', async () => {
    const { a } = await twoNodes();
    await expect(a.publishToDocument('d-1:*', 'update', new Uint8Array([1]))).rejects.toThrow(/letters, digits/);
    await expect(Bus.connect({ url: REDIS_URL, node: 'node a' })).rejects.toThrow(/letters, digits/);
    await expect(a.publishToDocument('d-1', 'update', new Uint8Array(32 * 1024 * 1024 + 1))).rejects.toThrow(/at most/);
  });
});
