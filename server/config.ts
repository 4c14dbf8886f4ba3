import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { nodeIdSchema } from './cluster/bus-message.ts';
import type { SessionLifetime } from './store/sessions.ts';

const isPostgresUrl = (value: string): boolean => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** DATABASE_URL: a PostgreSQL address; anything else is refused rather than guessed at. */
export const databaseUrlSchema = z
  .string()
  .refine(isPostgresUrl, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database (leave DATABASE_URL unset for SQLite under DATA_DIR)');

const isRedisUrl = (value: string): boolean => {
  try {
    return ['redis:', 'rediss:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

/** REDIS_URL: Redis's address, for the messages between processes (issue 15). */
export const redisUrlSchema = z
  .string()
  .refine(isRedisUrl, 'must be a Redis URL such as redis://host:6379 or rediss://user:password@host:6380 (leave REDIS_URL unset for one process)');

/** Unique per process on a machine and told apart across machines; a restarted process is a new node. */
export const defaultNodeId = (): string => `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) || 'host'}:${process.pid}`;

const unsetWhenEmpty = (v: unknown) => (v === '' ? undefined : v);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL instead of SQLite under DATA_DIR (an empty value, as env files leave it, means unset). */
  DATABASE_URL: z.preprocess(unsetWhenEmpty, databaseUrlSchema.optional()),
  /** Redis, for several processes sharing the documents (an empty value means unset: one process). */
  REDIS_URL: z.preprocess(unsetWhenEmpty, redisUrlSchema.optional()),
  /** This process's name among several (GET /api/health says it); hostname:pid by default. */
  ACCORD_NODE_ID: z.preprocess(unsetWhenEmpty, nodeIdSchema.optional()),
  /** Where participants reach Accord (behind a proxy: its https address); sign-in links use it. */
  PUBLIC_URL: z.string().url().optional(),
  /** Stored updates between two snapshots of a document (lower: faster loads, more writes). */
  ACCORD_COMPACT_EVERY: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /**
   * Reverse proxies in front of the server (0: none). With 1, the last X-Forwarded-For entry is
   * the client's address (for counting failed sign-ins); without it the header is ignored.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** A session unused this long ends (no request, no open document). */
  ACCORD_SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 90).default(24),
  /** A session ends this long after sign-in, however much used; the link signs in again. */
  ACCORD_SESSION_MAX_HOURS: z.coerce.number().positive().max(24 * 90).default(24 * 7),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  nodeId: string;
  publicUrl: string | undefined;
  compactEvery: number | undefined;
  trustProxy: number;
  sessions: SessionLifetime;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const { PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, ACCORD_NODE_ID, PUBLIC_URL, ACCORD_COMPACT_EVERY, TRUST_PROXY, ACCORD_SESSION_IDLE_HOURS, ACCORD_SESSION_MAX_HOURS } = parsed.data;
  const hours = (h: number) => Math.round(h * 60 * 60 * 1000);
  return {
    port: PORT, host: HOST, dataDir: resolve(DATA_DIR), databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, nodeId: ACCORD_NODE_ID ?? defaultNodeId(), publicUrl: PUBLIC_URL, compactEvery: ACCORD_COMPACT_EVERY, trustProxy: TRUST_PROXY,
    sessions: { idleMs: hours(ACCORD_SESSION_IDLE_HOURS), maxMs: hours(ACCORD_SESSION_MAX_HOURS) },
  };
}

export function databaseFile(dataDir: string): string {
  return resolve(dataDir, 'accord.sqlite');
}
