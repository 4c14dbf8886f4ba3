import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { eventually } from './server.ts';

/**
 * Real Accord processes for the cluster tests (issue 15): `node --import tsx server/main.ts` on a
 * free port, PostgreSQL and Redis from the environment the test gives. ACCORD_CLUSTER_LOG_DIR
 * keeps each process's output in a file of its node's name.
 */
export const REDIS_URL = process.env.ACCORD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOG_DIR = process.env.ACCORD_CLUSTER_LOG_DIR;

export interface AccordProcess {
  child: ChildProcess;
  node: string;
  port: number;
  url: string;
  /** Everything it printed so far. */
  output(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Every process started, so a failing test can still kill them all (`killAll`). */
const started: ChildProcess[] = [];
let count = 0;

export function startAccord(port: number, databaseUrl: string, env: Record<string, string> = {}): AccordProcess {
  const node = `cluster-test-${process.pid}-${++count}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, REDIS_URL, ACCORD_NODE_ID: node, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  const log = LOG_DIR ? createWriteStream(`${LOG_DIR}/${node}.log`) : null;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log?.write(chunk);
    });
  }
  return { child, node, port, url: `http://127.0.0.1:${port}`, output: () => output };
}

/** Waits (as long as it takes: a loaded machine starts slowly) until it answers; fails at once if it exits. */
export async function healthy(accord: AccordProcess): Promise<void> {
  await eventually(
    () => {
      const { child } = accord;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${accord.node} exited (${child.exitCode ?? child.signalCode}) before it answered:\n${accord.output()}`);
      return fetch(`${accord.url}/api/health`).then((r) => r.status, () => 0);
    },
    (status) => status === 200,
    Number.POSITIVE_INFINITY,
  );
}

export async function stopped(accord: AccordProcess): Promise<void> {
  const { child } = accord;
  if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
}

export function killAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
