import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** One harness process's own load over the measured window. */
export interface HarnessLoad {
  /** CPU time of this process (user + system, all threads) over the window, ms. */
  cpuMs: number;
  wallMs: number;
  /** Garbage collection: total and longest pause, ms. */
  gcMs: number;
  gcMaxMs: number;
  /** Event-loop delay p99, ms. */
  loopDelayP99: number;
}

/**
 * A harness process's own load over a window (the main process and each reader process watch
 * themselves): its pauses delay deliveries as much as a slow server would, and a process near
 * one core's worth of CPU sets the pace itself.
 */
export function watchHarness(): { stop(): HarnessLoad } {
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
  const cpu = process.cpuUsage();
  const started = performance.now();
  return {
    stop() {
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - started;
      observer.disconnect();
      loop.disable();
      return { cpuMs: (used.user + used.system) / 1000, wallMs, gcMs, gcMaxMs, loopDelayP99: loop.percentile(99) / 1e6 };
    },
  };
}
