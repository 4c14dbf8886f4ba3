import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Participant } from '../../../shared/participants.ts';
import { TEXT_FIELD } from '../../../shared/schema.ts';
import { delegate } from '../fixtures.ts';
import { percentile, sortedCopy } from '../stats.ts';
import { closeClient, docWith, newTrouble, openClient, signInAll, type ConnectionTrouble, type LoadClient } from './clients.ts';
import { LatencyRecorder } from './latency.ts';
import { sampleProcess, watchProcess } from './process-stats.ts';
import { startBenchServer, type BenchServer, type ServerKind } from './servers.ts';
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
  /** The client process's own load: near 1.0 means the harness, not the server, set the pace. */
  clientCpuShare: number;
  sendLagP99: number;
  /** The client process's own pauses: garbage collection (total and longest) and event-loop delay p99, ms. */
  clientGcMs: number;
  clientGcMaxMs: number;
  clientLoopDelayP99: number;
  refused: number;
  resyncs: number;
  closes: Record<string, number>;
  profileFile?: string;
  /** Soak only: the server's resident memory over the run (seconds since start, MB). */
  memory?: { atS: number; rssMb: number }[];
}

export interface RunContext {
  fixtureFile: string;
  fixture: Uint8Array;
  /** Where the server profiles itself (Accord only); no profile when absent. */
  profileFile?: string;
  drainTimeoutMs: number;
  /** Soak: sample the server's resident memory this often during the run. */
  memoryEveryMs?: number;
}

/** Starts a server, connects every client with the document already in hand, opens the typists' amendments. */
export async function prepareRoom(kind: ServerKind, workload: Pick<TypingWorkload, 'clients' | 'typists'>, context: RunContext) {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-'));
  const server = await startBenchServer(kind, {
    fixtureFile: context.fixtureFile, typists: workload.typists, readers: workload.clients - workload.typists, dataDir, loggedUpdates: 0,
  });
  const trouble = newTrouble();
  const cookies = kind === 'accord' ? await signInAll(server) : [];
  const clients: LoadClient[] = [];
  // A few at a time: joining all at once is workload 4's subject, not this one's.
  for (let i = 0; i < workload.clients; i += 25) {
    const batch: LoadClient[] = [];
    for (let j = i; j < Math.min(workload.clients, i + 25); j++) batch.push(openClient(server, docWith(context.fixture), { cookie: cookies[j], trouble }));
    await Promise.all(batch.map((c) => c.synced));
    clients.push(...batch);
  }
  const typists = clients.slice(0, workload.typists).map((client, i) => {
    const participant: Participant = server.participants[i]?.participant ?? delegate(`T${i}`);
    // Spread over the document, one paragraph each (7 is prime to the paragraph counts used).
    return new Typist(client.doc, participant, (i * 7) % client.doc.getXmlFragment(TEXT_FIELD).length);
  });
  for (const typist of typists) typist.open();
  await new Promise((r) => setTimeout(r, 1000));
  const dispose = async () => {
    for (const client of clients) closeClient(client);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { server, clients, typists, trouble, dispose };
}

export async function runTyping(kind: ServerKind, workload: TypingWorkload, context: RunContext): Promise<TypingResult> {
  const room = await prepareRoom(kind, workload, context);
  try {
    return await measureTyping(room.server, room.clients, room.typists, room.trouble, workload, context);
  } finally {
    await room.dispose();
  }
}

async function measureTyping(
  server: BenchServer, clients: LoadClient[], typists: Typist[], trouble: ConnectionTrouble, workload: TypingWorkload, context: RunContext,
): Promise<TypingResult> {
  const recorder = new LatencyRecorder();
  for (const client of clients) recorder.watch(client.doc, client.provider);
  if (context.profileFile) await server.ask({ type: 'profile-start' }, 'profiling');
  const serverWatch = watchProcess(server.pid);
  const harness = watchHarness();
  const clientCpu = process.cpuUsage();
  const started = performance.now();
  const memory: { atS: number; rssMb: number }[] = [];
  const sampler = context.memoryEveryMs
    ? setInterval(() => memory.push({ atS: (performance.now() - started) / 1000, rssMb: sampleProcess(server.pid).rssBytes / 1e6 }), context.memoryEveryMs)
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
            const at = performance.now();
            recorder.sentKeystroke(typist.type(), at, next, clients.length - 1);
            keystrokes++;
            next += interval;
            setTimeout(tick, Math.max(0, next - performance.now()));
          };
          setTimeout(tick, next - started);
        }),
    ),
  );
  const drainUntil = performance.now() + context.drainTimeoutMs;
  while (recorder.received < recorder.expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const wallMs = performance.now() - started;
  if (sampler) clearInterval(sampler);
  const cpu = process.cpuUsage(clientCpu);
  const stats = serverWatch.stop();
  const pauses = harness.stop();
  let profileFile: string | undefined;
  if (context.profileFile) profileFile = (await server.ask({ type: 'profile-stop', file: context.profileFile }, 'profiled')).file;
  const lag = sortedCopy(recorder.sendLag);
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
    clientCpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
    sendLagP99: percentile(lag, 0.99),
    clientGcMs: pauses.gcMs,
    clientGcMaxMs: pauses.gcMaxMs,
    clientLoopDelayP99: pauses.loopDelayP99,
    refused: trouble.refused,
    resyncs: trouble.resyncs,
    closes: Object.fromEntries([...trouble.closes].map(([code, n]) => [String(code), n])),
    profileFile,
    memory: sampler ? memory : undefined,
  };
}

/** The harness's own pauses over a window: they delay deliveries as much as a slow server would. */
function watchHarness(): { stop(): { gcMs: number; gcMaxMs: number; loopDelayP99: number } } {
  let gcMs = 0;
  let gcMaxMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      gcMaxMs = Math.max(gcMaxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  return {
    stop() {
      observer.disconnect();
      loop.disable();
      return { gcMs, gcMaxMs, loopDelayP99: loop.percentile(99) / 1e6 };
    },
  };
}
