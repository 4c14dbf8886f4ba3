import * as Y from 'yjs';
import { restoreDocument } from '../../../server/sync/document-state.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { percentile, sortedCopy } from '../stats.ts';
import { clientAddress, closeClient, docWith, newTrouble, openClient, signInAll, type LoadClient } from './clients.ts';
import { startAccordCluster } from './cluster-server.ts';
import { Typist } from './keystrokes.ts';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `test` (checked every 10 ms), failing after `timeoutMs` with `what`. */
async function waitUntil(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await settle(10);
  }
}

export interface FailoverResult {
  processes: number;
  /** SIGKILL of the document's authority → the first change committed by the next one, seen by the typist, ms. */
  ms: number;
  /** The typist's changes committed before the kill and in all. */
  committedBefore: number;
  committed: number;
  refused: number;
}

/**
 * The authority killed while a delegate types (issue 15): `processes` Accord processes on
 * PostgreSQL; a reader opens the document on the first (which becomes its authority), a
 * delegate on another process types 10 keystrokes a second; once its changes are being committed,
 * the authority is killed with SIGKILL. Measured, as the failover test does, from the kill to the
 * first verdict `committed` the typist receives afterwards: the next authority has taken the
 * lease, loaded the document from PostgreSQL and committed a change (the typist's process keeps
 * its socket, and resends what was not confirmed).
 */
export async function runFailover(processes: number, fixtureFile: string, fixture: Uint8Array): Promise<FailoverResult> {
  if (processes < 2) throw new Error('a failover needs two processes or more');
  const cluster = await startAccordCluster(processes, { fixtureFile, typists: 1, readers: 1, loggedUpdates: 0 });
  const trouble = newTrouble();
  const clients: LoadClient[] = [];
  let typing: NodeJS.Timeout | null = null;
  try {
    const [typistCookie, readerCookie] = await signInAll(cluster);
    const reader = openClient(clientAddress(cluster, 0), docWith(fixture), { cookie: readerCookie, trouble });
    clients.push(reader);
    await reader.synced;
    const leader = await cluster.authority(10_000);
    if (leader < 0) throw new Error('no process took the document\u2019s lease');
    let committed = 0;
    const typist = openClient(clientAddress(cluster, leader + 1), docWith(fixture), { cookie: typistCookie, trouble, onVerdict: (outcome) => outcome === 'committed' && committed++ });
    clients.push(typist);
    await typist.synced;
    const keys = new Typist(typist.doc, cluster.participants[0]!.participant, 7 % typist.doc.getXmlFragment(TEXT_FIELD).length);
    keys.open();
    typing = setInterval(() => keys.type(), 100);
    await waitUntil(() => committed >= 10, 30_000, 'the typist\u2019s changes committed before the kill');
    await cluster.kill(leader);
    const killedAt = performance.now();
    // The reader's process is gone: it would only try to reconnect to it.
    closeClient(clients.shift()!);
    const before = committed;
    await waitUntil(() => committed > before, 60_000, 'a change committed by the next authority');
    const ms = performance.now() - killedAt;
    if ((await cluster.authority(5_000)) === leader) throw new Error('the killed process still holds the lease');
    return { processes, ms, committedBefore: before, committed, refused: trouble.refused + trouble.resyncs };
  } finally {
    if (typing) clearInterval(typing);
    for (const client of clients) closeClient(client);
    await cluster.stop();
  }
}

export interface ClusterColdLoadResult {
  /** Each load, socket open → document received, ms: each on a process that never had the document. */
  times: number[];
  p50: number;
  max: number;
  /** The two halves of a load from PostgreSQL, timed in the harness (warm) over its own connection: reading the rows, rebuilding the Y.Doc. */
  readMs: number;
  restoreMs: number;
  loggedUpdates: number;
}

/**
 * Cold load from PostgreSQL (issue 15, beside workload 5): the document stored as a snapshot plus
 * a session's keystrokes, opened on a process that never had it and that nobody else leads, so it
 * loads from PostgreSQL. `loads` processes are started together; each in turn is asked for the
 * document once, and the next waits until the one before has let its lease go.
 */
export async function runClusterColdLoad(loads: number, fixtureFile: string, loggedUpdates: number): Promise<ClusterColdLoadResult> {
  const cluster = await startAccordCluster(loads, { fixtureFile, typists: 0, readers: 1, loggedUpdates });
  const trouble = newTrouble();
  try {
    const [cookie] = await signInAll(cluster);
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      const opened = performance.now();
      const client = openClient(clientAddress(cluster, i), new Y.Doc(), { cookie, trouble, deferApply: true });
      times.push((await client.synced) - opened);
      closeClient(client);
      const until = performance.now() + 30_000;
      while ((await cluster.authority()) >= 0) {
        if (performance.now() > until) throw new Error('the document\u2019s lease was not let go once its last client left');
        await settle(20);
      }
    }
    const readMs: number[] = [];
    const restoreMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const stored = await cluster.store.loadDocumentState(cluster.documentId);
      const t1 = performance.now();
      restoreDocument(stored).destroy();
      readMs.push(t1 - t0);
      restoreMs.push(performance.now() - t1);
    }
    const sorted = sortedCopy(times);
    const mid = (values: number[]) => percentile(sortedCopy(values), 0.5);
    return { times, p50: percentile(sorted, 0.5), max: sorted.at(-1) ?? Number.NaN, readMs: mid(readMs), restoreMs: mid(restoreMs), loggedUpdates };
  } finally {
    await cluster.stop();
  }
}
