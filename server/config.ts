import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Where participants reach Accord (behind a proxy: its https address); sign-in links use it. */
  PUBLIC_URL: z.string().url().optional(),
  /** Stored updates between two snapshots of a document (lower: faster loads, more writes). */
  ACCORD_COMPACT_EVERY: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicUrl: string | undefined;
  compactEvery: number | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const { PORT, HOST, DATA_DIR, PUBLIC_URL, ACCORD_COMPACT_EVERY } = parsed.data;
  return { port: PORT, host: HOST, dataDir: resolve(DATA_DIR), publicUrl: PUBLIC_URL, compactEvery: ACCORD_COMPACT_EVERY };
}

export function databaseFile(dataDir: string): string {
  return resolve(dataDir, 'accord.sqlite');
}
