import { databaseFile, databaseUrlSchema } from '../config.ts';
import { PostgresStore } from './postgres-store.ts';
import type { SessionLifetime } from './sessions.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export interface StoreLocation {
  /** PostgreSQL's address; when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  sessions?: SessionLifetime;
}

/**
 * The store the configuration names: PostgreSQL when DATABASE_URL is given, else the SQLite file
 * under DATA_DIR. SQLite opens and migrates its file at once; PostgreSQL is reached and migrated
 * by `ready()` (or the first use).
 */
export function openStore(location: StoreLocation): Store {
  const options = location.sessions ? { sessions: location.sessions } : {};
  if (location.databaseUrl === undefined) return new SqliteStore(databaseFile(location.dataDir), options);
  const url = databaseUrlSchema.safeParse(location.databaseUrl);
  if (!url.success) throw new Error(`DATABASE_URL: ${url.error.issues.map((i) => i.message).join('; ')}`);
  return new PostgresStore(url.data, options);
}

/** Where the data is, for the start-up message: never the password. */
export function describeStore(location: StoreLocation): string {
  if (location.databaseUrl === undefined) return `SQLite in ${location.dataDir}`;
  const url = new URL(location.databaseUrl);
  return `PostgreSQL at ${url.host || 'the local socket'}${url.pathname}`;
}
