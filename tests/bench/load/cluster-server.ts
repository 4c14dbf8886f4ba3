import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PostgresStore } from '../../../server/store/postgres-store.ts';
import { prepareAccordStore } from './accord-setup.ts';
import { InspectorProfile } from './inspector-profile.ts';
import type { ChildMessage, Command, ServerSetup } from './ipc.ts';
import { sampleProcess, watchProcess } from './process-stats.ts';
import { collect, freePort, stopChild, type BenchServer, type ClusterCosts } from './servers.ts';

/**
 * Accord on several processes (issue 15), for `npm run bench -- --cluster 1,2,3`: real Accord
 * processes (`node --import tsx server/main.ts`, as the cluster tests start them), each on a port
 * of its own, sharing a fresh PostgreSQL schema and Redis. The benchmark's document, participants
 * and sign-in tokens are made through a PostgresStore of the harness's own, as accord-server.ts
 * makes them for one process on SQLite. Clients are spread round-robin over the processes
 * (`syncUrls`); CPU is added up over all of them.
 */
export const BENCH_DATABASE_URL = process.env.ACCORD_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const BENCH_REDIS_URL = process.env.ACCORD_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const START_TIMEOUT_MS = 90_000;
let started = 0;

/**
 * The processes still running, ended with the harness however it ends: they are not its forks
 * (no IPC channel to notice it gone), and one left behind would hold its port and the machine.
 */
const running = new Set<ChildProcess>();
let guarded = false;
function guard(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (guarded) return;
  guarded = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
}

export interface ClusterNode {
  node: string;
  child: ChildProcess;
  /** Where its inspector listens once opened (profiles: inspector-profile.ts). */
  inspectPort: number;
  url: string;
  syncUrl: string;
  log: string[];
}

export interface AccordCluster extends BenchServer {
  nodes: ClusterNode[];
  /** The harness's own connection to the cluster's schema (leases, what was stored). */
  store: PostgresStore;
  /** The index in `nodes` of the process leading the document now, or -1 if none does (waits up to `timeoutMs` for one). */
  authority(timeoutMs?: number): Promise<number>;
  /** SIGKILL: resolves once the process is gone. */
  kill(index: number): Promise<void>;
}

export async function startAccordCluster(count: number, setup: ServerSetup): Promise<AccordCluster> {
  const admin = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 1 });
  const schema = `accord_bench_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-cluster-'));
  const nodes: ClusterNode[] = [];
  let store: PostgresStore | null = null;
  const dispose = async () => {
    await Promise.all(nodes.map((n) => stopChild(n.child, () => n.child.kill('SIGTERM'))));
    await store?.close().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(BENCH_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const databaseUrl = url.toString();
    const run = ++started;
    for (let i = 0; i < count; i++) nodes.push(startNode(`bench-${process.pid}-${run}-${i + 1}`, await freePort(), await freePort(), databaseUrl, dataDir));
    await Promise.all(nodes.map(healthy));
    store = new PostgresStore(databaseUrl);
    await store.ready();
    const state = new Uint8Array(readFileSync(setup.fixtureFile));
    const { documentId, participants, attack } = await prepareAccordStore(store, nodes[0]!.url, setup, state);
    const cluster = store;
    const authority = async (timeoutMs = 0): Promise<number> => {
      const until = performance.now() + timeoutMs;
      for (;;) {
        const lease = await cluster.leases.current(documentId);
        const index = lease?.live ? nodes.findIndex((n) => n.node === lease.node && n.child.exitCode === null && n.child.signalCode === null) : -1;
        if (index >= 0 || performance.now() >= until) return index;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const profiles = new ClusterProfiles(nodes, authority);
    return {
      kind: 'accord',
      pid: nodes[0]!.child.pid!,
      pids: nodes.map((n) => n.child.pid!),
      syncUrl: nodes[0]!.syncUrl,
      syncUrls: nodes.map((n) => n.syncUrl),
      documentId,
      participants,
      attack,
      httpUrl: nodes[0]!.url,
      log: nodes[0]!.log,
      nodes,
      store,
      authority,
      ask: ((command: Command, answer: ChildMessage['type']) => profiles.ask(command, answer)) as BenchServer['ask'],
      async kill(index) {
        const { child } = nodes[index]!;
        if (child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await gone;
      },
      watchCosts() {
        const processes = nodes.map((n) => watchProcess(n.child.pid!));
        // Who leads, asked at both ends of the window: a loaded machine can let a renewal run late at either.
        const leaderAtStart = authority(2_000);
        const redis = namedProcesses('redis-server');
        const postgres = namedProcesses('postgres');
        return {
          async stop(keystrokes) {
            const per = (ms: number) => ms / Math.max(1, keystrokes);
            const each = processes.map((w) => w.stop().cpuMs);
            const atEnd = await authority(2_000);
            const leader = atEnd >= 0 ? atEnd : await leaderAtStart;
            return {
              processes: nodes.map((n, i) => ({ node: n.node, authority: i === leader, cpuMsPerKeystroke: per(each[i]!) })),
              redisCpuMsPerKeystroke: per(redis.stop()),
              postgresCpuMsPerKeystroke: per(postgres.stop()),
            } satisfies ClusterCosts;
          },
        };
      },
      stop: dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function startNode(node: string, port: number, inspectPort: number, databaseUrl: string, dataDir: string): ClusterNode {
  // The inspector stays closed unless a profile is asked for (SIGUSR1 opens it on this port).
  const child = spawn(process.execPath, [`--inspect-port=127.0.0.1:${inspectPort}`, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, REDIS_URL: BENCH_REDIS_URL, ACCORD_NODE_ID: node, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  guard(child);
  const url = `http://127.0.0.1:${port}`;
  const log = collect(child);
  // Only the harness ends them (SIGTERM, or SIGKILL for a failover): anything else is a crash, said with its last words.
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && signal !== 'SIGKILL' && code !== 0) process.stderr.write(`[cluster] ${node} exited (${signal ?? code}):\n${log.slice(-30).join('\n')}\n`);
  });
  return { node, child, inspectPort, url, syncUrl: `ws://127.0.0.1:${port}/sync`, log };
}

/**
 * The measured window's profiles, asked for as of accord-server.ts: of the document's authority
 * (written to the file named) and of one other process, if there is one (`-follower` before the
 * extension).
 */
class ClusterProfiles {
  private running: { file: (asked: string) => string; profile: InspectorProfile }[] = [];

  constructor(
    private readonly nodes: ClusterNode[],
    private readonly authority: (timeoutMs?: number) => Promise<number>,
  ) {}

  async ask(command: Command, answer: ChildMessage['type']): Promise<ChildMessage> {
    if (command.type === 'profile-start' && answer === 'profiling') {
      const leader = await this.authority(10_000);
      if (leader < 0) throw new Error('no process leads the document: nothing to profile');
      const follower = this.nodes.findIndex((_, i) => i !== leader);
      const targets = [{ index: leader, file: (asked: string) => asked }];
      if (follower >= 0) targets.push({ index: follower, file: (asked: string) => asked.replace(/(\.cpuprofile)?$/, '-follower$1') });
      this.running = await Promise.all(targets.map(async ({ index, file }) => ({ file, profile: await InspectorProfile.start(this.nodes[index]!.child, this.nodes[index]!.inspectPort) })));
      return { type: 'profiling' };
    }
    if (command.type === 'profile-stop' && answer === 'profiled') {
      const running = this.running;
      this.running = [];
      await Promise.all(running.map(({ file, profile }) => profile.stop(file(command.file))));
      return { type: 'profiled', file: command.file };
    }
    throw new Error(`Accord processes on PostgreSQL answer profiles only, not "${command.type}"`);
  }
}

/** Waits until the process answers its health check (PostgreSQL and Redis reached); fails if it exits. */
async function healthy(node: ClusterNode): Promise<void> {
  const until = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    const { child } = node;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${node.node} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${node.log.slice(-20).join('\n')}`);
    if ((await fetch(`${node.url}/api/health`).then((r) => r.status, () => 0)) === 200) return;
    if (performance.now() > until) throw new Error(`${node.node} did not answer in ${START_TIMEOUT_MS} ms:\n${node.log.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The CPU of every process named `name` (its `comm`) over a window. PostgreSQL starts a process
 * per connection: one that started in the window counts whole, one that ended in it is lost.
 */
function namedProcesses(name: string): { stop(): number } {
  const start = cpuOf(name);
  return {
    stop() {
      let ms = 0;
      for (const [pid, cpu] of cpuOf(name)) ms += cpu - (start.get(pid) ?? 0);
      return ms;
    },
  };
}

function cpuOf(name: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
      found.set(Number(entry), sampleProcess(Number(entry)).cpuMs);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}
