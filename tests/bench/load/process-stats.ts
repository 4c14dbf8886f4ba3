import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A server process measured from the outside, through /proc, the same way for all three
 * servers (one of them runs as its stock binary and cannot report on itself).
 */
export interface ProcessSample {
  /** CPU time of all the process's threads (user + system), in ms; 10 ms resolution. */
  cpuMs: number;
  rssBytes: number;
}

// Linux reports times in clock ticks; USER_HZ is 100 on every Linux we run on.
const TICK_MS = 10;

export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may contain spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return { cpuMs: (utime + stime) * TICK_MS, rssBytes: statusField(pid, 'VmRSS') };
}

/** VmHWM: the peak resident set since the process started or since `resetPeak`. */
export function peakRss(pid: number): number {
  return statusField(pid, 'VmHWM');
}

/** Starts a new peak-RSS window, so a run's peak is not the setup's. */
export function resetPeak(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Without permission the peak covers the process's whole life; still an upper bound.
  }
}

function statusField(pid: number, name: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** CPU and memory of a process over a window: call `stop` at the end. */
export function watchProcess(pid: number): { stop(): { cpuMs: number; peakRssBytes: number; wallMs: number } } {
  resetPeak(pid);
  const start = sampleProcess(pid);
  const startedAt = performance.now();
  return {
    stop() {
      const end = sampleProcess(pid);
      return { cpuMs: end.cpuMs - start.cpuMs, peakRssBytes: Math.max(peakRss(pid), end.rssBytes), wallMs: performance.now() - startedAt };
    },
  };
}

/** The same over several processes (Accord on several processes): CPU and peak RSS added up. */
export function watchProcesses(pids: readonly number[]): { stop(): { cpuMs: number; peakRssBytes: number; wallMs: number } } {
  const watches = pids.map(watchProcess);
  return {
    stop() {
      const each = watches.map((w) => w.stop());
      return { cpuMs: each.reduce((n, e) => n + e.cpuMs, 0), peakRssBytes: each.reduce((n, e) => n + e.peakRssBytes, 0), wallMs: Math.max(...each.map((e) => e.wallMs)) };
    },
  };
}
