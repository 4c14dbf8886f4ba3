import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Participant } from '../../../shared/participants.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { delegate } from '../fixtures.ts';
import { percentile, sortedCopy } from '../stats.ts';
import { clientAddress, closeClient, docWith, newTrouble, openClient, signInAll, type LoadClient } from './clients.ts';
import { watchHarness } from './harness-watch.ts';
import { LatencyRecorder, sharedClockMs } from './latency.ts';
import type { ServerSetup } from './ipc.ts';
import { sampleProcess, watchProcesses } from './process-stats.ts';
import { startReaders, type ReaderPool } from './readers.ts';
import { startBenchServer, type BenchServer, type ClusterCosts, type ServerKind } from './servers.ts';
import { Typist } from './keystrokes.ts';

export interface TypingWorkload {
  clients: number;
  typists: number;
  /** Measured typing time. */
  seconds: number;
  /** Keystrokes per second per typist. */
  rate: number;
}

export interface TypingResult {
  server: ServerKind;
  keystrokes: number;
  delivery: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  cpuMsPerKeystroke: number;
  serverCpuShare: number;
  peakRssMb: number;
  /**
   * The busiest harness process's CPU share (main or reader): near 1.0 means the harness, not
   * the server, set the pace. The processes share the machine with the server, so compare
   * `harnessCpuTotal` with the cores left to them as well.
   */
  clientCpuShare: number;
  /** All harness processes' CPU shares added up. */
  harnessCpuTotal: number;
  /** Each harness process's load over the measured window. */
  harness: HarnessProcessLoad[];
  /** How late the typists (main process) sent against their schedule, p99, ms. */
  sendLagP99: number;
  /**
   * The harness processes' own pauses, each the worst over the processes: garbage collection
   * (a process's total, and the longest pause) and event-loop delay p99, ms.
   */
  clientGcMs: number;
  clientGcMaxMs: number;
  clientLoopDelayP99: number;
  refused: number;
  resyncs: number;
  closes: Record<string, number>;
  profileFile?: string;
  /** Accord on several processes: where the CPU went (each process, Redis, PostgreSQL). */
  cluster?: ClusterCosts;
  /** Soak only: the server's resident memory over the run (seconds since start, MB). */
  memory?: { atS: number; rssMb: number }[];
  /** With `Phases`: the keystrokes sent in each phase, apart. */
  phases?: PhaseLatency[];
}

/**
 * The measured window cut into phases (workload 7: the attacker on and off in turn), so that
 * what changes between them is compared on the same server, moments apart.
 */
export interface Phases {
  count: number;
  /** The phase of a keystroke sent `elapsedMs` into the window, or null for none (it counts only in the whole). */
  of(elapsedMs: number): number | null;
  /** Called as the window starts. */
  started(): void;
}

export interface PhaseLatency {
  keystrokes: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RunContext {
  fixtureFile: string;
  fixture: Uint8Array;
  /** Where the server profiles itself (Accord only); no profile when absent. */
  profileFile?: string;
  drainTimeoutMs: number;
  /** Soak: sample the server's resident memory this often during the run. */
  memoryEveryMs?: number;
  /** Starts the server instead of `startBenchServer(kind)`: Accord on several processes (cluster-server.ts). */
  startServer?: (setup: ServerSetup) => Promise<BenchServer>;
}

/** The typing workloads' harness processes: the main one (typists) and the reader processes (receivers). */
export interface HarnessProcessLoad {
  process: 'main' | 'reader';
  pid: number;
  clients: number;
  cpuShare: number;
  gcMs: number;
  gcMaxMs: number;
  loopDelayP99: number;
}

/**
 * Starts a server, connects every client with the document already in hand, opens the typists'
 * amendments. The typists are in this process; the other clients are spread over reader
 * processes (readers.ts), so that no harness process sets the pace of the deliveries.
 */
export async function prepareRoom(kind: ServerKind, workload: Pick<TypingWorkload, 'clients' | 'typists' | 'rate'>, context: RunContext, attack = false) {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const setup: ServerSetup = { fixtureFile: context.fixtureFile, typists: workload.typists, readers: workload.clients - workload.typists, dataDir, loggedUpdates: 0, attack };
  const server = await (context.startServer ? context.startServer(setup) : startBenchServer(kind, setup)).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const trouble = newTrouble();
  const clients: LoadClient[] = [];
  let readers: ReaderPool | null = null;
  const dispose = async () => {
    // Every client before the server, so that none sees it go away and tries to reconnect.
    await readers?.close();
    for (const client of clients) closeClient(client);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const cookies = kind === 'accord' ? await signInAll(server) : [];
    // A few at a time: joining all at once is workload 4's subject, not this one's.
    for (let i = 0; i < workload.typists; i += 25) {
      const batch: LoadClient[] = [];
      for (let j = i; j < Math.min(workload.typists, i + 25); j++) batch.push(openClient(clientAddress(server, j), docWith(context.fixture), { cookie: cookies[j], trouble }));
      await Promise.all(batch.map((c) => c.synced));
      clients.push(...batch);
    }
    // Accord's participants come typists first, so the readers' cookies are the rest.
    readers = await startReaders(server, {
      fixtureFile: context.fixtureFile, clients: workload.clients - workload.typists, cookies: cookies.slice(workload.typists), updatesPerSecond: workload.typists * workload.rate, firstIndex: workload.typists,
    });
    const typists = clients.map((client, i) => {
      const participant: Participant = server.participants[i]?.participant ?? delegate(`T${i}`);
      // Spread over the document, one paragraph each (7 is prime to the paragraph counts used).
      return new Typist(client.doc, participant, (i * 7) % client.doc.getXmlFragment(TEXT_FIELD).length);
    });
    for (const typist of typists) typist.open();
    await new Promise((r) => setTimeout(r, 1000));
    return { server, clients, typists, readers, receivers: workload.clients - 1, trouble, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export async function runTyping(kind: ServerKind, workload: TypingWorkload, context: RunContext): Promise<TypingResult> {
  const room = await prepareRoom(kind, workload, context);
  try {
    return await measureTyping(room, workload, context);
  } finally {
    await room.dispose();
  }
}

export async function measureTyping(room: Awaited<ReturnType<typeof prepareRoom>>, workload: TypingWorkload, context: RunContext, phases?: Phases): Promise<TypingResult> {
  const { server, clients, typists, readers, trouble } = room;
  const recorder = new LatencyRecorder();
  const byPhase = Array.from({ length: phases?.count ?? 0 }, () => ({ recorder: new LatencyRecorder(), keystrokes: 0 }));
  const everyRecorder = [recorder, ...byPhase.map((p) => p.recorder)];
  // The typists receive each other's keystrokes here; everyone else's arrivals come from the readers.
  for (const client of clients) for (const r of everyRecorder) r.watch(client.doc, client.provider);
  if (context.profileFile) await server.ask({ type: 'profile-start' }, 'profiling');
  await readers.measure((triples) => {
    for (const r of everyRecorder) r.arrivedBatch(triples);
  });
  const serverWatch = watchProcesses(server.pids);
  const costWatch = server.watchCosts?.();
  const harness = watchHarness();
  // One clock for send and arrival times, shared with the reader processes (see `sharedClockMs`).
  const now = sharedClockMs;
  const started = now();
  phases?.started();
  const memory: { atS: number; rssMb: number }[] = [];
  const sampler = context.memoryEveryMs
    ? setInterval(() => memory.push({ atS: (now() - started) / 1000, rssMb: sampleProcess(server.pid).rssBytes / 1e6 }), context.memoryEveryMs)
    : null;
  const interval = 1000 / workload.rate;
  const end = started + workload.seconds * 1000;
  let keystrokes = 0;
  await Promise.all(
    typists.map(
      (typist) =>
        new Promise<void>((done) => {
          // Each typist keeps its own steady rhythm, offset at random from the others.
          let next = started + Math.random() * interval;
          const tick = () => {
            if (next >= end) return done();
            const at = now();
            const id = typist.type();
            recorder.sentKeystroke(id, at, at - next, room.receivers);
            const phase = phases?.of(at - started);
            if (phase !== undefined && phase !== null) {
              byPhase[phase]!.recorder.sentKeystroke(id, at, at - next, room.receivers);
              byPhase[phase]!.keystrokes++;
            }
            keystrokes++;
            next += interval;
            setTimeout(tick, Math.max(0, next - now()));
          };
          setTimeout(tick, next - started);
        }),
    ),
  );
  const drainUntil = now() + context.drainTimeoutMs;
  while (recorder.received < recorder.expected && now() < drainUntil) {
    readers.check();
    await new Promise((r) => setTimeout(r, 20));
  }
  // Every reader's last arrivals are in once it has answered.
  const readerReports = await readers.finish();
  const wallMs = now() - started;
  if (sampler) clearInterval(sampler);
  const stats = serverWatch.stop();
  const cluster = await costWatch?.stop(keystrokes);
  const own = harness.stop();
  let profileFile: string | undefined;
  if (context.profileFile) profileFile = (await server.ask({ type: 'profile-stop', file: context.profileFile }, 'profiled')).file;
  const lag = sortedCopy(recorder.sendLag);
  const load: HarnessProcessLoad[] = [
    { process: 'main', pid: process.pid, clients: clients.length, cpuShare: own.cpuMs / own.wallMs, gcMs: own.gcMs, gcMaxMs: own.gcMaxMs, loopDelayP99: own.loopDelayP99 },
    ...readerReports.map((r): HarnessProcessLoad => ({
      process: 'reader', pid: r.pid, clients: r.clients, cpuShare: r.load.cpuMs / Math.max(1, r.load.wallMs), gcMs: r.load.gcMs, gcMaxMs: r.load.gcMaxMs, loopDelayP99: r.load.loopDelayP99,
    })),
  ];
  const busiest = (pick: (p: HarnessProcessLoad) => number) => Math.max(...load.map(pick));
  const closes = new Map(trouble.closes);
  for (const r of readerReports) for (const [code, n] of Object.entries(r.trouble.closes)) closes.set(Number(code), (closes.get(Number(code)) ?? 0) + n);
  return {
    server: server.kind,
    keystrokes,
    delivery: recorder.expected === 0 ? 1 : recorder.received / recorder.expected,
    p50: recorder.percentile(0.5),
    p95: recorder.percentile(0.95),
    p99: recorder.percentile(0.99),
    max: recorder.max(),
    cpuMsPerKeystroke: stats.cpuMs / Math.max(1, keystrokes),
    serverCpuShare: stats.cpuMs / wallMs,
    peakRssMb: stats.peakRssBytes / 1e6,
    clientCpuShare: busiest((p) => p.cpuShare),
    harnessCpuTotal: load.reduce((sum, p) => sum + p.cpuShare, 0),
    harness: load,
    sendLagP99: percentile(lag, 0.99),
    clientGcMs: busiest((p) => p.gcMs),
    clientGcMaxMs: busiest((p) => p.gcMaxMs),
    clientLoopDelayP99: busiest((p) => p.loopDelayP99),
    refused: trouble.refused + readerReports.reduce((n, r) => n + r.trouble.refused, 0),
    resyncs: trouble.resyncs + readerReports.reduce((n, r) => n + r.trouble.resyncs, 0),
    closes: Object.fromEntries([...closes].map(([code, n]) => [String(code), n])),
    profileFile,
    cluster,
    memory: sampler ? memory : undefined,
    phases: phases ? byPhase.map(({ recorder: r, keystrokes: n }) => ({ keystrokes: n, p50: r.percentile(0.5), p99: r.percentile(0.99), max: r.max() })) : undefined,
  };
}
