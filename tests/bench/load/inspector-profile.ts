import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * The V8 sampling profiler of a process the harness did not write (a real Accord process of a
 * cluster run, cluster-server.ts), over the measured window only: the process is started with
 * `--inspect-port`, its inspector opened by SIGUSR1 when a profile is wanted, and driven over the
 * DevTools protocol — what accord-server.ts does from inside with `node:inspector`.
 */
export class InspectorProfile {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiter) return;
      this.waiting.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  /** Opens the inspector of `child` (listening on `port` once signalled) and starts sampling every 250 µs. */
  static async start(child: ChildProcess, port: number): Promise<InspectorProfile> {
    child.kill('SIGUSR1');
    const until = performance.now() + 20_000;
    let target: string | undefined;
    while (!target) {
      if (performance.now() > until) throw new Error(`the inspector of process ${child.pid} did not open on port ${port}`);
      target = await fetch(`http://127.0.0.1:${port}/json/list`).then(
        async (r) => ((await r.json()) as { webSocketDebuggerUrl?: string }[])[0]?.webSocketDebuggerUrl,
        () => undefined,
      );
      if (!target) await new Promise((r) => setTimeout(r, 50));
    }
    const socket = new WebSocket(target);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const profile = new InspectorProfile(socket);
    await profile.post('Profiler.enable');
    await profile.post('Profiler.setSamplingInterval', { interval: 250 });
    await profile.post('Profiler.start');
    return profile;
  }

  /** Stops sampling, writes the profile (a .cpuprofile DevTools opens) and lets the process go on unobserved. */
  async stop(file: string): Promise<void> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    await this.post('Profiler.disable').catch(() => undefined);
    this.socket.close();
  }

  private post(method: string, params: object = {}): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }
}
