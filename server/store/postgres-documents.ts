import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DocumentChange, DocumentKind, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import { insertCompilationPostgres, type NewCompilation } from './compilation-rows.ts';
import { inTransaction } from './postgres-connection.ts';
import { insertUpdates } from './postgres-update-log.ts';
import { INVITED_AGGREGATE, invitedPart, type InvitedColumns } from './call-readers.ts';
import { SYSTEM_AUTHOR } from './store.ts';
import { DOCUMENT_SELECT, findWorkingCopyPostgres, insertWorkingCopyPostgres, workingCopyPart, type NewWorkingCopy, type WorkingCopyColumns } from './working-copy-rows.ts';

interface DocumentRow extends WorkingCopyColumns, InvitedColumns { id: string; title: string; symbol: string; kind: DocumentKind; restricted: boolean; updated_at: string }

const now = () => new Date().toISOString();
const DOCUMENT_COLUMNS = 'd.id, d.title, d.symbol, d.kind, d.restricted, d.updated_at';
const toDocument = (r: DocumentRow): DocumentSummary => ({
  id: r.id, title: r.title, symbol: r.symbol, kind: r.kind, restricted: r.restricted, updatedAt: r.updated_at, ...workingCopyPart(r), ...invitedPart(r),
});

/**
 * The documents' rows on PostgreSQL, as `document-table.ts` keeps them on SQLite: a new document
 * with its first state, a consolidated draft or a party's working copy with their rows in the
 * same transaction, and a document read with what its working copy row says of it.
 */
export class PostgresDocuments {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: NewDocument, initialState: Uint8Array | null, clients: number[], compilation?: NewCompilation): Promise<DocumentSummary> {
    const at = now();
    const id = await inTransaction(this.pool, async (client) => {
      const id = await insertDocument(client, input, initialState, clients, at);
      if (compilation) await insertCompilationPostgres(client, id, compilation, at);
      return id;
    });
    return (await this.get(id))!;
  }

  async createWorkingCopy(copy: NewWorkingCopy, input: NewDocument, initialState: Uint8Array, clients: number[]): Promise<{ document: DocumentSummary; created: boolean }> {
    const at = now();
    const { id, created } = await inTransaction(this.pool, async (client) => {
      // Two of the party's participants asking at once: one makes it, the other finds it.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`working copy ${copy.callId} ${copy.party}`]);
      const existing = await findWorkingCopyPostgres(client, copy.callId, copy.party);
      if (existing) return { id: existing, created: false };
      const id = await insertDocument(client, input, initialState, clients, at);
      await insertWorkingCopyPostgres(client, id, copy, at);
      return { id, created: true };
    });
    return { document: (await this.get(id))!, created };
  }

  async findWorkingCopy(callId: string, party: string): Promise<DocumentSummary | null> {
    const id = await findWorkingCopyPostgres(this.pool, callId, party);
    return id ? this.get(id) : null;
  }

  async get(id: string): Promise<DocumentSummary | null> {
    const { rows: [row] } = await this.pool.query<DocumentRow>(`${DOCUMENT_SELECT(DOCUMENT_COLUMNS, INVITED_AGGREGATE.postgres)} WHERE d.id = $1`, [id]);
    return row ? toDocument(row) : null;
  }

  async list(): Promise<DocumentSummary[]> {
    const { rows } = await this.pool.query<DocumentRow>(`${DOCUMENT_SELECT(DOCUMENT_COLUMNS, INVITED_AGGREGATE.postgres)} ORDER BY d.created_at, d.title COLLATE "C"`);
    return rows.map(toDocument);
  }

  async update(id: string, change: DocumentChange): Promise<DocumentSummary | null> {
    const { rows: [row] } = await this.pool.query<{ id: string }>(
      `UPDATE documents SET title = coalesce($2, title), symbol = coalesce($3, symbol), restricted = coalesce($4, restricted), updated_at = $5
       WHERE id = $1 RETURNING id`,
      [id, change.title ?? null, change.symbol ?? null, change.restricted ?? null, now()],
    );
    return row ? this.get(id) : null;
  }
}

/** Writes a document's row and first state, inside the caller's transaction; returns its id. */
async function insertDocument(client: pg.PoolClient, input: NewDocument, initialState: Uint8Array | null, clients: number[], at: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO documents (id, title, symbol, kind, restricted, created_at, updated_at, last_seq) VALUES ($1, $2, $3, $4, $5, $6, $6, $7)',
    [id, input.title, input.symbol, input.kind, input.restricted, at, initialState ? 1 : 0],
  );
  if (initialState) await insertUpdates(client, id, 1, [{ update: initialState, author: SYSTEM_AUTHOR, newClients: clients }], at);
  return id;
}
