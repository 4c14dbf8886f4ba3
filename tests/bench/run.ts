import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { z } from 'zod';
import { runBrowser, type BrowserResult } from './browser.ts';
import { clusterLines, runClusterBench, type ClusterBenchResult } from './cluster-run.ts';
import { delegate, negotiatedDocument } from './fixtures.ts';
import { runColdLoad, runJoin, type ColdLoadResult, type JoinResult } from './load/join-run.ts';
import { checkEquivalence } from './load/keystrokes.ts';
import { analyseProfile, type ProfileBreakdown } from './load/profile.ts';
import { SERVER_KINDS, type ServerKind } from './load/servers.ts';
import { PHASES, runAttack, type AttackResult } from './load/attack-run.ts';
import { runTyping, type RunContext, type TypingResult, type TypingWorkload } from './load/typing-run.ts';
import { acceptAllCost, validationCost, viewCosts, type Measured } from './negotiation.ts';
import { revisionCosts } from './revisions.ts';
import { browserLines, coldLoadLines, joinTable, profileLines, summarizeJoin, summarizeTyping, targetLines, typingTable, type JoinSummary, type TypingSummary } from './report.ts';
import { runSoak, type SoakResult } from './soak.ts';
import { checkTargets } from './targets.ts';

/**
 * `npm run bench`: Accord against @y/websocket-server and Hocuspocus, side by side — the load
 * workloads of issue 6 (servers interleaved, each run on a fresh server process), the browser
 * measurements, and the negotiation micro-benchmarks. Prints tables and writes
 * bench-results/latest.json. `--quick` runs everything once with tiny numbers (npm test uses it
 * so the harness cannot rot; its numbers mean nothing). `--soak [minutes]` runs workload 6 only,
 * against every server or those named by `--servers accord,hocuspocus`. `--attack` runs workload 7
 * only (attack-run.ts). `--cluster 1,2,3` runs only the 200-client workloads by Accord on that many
 * processes on PostgreSQL and Redis beside one on SQLite, the failover and the cold load from
 * PostgreSQL (cluster-run.ts); the quick run includes it on two processes.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    reps: { type: 'string' },
    seconds: { type: 'string' },
    soak: { type: 'string' },
    attack: { type: 'boolean', default: false },
    cluster: { type: 'string' },
    servers: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
  },
  strict: true,
});
const parsedKnobs = z
  .object({
    reps: z.coerce.number().int().min(1).optional(),
    seconds: z.coerce.number().positive().optional(),
    soak: z.coerce.number().positive().optional(),
    cluster: z
      .string()
      .transform((list) => list.split(',').map(Number))
      .pipe(z.array(z.number().int().min(1).max(8)).min(1))
      .optional(),
    servers: z
      .string()
      .transform((list) => list.split(','))
      .pipe(z.array(z.enum(SERVER_KINDS)).min(1))
      .optional(),
  })
  // The comparison needs every server; a long soak of one is worth having on its own.
  .refine((k) => k.servers === undefined || k.soak !== undefined, { message: '--servers only goes with --soak', path: ['servers'] })
  .safeParse(values);
if (!parsedKnobs.success) {
  console.error(`npm run bench: ${z.prettifyError(parsedKnobs.error)}`);
  process.exit(2);
}
const knobs = parsedKnobs.data;
const quick = values.quick;
const out = z.string().min(1).parse(values.out ?? 'bench-results/latest.json');
const reps = knobs.reps ?? (quick ? 1 : 3);
const doc = quick ? { paragraphs: 20, amendments: 60 } : { paragraphs: 200, amendments: 1000 };
const workloads: { id: string; label: string; load: TypingWorkload }[] = [
  { id: 'W1', label: 'committee', load: { clients: quick ? 6 : 35, typists: quick ? 2 : 4, seconds: knobs.seconds ?? (quick ? 1.5 : 5), rate: 5 } },
  { id: 'W2', label: 'plenary', load: { clients: quick ? 10 : 200, typists: quick ? 3 : 20, seconds: knobs.seconds ?? (quick ? 1.5 : 5), rate: 5 } },
  { id: 'W3', label: 'heavy', load: { clients: quick ? 10 : 200, typists: quick ? 5 : 50, seconds: knobs.seconds ?? (quick ? 1.5 : 5), rate: 5 } },
];
process.setMaxListeners(0); // each y-websocket provider listens for process exit

const work = mkdtempSync(join(tmpdir(), 'accord-bench-run-'));
const fixtureFile = join(work, 'fixture.bin');
// Kept for reading in Chrome DevTools (Performance → load profile) after the run.
const profiles = join(dirname(out), 'profiles');
mkdirSync(profiles, { recursive: true });
const fixture = Y.encodeStateAsUpdate(negotiatedDocument(doc.paragraphs, doc.amendments));
writeFileSync(fixtureFile, fixture);
checkEquivalence(docFrom(fixture), delegate('MEX'));
const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version };
const header = `Accord load benchmark — ${machine.cpus} × ${machine.model}, Node ${machine.node}; document ${doc.paragraphs} paragraphs, ${doc.amendments} amendments (${(fixture.length / 1024).toFixed(0)} KiB)`;
console.log(`${header}${quick ? ' — QUICK RUN: numbers not meaningful' : ''}`);

function docFrom(state: Uint8Array): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, state);
  return d;
}

/** The order servers run in, rotated each repetition so none always goes first or last. */
const order = (rep: number): ServerKind[] => SERVER_KINDS.map((_, i) => SERVER_KINDS[(i + rep) % SERVER_KINDS.length]!);
const progress = (text: string) => process.stderr.write(`  ${text}\n`);

async function main(): Promise<void> {
  if (knobs.soak !== undefined) return soakOnly(knobs.soak);
  if (values.attack) return attackOnly();
  if (knobs.cluster) return clusterOnly(knobs.cluster);
  const results = {
    at: new Date().toISOString(), quick, machine, document: { ...doc, bytes: fixture.length }, reps,
    typing: [] as { id: string; label: string; load: TypingWorkload; runs: Record<string, TypingResult[]>; summaries: Partial<Record<ServerKind, TypingSummary>> }[],
    profiles: [] as { id: string; breakdown: ProfileBreakdown }[],
    join: null as null | { runs: Record<string, JoinResult[]>; summaries: Partial<Record<ServerKind, JoinSummary>> },
    coldLoad: null as ColdLoadResult | null,
    attack: null as null | { load: TypingWorkload; result: AttackResult },
    cluster: null as ClusterBenchResult | null,
    browser: null as BrowserResult | null,
    browserError: null as string | null,
    micro: [] as Measured[],
    targets: [] as ReturnType<typeof checkTargets>,
  };
  const context = { fixtureFile, fixture, drainTimeoutMs: quick ? 5_000 : 15_000 };
  for (const { id, label, load } of workloads) {
    const runs: Record<string, TypingResult[]> = {};
    const profileFile = values['no-profile'] || quick ? undefined : join(profiles, `accord-${id}.cpuprofile`);
    for (let rep = 0; rep < reps; rep++) {
      for (const kind of order(rep)) {
        progress(`${id} ${kind} run ${rep + 1}/${reps}`);
        // Accord's last run is also profiled (V8's sampler every 1 ms: a cost of a few per cent, to Accord only).
        const profiling = kind === 'accord' && rep === reps - 1 ? profileFile : undefined;
        (runs[kind] ??= []).push(await runTyping(kind, load, { ...context, profileFile: profiling }));
      }
    }
    const summaries = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, summarizeTyping(r)])) as Partial<Record<ServerKind, TypingSummary>>;
    results.typing.push({ id, label, load, runs, summaries });
    console.log(`\n${typingTable(`${id} (${label}) — ${load.clients} clients, ${load.typists} typing at ${load.rate}/s for ${load.seconds} s; median [min–max] of ${reps}`, summaries)}`);
    const profiled = runs.accord?.at(-1)?.profileFile;
    if (profiled) {
      const breakdown = analyseProfile(profiled);
      results.profiles.push({ id, breakdown });
      console.log(profileLines(`  Accord, where its main thread went (profile of its last run, kept in ${profiled})`, breakdown));
    }
  }

  const joinCount = quick ? 10 : 200;
  const joinRuns: Record<string, JoinResult[]> = {};
  for (let rep = 0; rep < reps; rep++) {
    for (const kind of order(rep)) {
      progress(`W4 ${kind} run ${rep + 1}/${reps}`);
      (joinRuns[kind] ??= []).push(await runJoin(kind, joinCount, fixtureFile, fixture));
    }
  }
  const joinSummaries = Object.fromEntries(Object.entries(joinRuns).map(([k, r]) => [k, summarizeJoin(r)])) as Partial<Record<ServerKind, JoinSummary>>;
  results.join = { runs: joinRuns, summaries: joinSummaries };
  console.log(`\n${joinTable(`W4 — ${joinCount} clients join at once; received = socket open → whole document arrived; apply = one client applying it`, joinSummaries)}`);

  progress('W5 accord cold loads');
  results.coldLoad = await runColdLoad(fixtureFile, quick ? 3 : 20, quick ? 20 : 499);
  console.log(`\n${coldLoadLines(results.coldLoad)}`);

  results.attack = await attackWorkload(context);
  // The cluster path with tiny numbers, so that it cannot rot either: two processes on PostgreSQL.
  if (quick) results.cluster = await clusterWorkload([2], context);

  if (!values['no-browser']) {
    progress('browser');
    try {
      results.browser = await runBrowser(fixtureFile, fixture, { typists: quick ? 2 : 20, seconds: quick ? 1 : 5, runs: quick ? 1 : 3, paragraphs: doc.paragraphs });
      console.log(`\n${browserLines(results.browser)}`);
    } catch (error) {
      results.browserError = String(error);
      console.log(`\nBrowser: not measured — ${results.browserError}`);
    }
  }

  results.micro.push(validationCost(quick ? 20 : 300, doc.paragraphs, doc.amendments));
  results.micro.push(await acceptAllCost(doc.paragraphs, doc.amendments));
  results.micro.push(...(await revisionCosts(doc.paragraphs, doc.amendments, quick ? 1 : 5)));
  results.micro.push(...viewCosts(doc.amendments, quick ? 1 : 5));
  console.log('\nNegotiation micro-benchmarks (in process)');
  for (const m of results.micro) console.log(`  ${m.name.padEnd(62)} p50 ${m.p50.toFixed(2)}  p95 ${m.p95.toFixed(2)}  max ${m.max.toFixed(2)} ${m.unit} (n=${m.n})`);

  results.targets = checkTargets({ typing: results.typing, join: joinSummaries, coldLoad: results.coldLoad, browser: results.browser, soakGrowthMb: null });
  console.log(`\nTargets (issue 6)${quick ? ' — quick run, not meaningful' : ''}\n${targetLines(results.targets)}`);
  save(results);
}

/** W7 (issue 13): one delegation attacks another room at its full allowed rate while delegates type. */
async function attackWorkload(context: RunContext): Promise<{ load: TypingWorkload; result: AttackResult }> {
  const load: TypingWorkload = { clients: quick ? 4 : 35, typists: quick ? 2 : 20, seconds: knobs.seconds ?? (quick ? 2 : 40), rate: 5 };
  const result = await runAttack(load, context, reps, progress);
  console.log(`\n${attackLines(load, result)}`);
  return { load, result };
}

/** `--attack`: W7 alone, kept beside the last full run's results. */
async function attackOnly(): Promise<void> {
  const attack = await attackWorkload({ fixtureFile, fixture, drainTimeoutMs: quick ? 5_000 : 15_000 });
  save({ ...readPrevious(), attack: { at: new Date().toISOString(), ...attack } });
}

function attackLines(load: TypingWorkload, attack: AttackResult): string {
  const { ratio } = attack;
  const attacker = attack.runs.map(({ attacker: a }) => `${a.committed} committed, ${a.refused} refused of ${a.sent}`).join('; ');
  const reasons = new Map<string, number>();
  for (const { attacker: a } of attack.runs) for (const [reason, n] of Object.entries(a.reasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + n);
  const phaseS = load.seconds / PHASES;
  return [
    `W7 — ${load.typists} delegates typing at ${load.rate}/s in one room (${load.clients} clients) for ${load.seconds} s, while one delegation in another room sends the dearest changes it may, as fast as its verdicts come, in every other ${phaseS} s; median of ${reps}`,
    `  p99 keystroke to every client, attacked over quiet in the same run: ×${ratio.toFixed(2)} (median; target ≤ ×2: ${ratio <= 2 ? 'met' : 'NOT MET'}); medians: quiet ${attack.quietP99.toFixed(1)} ms, under attack ${attack.attackedP99.toFixed(1)} ms`,
    `  p99 by run (quiet → attacked): ${attack.runs.map((r) => `${r.quiet.p99.toFixed(1)} → ${r.attacked.p99.toFixed(1)} ms (×${(r.attacked.p99 / r.quiet.p99).toFixed(2)})`).join('; ')}`,
    `  p50 by run (quiet → attacked): ${attack.runs.map((r) => `${r.quiet.p50.toFixed(1)} → ${r.attacked.p50.toFixed(1)}`).join('; ')} ms; delivery ${attack.runs.map((r) => (r.typing.delivery * 100).toFixed(1)).join(', ')} %`,
    `  the attacker: ${attacker}`,
    ...[...reasons].map(([reason, n]) => `    refused ${n}×: ${reason}`),
  ].join('\n');
}

/** Accord on several processes on PostgreSQL and Redis (issue 15), beside one on SQLite when it is its own run. */
async function clusterWorkload(counts: number[], context: RunContext): Promise<ClusterBenchResult> {
  const own = knobs.cluster !== undefined;
  const result = await runClusterBench({
    counts, reps, context, progress,
    // The 200-client workloads (their tiny stand-ins in a quick run); the quick run's W2 alone when it only checks the path.
    workloads: workloads.filter((w) => w.id === 'W2' || (own && w.id === 'W3')),
    failovers: quick ? 1 : Math.max(3, reps),
    coldLoads: quick ? 1 : 3,
    loggedUpdates: quick ? 20 : 499,
    withSqlite: own,
    profiles: values['no-profile'] || (quick && !own) ? undefined : profiles,
  });
  console.log(`\n${clusterLines(result, reps)}`);
  // The quick run is there to catch a broken harness: a failure fails it.
  if (quick && result.errors.length > 0) throw new Error(`the cluster runs failed: ${result.errors.join('; ')}`);
  return result;
}

/** `--cluster 1,2,3`: the cluster comparison alone, kept beside the last full run's results. */
async function clusterOnly(counts: number[]): Promise<void> {
  const cluster = await clusterWorkload(counts, { fixtureFile, fixture, drainTimeoutMs: quick ? 5_000 : 15_000 });
  save({ ...readPrevious(), cluster: { at: new Date().toISOString(), ...cluster } });
}

async function soakOnly(minutes: number): Promise<void> {
  const load = { ...workloads[1]!.load, seconds: minutes * 60 };
  const soak: SoakResult[] = [];
  for (const kind of knobs.servers ?? SERVER_KINDS) {
    progress(`W6 soak ${kind}, ${minutes} min`);
    soak.push(await runSoak(kind, load, { fixtureFile, fixture, drainTimeoutMs: 30_000 }));
  }
  for (const s of soak) console.log(`  ${s.server.padEnd(12)} RSS after warm-up ${s.afterWarmupMb.toFixed(0)} MB → end ${s.endMb.toFixed(0)} MB (growth ${s.growthMb.toFixed(1)} MB), p99 ${s.run.p99.toFixed(1)} ms, delivery ${(s.run.delivery * 100).toFixed(2)}%`);
  const previous = readPrevious();
  save({ ...previous, soak: { at: new Date().toISOString(), minutes, results: soak } });
}

function readPrevious(): Record<string, unknown> {
  try {
    return z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(out, 'utf8')));
  } catch {
    return {};
  }
}

function save(results: object): void {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2));
  console.log(`\nwritten to ${out}`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
