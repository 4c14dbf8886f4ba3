import { runTyping, type RunContext, type TypingResult, type TypingWorkload } from './load/typing-run.ts';
import type { ServerKind } from './load/servers.ts';

export interface SoakResult {
  server: ServerKind;
  /** Median resident memory just after warm-up (the run's second sixth) and at the end (its last sixth). */
  afterWarmupMb: number;
  endMb: number;
  growthMb: number;
  run: TypingResult;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * Workload 6: workload 2 for a long time, the server's memory sampled every 5 s. The first sixth
 * is warm-up (documents loading, code optimised, caches filling); growth is what is added between
 * the second sixth and the last.
 */
export async function runSoak(kind: ServerKind, load: TypingWorkload, context: RunContext): Promise<SoakResult> {
  // Every 5 s, or finer for a short soak so that each sixth holds samples.
  const run = await runTyping(kind, load, { ...context, memoryEveryMs: Math.min(5_000, (load.seconds * 1000) / 60) });
  const memory = run.memory ?? [];
  const sixth = load.seconds / 6;
  const afterWarmupMb = median(memory.filter((m) => m.atS >= sixth && m.atS < 2 * sixth).map((m) => m.rssMb));
  const endMb = median(memory.filter((m) => m.atS >= 5 * sixth).map((m) => m.rssMb));
  return { server: kind, afterWarmupMb, endMb, growthMb: endMb - afterWarmupMb, run };
}
