import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { reachPostgres } from '../support/postgres.ts';
import { api, startTestServer } from '../support/server.ts';

/**
 * GET /api/health on a process of a cluster: which process answered, and whether PostgreSQL and
 * Redis answer. Redis here is a server of this test's own (started, then stopped by its pid), so
 * that it can go away without taking the shared one with it.
 */
const postgres = await reachPostgres();
const redisServers: ChildProcess[] = [];
afterAll(async () => {
  for (const child of redisServers) if (child.exitCode === null) child.kill('SIGKILL');
  await postgres.end();
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1', () => {
    socket.destroy();
    resolve(true);
  });
  socket.once('error', () => resolve(false));
});

/** A Redis of its own on a free port, once it accepts connections. */
async function ownRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redisServers.push(child);
  for (let tries = 0; !(await accepts(port)); tries++) {
    if (tries > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}

it('says which process answered and that PostgreSQL and Redis answer; 503 once Redis is gone', async () => {
  const redis = await ownRedis();
  const server = await startTestServer(undefined, {
    databaseUrl: postgres.urlFor(await postgres.freshSchema()), redisUrl: redis.url, nodeId: 'accord-2', seedDemo: false,
  });
  try {
    const healthy = await api(server, null, '/api/health');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ ready: true, store: 'postgres', node: 'accord-2', postgres: true, redis: true });

    await redis.stop();
    const unhealthy = await api(server, null, '/api/health');
    expect(unhealthy.status).toBe(503);
    expect(await unhealthy.json()).toEqual({ ready: true, store: 'postgres', node: 'accord-2', postgres: true, redis: false });
  } finally {
    await server.dispose();
  }
});

it('refuses to start when REDIS_URL names a Redis that does not answer, saying where it looked', async () => {
  const port = await freePort();
  await expect(startTestServer(undefined, { redisUrl: `redis://127.0.0.1:${port}`, seedDemo: false })).rejects.toThrow(
    new RegExp(`^Redis is not reachable at redis://127\\.0\\.0\\.1:${port}`),
  );
});
