import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { percentile, sortedCopy } from '../stats.ts';
import { closeClient, docWith, newTrouble, openClient, signInAll, type LoadClient } from './clients.ts';
import { watchProcess } from './process-stats.ts';
import { startBenchServer, type ServerKind } from './servers.ts';

export interface JoinResult {
  server: ServerKind;
  clients: number;
  /** From a client's socket opening to the whole document received, in ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** What one client then spends applying the document (measured once, in this process). */
  applyMs: number;
  serverCpuMs: number;
  peakRssMb: number;
  closes: Record<string, number>;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Workload 4: `count` clients join at once a room that is already open (one participant is in
 * it, so each server has the document in memory). Join time is measured to the arrival of the
 * document; see `ClientOptions.deferApply` for why it is not applied here, and `applyMs` for
 * what applying it adds on the client's own machine.
 */
export async function runJoin(kind: ServerKind, count: number, fixtureFile: string, fixture: Uint8Array): Promise<JoinResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const server = await startBenchServer(kind, { fixtureFile, typists: 0, readers: count + 1, dataDir, loggedUpdates: 0 });
  const trouble = newTrouble();
  const clients: LoadClient[] = [];
  try {
    const cookies = kind === 'accord' ? await signInAll(server) : [];
    // The first participant brings the document (to the peers, which store nothing) and stays.
    const first = openClient(server, docWith(fixture), { cookie: cookies[0], trouble });
    clients.push(first);
    await first.synced;
    await settle(1000);
    const watch = watchProcess(server.pid);
    const joins = Array.from({ length: count }, (_, i) => {
      const opened = performance.now();
      const client = openClient(server, new Y.Doc(), { cookie: cookies[i + 1], trouble, deferApply: true });
      clients.push(client);
      return client.synced.then((at) => at - opened);
    });
    const times = sortedCopy(await Promise.all(joins));
    await settle(200);
    const stats = watch.stop();
    return {
      server: kind,
      clients: count,
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      p99: percentile(times, 0.99),
      max: times.at(-1) ?? Number.NaN,
      applyMs: applyCost(fixture),
      serverCpuMs: stats.cpuMs,
      peakRssMb: stats.peakRssBytes / 1e6,
      closes: Object.fromEntries([...trouble.closes].map(([code, n]) => [String(code), n])),
    };
  } finally {
    for (const client of clients) closeClient(client);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function applyCost(fixture: Uint8Array): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    docWith(fixture).destroy();
    times.push(performance.now() - start);
  }
  return percentile(sortedCopy(times), 0.5);
}

export interface ColdLoadResult {
  /** The first load after the server process started (code not yet optimised). */
  firstMs: number;
  /** Later loads of the unloaded document, each from the store: median and worst. */
  p50: number;
  max: number;
  /** The same, timed inside the server: reading the rows, and rebuilding the Y.Doc from them. */
  readMs: number;
  restoreMs: number;
  loggedUpdates: number;
  loads: number;
}

/**
 * Workload 5 (Accord only; the peers run without persistence): the document is stored as a
 * snapshot plus a session's keystrokes after it, and a participant opens it when it is not in
 * memory. Measured from the socket opening to the document received, `loads` times; between
 * loads the participant leaves and the room is unloaded.
 */
export async function runColdLoad(fixtureFile: string, loads: number, loggedUpdates: number): Promise<ColdLoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const server = await startBenchServer('accord', { fixtureFile, typists: 0, readers: 1, dataDir, loggedUpdates });
  const trouble = newTrouble();
  try {
    const [cookie] = await signInAll(server);
    const times: number[] = [];
    for (let i = 0; i < loads; i++) {
      const opened = performance.now();
      const client = openClient(server, new Y.Doc(), { cookie, trouble, deferApply: true });
      times.push((await client.synced) - opened);
      closeClient(client);
      while ((await server.ask({ type: 'loaded?' }, 'loaded')).value) await settle(10);
    }
    const timing = await server.ask({ type: 'load-timing', times: Math.max(3, loads) }, 'load-timing');
    const later = sortedCopy(times.slice(1));
    return {
      firstMs: times[0] ?? Number.NaN,
      p50: percentile(later, 0.5),
      max: later.at(-1) ?? Number.NaN,
      readMs: percentile(sortedCopy(timing.readMs), 0.5),
      restoreMs: percentile(sortedCopy(timing.restoreMs), 0.5),
      loggedUpdates,
      loads,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
