import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runClusterColdLoad, runFailover, type ClusterColdLoadResult, type FailoverResult } from './load/cluster-failover.ts';
import { startAccordCluster } from './load/cluster-server.ts';
import type { ServerSetup } from './load/ipc.ts';
import { runColdLoad, type ColdLoadResult } from './load/join-run.ts';
import { analyseProfile, type ProfileBreakdown } from './load/profile.ts';
import { runTyping, type RunContext, type TypingResult, type TypingWorkload } from './load/typing-run.ts';
import { coldLoadLines, profileLines, summarizeTyping, typingTable, type TypingSummary } from './report.ts';
import { spread } from './stats.ts';

/**
 * `npm run bench -- --cluster 1,2,3` (issue 15): the 200-client typing workloads run by Accord on
 * 1, 2, 3 … processes on PostgreSQL and Redis (cluster-server.ts: clients round-robin over the
 * processes, CPU added up over them), beside Accord as one process on SQLite, measured by the same
 * code as the comparison with the peers (typing-run.ts); then the failover time and the cold load
 * from PostgreSQL (cluster-failover.ts). Set-ups interleave, the order rotated each repetition.
 */
export interface ClusterOptions {
  counts: number[];
  workloads: { id: string; label: string; load: TypingWorkload }[];
  reps: number;
  failovers: number;
  coldLoads: number;
  loggedUpdates: number;
  /** Also run Accord as one process on SQLite, for the figures beside (off in the quick run, which has them already). */
  withSqlite: boolean;
  /** Where the last run of each set-up on PostgreSQL keeps the profiles of the authority and of another process; none when absent. */
  profiles?: string;
  context: RunContext;
  progress: (text: string) => void;
}

export interface ClusterBenchResult {
  counts: number[];
  loadAverage: { before: number[]; after: number[] };
  typing: { id: string; label: string; load: TypingWorkload; runs: Record<string, TypingResult[]>; summaries: Record<string, TypingSummary> }[];
  /** Main-thread profiles of the last run on N processes: the document's authority, and another process. */
  profiles: { id: string; setup: string; process: 'authority' | 'follower'; file: string; breakdown: ProfileBreakdown }[];
  failover: FailoverResult[];
  coldLoad: { postgres: ClusterColdLoadResult | null; sqlite: ColdLoadResult | null };
  /** What failed after the typing runs (a failover or a cold load), said rather than losing the figures before it. */
  errors: string[];
}

const SQLITE = 'sqlite ×1';
const label = (count: number) => `pg ×${count}`;

export async function runClusterBench(options: ClusterOptions): Promise<ClusterBenchResult> {
  const { counts, reps, context, progress } = options;
  const before = loadavg();
  /** Each set-up by name: Accord's processes on PostgreSQL, or null for one process on SQLite. */
  const setups: [string, number | null][] = [...(options.withSqlite ? [[SQLITE, null] as [string, null]] : []), ...counts.map((n): [string, number] => [label(n), n])];
  const typing: ClusterBenchResult['typing'] = [];
  const profiles: ClusterBenchResult['profiles'] = [];
  for (const { id, label: name, load } of options.workloads) {
    const runs: Record<string, TypingResult[]> = {};
    for (let rep = 0; rep < reps; rep++) {
      for (let i = 0; i < setups.length; i++) {
        const [setup, count] = setups[(i + rep) % setups.length]!;
        progress(`${id} ${setup} run ${rep + 1}/${reps}`);
        const startServer = count === null ? undefined : (serverSetup: ServerSetup) => startAccordCluster(count, serverSetup);
        const profileFile = options.profiles && count !== null && rep === reps - 1 ? join(options.profiles, `accord-${id}-pg${count}.cpuprofile`) : undefined;
        const result = await runTyping('accord', load, { ...context, profileFile, startServer });
        (runs[setup] ??= []).push(result);
        if (result.profileFile) {
          const follower = result.profileFile.replace(/\.cpuprofile$/, '-follower.cpuprofile');
          profiles.push({ id, setup, process: 'authority', file: result.profileFile, breakdown: analyseProfile(result.profileFile, { cluster: true }) });
          if (count! > 1 && existsSync(follower)) profiles.push({ id, setup, process: 'follower', file: follower, breakdown: analyseProfile(follower, { cluster: true }) });
        }
      }
    }
    typing.push({ id, label: name, load, runs, summaries: Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, summarizeTyping(r)])) });
  }
  const errors: string[] = [];
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  const failover: FailoverResult[] = [];
  const most = Math.max(...counts);
  if (most >= 2) {
    for (let i = 0; i < options.failovers; i++) {
      progress(`failover ${i + 1}/${options.failovers}, ${most} processes`);
      const result = await attempt(`failover ${i + 1}`, () => runFailover(most, context.fixtureFile, context.fixture));
      if (result) failover.push(result);
    }
  }
  progress(`cold load from PostgreSQL, ${options.coldLoads} processes`);
  const postgres = await attempt('cold load from PostgreSQL', () => runClusterColdLoad(options.coldLoads, context.fixtureFile, options.loggedUpdates));
  let sqlite: ColdLoadResult | null = null;
  if (options.withSqlite) {
    progress('cold load from SQLite');
    sqlite = await attempt('cold load from SQLite', () => runColdLoad(context.fixtureFile, options.coldLoads, options.loggedUpdates));
  }
  return { counts, loadAverage: { before, after: loadavg() }, typing, profiles, failover, coldLoad: { postgres, sqlite }, errors };
}

const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const median = (values: number[]) => spread(values).median;

export function clusterLines(result: ClusterBenchResult, reps: number): string {
  const lines: string[] = [];
  const setups = [SQLITE, ...result.counts.map(label)];
  for (const { id, label: name, load, runs, summaries } of result.typing) {
    lines.push(typingTable(`${id} (${name}) — ${load.clients} clients, ${load.typists} typing at ${load.rate}/s for ${load.seconds} s; Accord on SQLite (one process) and on PostgreSQL + Redis (clients round-robin over ×N processes; CPU and RSS added up over them); median [min–max] of ${reps}`, summaries, setups), '');
    lines.push('  where the CPU went, ms per keystroke (medians): the document\u2019s authority, the other Accord processes together, redis-server, every PostgreSQL process (shared with the machine\u2019s other users)');
    for (const count of result.counts) {
      const costs = (runs[label(count)] ?? []).flatMap((r) => (r.cluster ? [r.cluster] : []));
      if (costs.length === 0) continue;
      const authority = median(costs.map((c) => c.processes.filter((p) => p.authority).reduce((n, p) => n + p.cpuMsPerKeystroke, 0)));
      const others = median(costs.map((c) => c.processes.filter((p) => !p.authority).reduce((n, p) => n + p.cpuMsPerKeystroke, 0)));
      const redis = median(costs.map((c) => c.redisCpuMsPerKeystroke));
      const postgres = median(costs.map((c) => c.postgresCpuMsPerKeystroke));
      lines.push(`  ${label(count).padEnd(10)} authority ${num(authority, 2)}, others ${num(others, 2)}, Redis ${num(redis, 2)}, PostgreSQL ${num(postgres, 2)}`);
    }
    for (const p of result.profiles.filter((p) => p.id === id)) lines.push(profileLines(`  ${p.setup}, ${p.process === 'authority' ? 'the authority' : 'another process'} (${p.file})`, p.breakdown));
    lines.push('');
  }
  if (result.failover.length > 0) {
    const times = result.failover.map((f) => f.ms);
    lines.push(`Failover, ${result.failover[0]!.processes} processes — SIGKILL of the document\u2019s authority while a delegate on another process types 10/s → the first change committed by the next authority: ${times.map((t) => num(t, 0)).join(', ')} ms (median ${num(median(times), 0)}); refused or resynced: ${result.failover.reduce((n, f) => n + f.refused, 0)}`);
  }
  const pg = result.coldLoad.postgres;
  if (pg) lines.push(`Cold load from PostgreSQL (snapshot + ${pg.loggedUpdates} logged keystrokes), each on a process that never had the document — socket open → document received: ${pg.times.map((t) => num(t)).join(', ')} ms (p50 ${num(pg.p50)}, max ${num(pg.max)}); timed apart in the harness: read rows ${num(pg.readMs, 2)} ms + rebuild Y.Doc ${num(pg.restoreMs, 2)} ms`);
  if (result.coldLoad.sqlite) lines.push(coldLoadLines(result.coldLoad.sqlite).replace(/^Workload 5 — /, 'Beside it, one process on SQLite: '));
  for (const error of result.errors) lines.push(`NOT MEASURED — ${error}`);
  lines.push(`Load average (1/5/15 min) before ${result.loadAverage.before.map((v) => num(v, 2)).join('/')}, after ${result.loadAverage.after.map((v) => num(v, 2)).join('/')}`);
  return lines.join('\n');
}
