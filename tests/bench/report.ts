import type { BrowserResult } from './browser.ts';
import type { ColdLoadResult, JoinResult } from './load/join-run.ts';
import type { ProfileBreakdown } from './load/profile.ts';
import { SERVER_KINDS, type ServerKind } from './load/servers.ts';
import type { TypingResult } from './load/typing-run.ts';
import { spread, type Spread } from './stats.ts';

export interface TypingSummary {
  delivery: Spread;
  p50: Spread;
  p95: Spread;
  p99: Spread;
  cpuMsPerKeystroke: Spread;
  peakRssMb: Spread;
  clientCpuShare: Spread;
  clientLoopDelayP99: Spread;
  clientGcMaxMs: Spread;
  refused: number;
  closes: Record<string, number>;
}

export function summarizeTyping(runs: TypingResult[]): TypingSummary {
  const closes: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.closes)) closes[code] = (closes[code] ?? 0) + n;
  return {
    delivery: spread(runs.map((r) => r.delivery)),
    p50: spread(runs.map((r) => r.p50)),
    p95: spread(runs.map((r) => r.p95)),
    p99: spread(runs.map((r) => r.p99)),
    cpuMsPerKeystroke: spread(runs.map((r) => r.cpuMsPerKeystroke)),
    peakRssMb: spread(runs.map((r) => r.peakRssMb)),
    clientCpuShare: spread(runs.map((r) => r.clientCpuShare)),
    clientLoopDelayP99: spread(runs.map((r) => r.clientLoopDelayP99)),
    clientGcMaxMs: spread(runs.map((r) => r.clientGcMaxMs)),
    refused: runs.reduce((n, r) => n + r.refused + r.resyncs, 0),
    closes,
  };
}

export interface JoinSummary {
  p50: Spread;
  p99: Spread;
  serverCpuMs: Spread;
  peakRssMb: Spread;
  applyMs: number;
}

export function summarizeJoin(runs: JoinResult[]): JoinSummary {
  return {
    p50: spread(runs.map((r) => r.p50)),
    p99: spread(runs.map((r) => r.p99)),
    serverCpuMs: spread(runs.map((r) => r.serverCpuMs)),
    peakRssMb: spread(runs.map((r) => r.peakRssMb)),
    applyMs: spread(runs.map((r) => r.applyMs)).median,
  };
}

const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const withRange = (s: Spread, digits = 1) => (s.runs.length > 1 ? `${num(s.median, digits)} [${num(s.min, digits)}–${num(s.max, digits)}]` : num(s.median, digits));
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

/** `rows`: which summaries, in order, by name (the servers; or Accord's set-ups in the cluster comparison). */
export function typingTable(title: string, summaries: Partial<Record<string, TypingSummary>>, rows: readonly string[] = SERVER_KINDS): string {
  const widths = [12, 9, 20, 20, 22, 20, 8, 22];
  // The harness is several processes (typists, readers): each figure is its busiest one's, so a saturated one still shows.
  const lines = [title, row(['server', 'delivery', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/keystroke', 'RSS MB', 'harness max CPU/lag/GC'], widths)];
  for (const kind of rows) {
    const s = summaries[kind];
    if (!s) continue;
    const trouble = s.refused > 0 || Object.keys(s.closes).length > 0 ? `  refused ${s.refused}, closes ${JSON.stringify(s.closes)}` : '';
    lines.push(
      row([kind, `${num(s.delivery.min * 100, 2)}%`, withRange(s.p50), withRange(s.p95), withRange(s.p99), withRange(s.cpuMsPerKeystroke, 2), num(s.peakRssMb.median, 0), `${num(s.clientCpuShare.median * 100, 0)}%/${num(s.clientLoopDelayP99.median, 0)}/${num(s.clientGcMaxMs.median, 0)}`], widths) + trouble,
    );
  }
  return lines.join('\n');
}

export function joinTable(title: string, summaries: Partial<Record<ServerKind, JoinSummary>>): string {
  const widths = [12, 22, 22, 22, 12, 12];
  const lines = [title, row(['server', 'join p50 ms', 'join p99 ms', 'server CPU ms', 'peak RSS MB', 'apply ms'], widths)];
  for (const kind of SERVER_KINDS) {
    const s = summaries[kind];
    if (s) lines.push(row([kind, withRange(s.p50), withRange(s.p99), withRange(s.serverCpuMs, 0), num(s.peakRssMb.median, 0), num(s.applyMs)], widths));
  }
  return lines.join('\n');
}

export function coldLoadLines(r: ColdLoadResult): string {
  return [
    `Workload 5 — Accord loads the document from SQLite (snapshot + ${r.loggedUpdates} logged keystrokes), ${r.loads} loads`,
    `  socket open → document received: first ${num(r.firstMs)} ms, then p50 ${num(r.p50)} ms, max ${num(r.max)} ms`,
    `  inside the server: read rows ${num(r.readMs, 2)} ms + rebuild Y.Doc ${num(r.restoreMs, 2)} ms`,
  ].join('\n');
}

export function profileLines(title: string, p: ProfileBreakdown): string {
  const busy = p.totalMs > 0 ? p.busyMs / p.totalMs : 0;
  const parts = p.shares.filter((s) => s.share >= 0.01).map((s) => `${s.name} ${num(s.share * 100, 0)}%`);
  return `${title}: main thread busy ${num(busy * 100, 0)}% of ${num(p.totalMs / 1000, 1)} s — ${parts.join(', ')}`;
}

export function browserLines(r: BrowserResult): string {
  return [
    `Browser (Chromium, ${r.paragraphs} paragraphs, ${r.remoteTypists} remote typists)`,
    `  open → editable: ${withRange(r.openToEditable, 0)} ms`,
    `  main-thread time per remote change: ${withRange(r.perRemoteChange, 2)} ms (script ${num(r.scriptPerChange, 2)}, style+layout ${num(r.layoutPerChange, 2)}; ${r.changesPerRun.join('/')} changes per run)`,
  ].join('\n');
}

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

export function targetLines(targets: Target[]): string {
  return targets.map((t) => `  ${t.met === null ? 'n/a    ' : t.met ? 'met    ' : 'NOT MET'}  ${t.target.padEnd(58)} ${t.measured}`).join('\n');
}
