import type { BrowserResult } from './browser.ts';
import type { ColdLoadResult } from './load/join-run.ts';
import type { ServerKind } from './load/servers.ts';
import type { JoinSummary, Target, TypingSummary } from './report.ts';

export interface TargetInputs {
  typing: { id: string; summaries: Partial<Record<ServerKind, TypingSummary>> }[];
  join: Partial<Record<ServerKind, JoinSummary>> | null;
  coldLoad: ColdLoadResult | null;
  browser: BrowserResult | null;
  soakGrowthMb: number | null;
}

const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');

/** The targets against the medians of this run; the ratio to the best peer counts most. */
export function checkTargets(input: TargetInputs): Target[] {
  const targets: Target[] = [];
  const ratio = (accord: number, peers: number[]) => accord / Math.min(...peers);
  for (const { id, summaries } of input.typing) {
    const a = summaries.accord;
    const peers = [summaries['y-websocket'], summaries.hocuspocus].filter((s): s is TypingSummary => !!s);
    if (!a || peers.length === 0) continue;
    const p99 = ratio(a.p99.median, peers.map((p) => p.p99.median));
    const cpu = ratio(a.cpuMsPerKeystroke.median, peers.map((p) => p.cpuMsPerKeystroke.median));
    targets.push({ target: `${id}: Accord p99 ≤ best peer's`, measured: `${f(a.p99.median)} ms, ratio ${f(p99, 2)}`, met: p99 <= 1 });
    targets.push({ target: `${id}: Accord CPU/keystroke ≤ best peer's`, measured: `${f(a.cpuMsPerKeystroke.median, 2)} ms, ratio ${f(cpu, 2)}`, met: cpu <= 1 });
    targets.push({ target: `${id}: delivery 100% (every server)`, measured: peers.concat(a).map((s) => `${f(s.delivery.min * 100, 2)}%`).join(' / '), met: [a, ...peers].every((s) => s.delivery.min >= 1) });
    if (id === 'W1') targets.push({ target: 'W1: Accord p99 ≤ 8 ms', measured: `${f(a.p99.median)} ms`, met: a.p99.median <= 8 });
    if (id === 'W2') targets.push({ target: 'W2: Accord p99 ≤ 20 ms', measured: `${f(a.p99.median)} ms`, met: a.p99.median <= 20 });
    if (id === 'W3') targets.push({ target: 'W3: Accord server CPU/keystroke ≤ 2.5 ms', measured: `${f(a.cpuMsPerKeystroke.median, 2)} ms`, met: a.cpuMsPerKeystroke.median <= 2.5 });
  }
  const join = input.join;
  if (join?.accord) {
    const a = join.accord;
    const peers = [join['y-websocket'], join.hocuspocus].filter((s): s is JoinSummary => !!s);
    const total = a.p99.median + a.applyMs;
    targets.push({ target: 'W4: p99 join ≤ 1 s (received + applied)', measured: `${f(a.p99.median, 0)} + ${f(a.applyMs, 0)} ms`, met: total <= 1000 });
    if (peers.length > 0) {
      const r = ratio(a.p99.median, peers.map((p) => p.p99.median));
      targets.push({ target: "W4: Accord join p99 ≤ best peer's", measured: `ratio ${f(r, 2)}`, met: r <= 1 });
      const c = ratio(a.serverCpuMs.median, peers.map((p) => p.serverCpuMs.median));
      targets.push({ target: "W4: Accord server CPU for the joins ≤ best peer's", measured: `${f(a.serverCpuMs.median, 0)} ms, ratio ${f(c, 2)}`, met: c <= 1 });
    }
  }
  if (input.coldLoad) {
    const c = input.coldLoad;
    targets.push({ target: 'W5: cold load ≤ 50 ms', measured: `p50 ${f(c.p50)} ms, first ${f(c.firstMs)} ms`, met: c.p50 <= 50 && c.firstMs <= 50 });
  }
  targets.push({
    target: 'W6: soak, no memory growth after warm-up',
    measured: input.soakGrowthMb === null ? 'not run (npm run bench -- --soak)' : `${f(input.soakGrowthMb)} MB growth`,
    met: input.soakGrowthMb === null ? null : input.soakGrowthMb <= 10,
  });
  if (input.browser) {
    const b = input.browser;
    targets.push({ target: 'Browser: ≤ 4 ms main thread per remote change', measured: `${f(b.perRemoteChange.median, 2)} ms`, met: b.perRemoteChange.median <= 4 });
    targets.push({ target: 'Browser: editable in ≤ 1.5 s', measured: `${f(b.openToEditable.median, 0)} ms`, met: b.openToEditable.median <= 1500 });
  }
  return targets;
}
