import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childMessageSchema, type ChildMessage, type Command, type ServerSetup } from './ipc.ts';

export const SERVER_KINDS = ['accord', 'y-websocket', 'hocuspocus'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** A server under test, running in a process of its own. */
export interface BenchServer {
  kind: ServerKind;
  pid: number;
  /** Every process the server runs as (one, but for Accord on several processes: cluster-server.ts); CPU is summed over them. */
  pids: number[];
  /** Base URL a y-websocket provider is given; the room name is `documentId`. */
  syncUrl: string;
  /** Where clients connect, the i-th client to `syncUrls[i % length]` (one, but for several processes). */
  syncUrls: string[];
  documentId: string;
  participants: Extract<ChildMessage, { type: 'ready' }>['participants'];
  /** Accord, when the setup asked for it: the attacked room and its attacker. */
  attack?: Extract<ChildMessage, { type: 'ready' }>['attack'];
  /** Accord's HTTP origin (for sign-in); empty for the peers. */
  httpUrl: string;
  /** Sends a command and waits for the answer of the given type. */
  ask<T extends ChildMessage['type']>(command: Command, answer: T): Promise<Extract<ChildMessage, { type: T }>>;
  /** Recent lines the server printed (shown when something goes wrong). */
  log: string[];
  /** Several processes: where their CPU went over a measured window (cluster-server.ts). */
  watchCosts?(): { stop(keystrokes: number): Promise<ClusterCosts> };
  stop(): Promise<void>;
}

/** Over one measured window of Accord on several processes: CPU ms per keystroke, by where it was spent. */
export interface ClusterCosts {
  /** Each Accord process, the document's authority marked. */
  processes: { node: string; authority: boolean; cpuMsPerKeystroke: number }[];
  /** redis-server, and every PostgreSQL process (its backends serve other users of the machine too). */
  redisCpuMsPerKeystroke: number;
  postgresCpuMsPerKeystroke: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const START_TIMEOUT_MS = 60_000;

export async function startBenchServer(kind: ServerKind, setup: ServerSetup): Promise<BenchServer> {
  const env = { ...process.env, BENCH_SETUP: JSON.stringify(setup) };
  if (kind === 'y-websocket') return startYWebsocket(env);
  const entry = join(here, kind === 'accord' ? 'accord-server.ts' : 'hocuspocus-server.ts');
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const log = collect(child);
  const ready = await waitFor(child, 'ready', log);
  const httpUrl = kind === 'accord' ? ready.url : '';
  const syncUrl = kind === 'accord' ? `${ready.url.replace(/^http/, 'ws')}/sync` : ready.url;
  return {
    kind,
    pid: child.pid!,
    pids: [child.pid!],
    syncUrl,
    syncUrls: [syncUrl],
    documentId: ready.documentId,
    participants: ready.participants,
    attack: ready.attack,
    httpUrl,
    log,
    ask(command, answer) {
      const reply = waitFor(child, answer, log);
      child.send(command);
      return reply;
    },
    stop: () => stopChild(child, () => child.send({ type: 'stop' } satisfies Command)),
  };
}

/** The official server exactly as its binary starts it: default settings, no persistence. */
async function startYWebsocket(env: NodeJS.ProcessEnv): Promise<BenchServer> {
  const port = await freePort();
  const child = fork(join(here, 'y-websocket-server.ts'), [], {
    execArgv: ['--import', 'tsx'], env: { ...env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log = collect(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`y-websocket server did not start: ${log.join('\n')}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`y-websocket server exited (${code}): ${log.join('\n')}`)));
  });
  return {
    kind: 'y-websocket',
    pid: child.pid!,
    pids: [child.pid!],
    syncUrl: `ws://127.0.0.1:${port}`,
    syncUrls: [`ws://127.0.0.1:${port}`],
    documentId: 'bench',
    participants: [],
    httpUrl: '',
    log,
    ask: () => Promise.reject(new Error('the y-websocket server takes no commands')),
    stop: () => stopChild(child, () => child.kill('SIGTERM')),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function collect(child: ChildProcess): string[] {
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) log.push(line);
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return log;
}

function waitFor<T extends ChildMessage['type']>(child: ChildProcess, type: T, log: string[]): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no "${type}" from the server in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onMessage = (raw: unknown) => {
      const message = childMessageSchema.parse(raw);
      if (message.type !== type) return;
      done();
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => fail(new Error(`server exited (${code}) before "${type}":\n${log.slice(-20).join('\n')}`));
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const fail = (error: Error) => {
      done();
      reject(error);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Asks a child process to stop and resolves when it has; one that does not exit in time is killed. */
export function stopChild(child: ChildProcess, ask: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // The next run needs the core.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    ask();
  });
}
