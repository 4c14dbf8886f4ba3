import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { DocumentSources } from '../../shared/calls.ts';

/** What a compiled document is created with (see Store.createDocument). */
export interface NewCompilation {
  callId: string;
  compiledBy: string;
  /** Each paragraph's sources, by pid. */
  sources: Record<string, string[]>;
}

/** Writes a compilation's rows in SQLite, inside the caller's transaction. */
export function insertCompilationSqlite(db: Database.Database, documentId: string, compilation: NewCompilation, at: string): void {
  db.prepare('INSERT INTO compilations (document_id, call_id, compiled_by, compiled_at) VALUES (?, ?, ?, ?)').run(documentId, compilation.callId, compilation.compiledBy, at);
  const source = db.prepare('INSERT INTO paragraph_sources (document_id, pid, sources) VALUES (?, ?, ?)');
  for (const [pid, parties] of Object.entries(compilation.sources)) source.run(documentId, pid, parties.join(','));
}

export function readSourcesSqlite(db: Database.Database, documentId: string): DocumentSources | null {
  const head = db.prepare('SELECT call_id, compiled_at FROM compilations WHERE document_id = ?').get(documentId) as { call_id: string; compiled_at: string } | undefined;
  if (!head) return null;
  const rows = db.prepare('SELECT pid, sources FROM paragraph_sources WHERE document_id = ?').all(documentId) as { pid: string; sources: string }[];
  return { callId: head.call_id, compiledAt: head.compiled_at, paragraphs: Object.fromEntries(rows.map((r) => [r.pid, r.sources.split(',')])) };
}

/** Writes a compilation's rows in PostgreSQL, inside the caller's transaction. */
export async function insertCompilationPostgres(client: pg.PoolClient, documentId: string, compilation: NewCompilation, at: string): Promise<void> {
  await client.query('INSERT INTO compilations (document_id, call_id, compiled_by, compiled_at) VALUES ($1, $2, $3, $4)', [documentId, compilation.callId, compilation.compiledBy, at]);
  const entries = Object.entries(compilation.sources);
  await client.query('INSERT INTO paragraph_sources (document_id, pid, sources) SELECT $1, unnest($2::text[]), unnest($3::text[])', [
    documentId, entries.map(([pid]) => pid), entries.map(([, parties]) => parties.join(',')),
  ]);
}

export async function readSourcesPostgres(pool: pg.Pool, documentId: string): Promise<DocumentSources | null> {
  const { rows: [head] } = await pool.query<{ call_id: string; compiled_at: string }>('SELECT call_id, compiled_at FROM compilations WHERE document_id = $1', [documentId]);
  if (!head) return null;
  const { rows } = await pool.query<{ pid: string; sources: string }>('SELECT pid, sources FROM paragraph_sources WHERE document_id = $1', [documentId]);
  return { callId: head.call_id, compiledAt: head.compiled_at, paragraphs: Object.fromEntries(rows.map((r) => [r.pid, r.sources.split(',')])) };
}
