import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DocumentChange, DocumentKind, DocumentSummary, NewDocument } from '../../shared/documents.ts';
import { insertCompilationSqlite, type NewCompilation } from './compilation-rows.ts';
import { INVITED_AGGREGATE, invitedPart, type InvitedColumns } from './call-readers.ts';
import { SYSTEM_AUTHOR } from './store.ts';
import type { UpdateLog } from './update-log.ts';
import { DOCUMENT_SELECT, findWorkingCopySqlite, insertWorkingCopySqlite, workingCopyPart, type NewWorkingCopy, type WorkingCopyColumns } from './working-copy-rows.ts';

interface DocumentRow extends WorkingCopyColumns, InvitedColumns { id: string; title: string; symbol: string; kind: DocumentKind; restricted: number; updated_at: string }

const now = () => new Date().toISOString();
const toDocument = (r: DocumentRow): DocumentSummary => ({
  id: r.id, title: r.title, symbol: r.symbol, kind: r.kind, restricted: r.restricted === 1, updatedAt: r.updated_at, ...workingCopyPart(r), ...invitedPart(r),
});

/**
 * The documents' rows on SQLite's main connection (`writing`, the store's write transaction): a
 * new document with its first state (`log`, the update log on the same connection), a call's
 * consolidated draft or a party's working copy with their rows in the same transaction, and a
 * document read with what its working copy row says of it.
 */
export class DocumentTable {
  constructor(
    private readonly db: Database.Database,
    private readonly writing: <T>(work: () => T) => T,
    private readonly sql: (source: string) => Database.Statement,
    private readonly log: UpdateLog,
  ) {}

  create(input: NewDocument, initialState: Uint8Array | null, clients: number[], compilation?: NewCompilation): DocumentSummary {
    const at = now();
    const id = this.writing(() => {
      const id = this.insert(input, initialState, clients, at);
      if (compilation) insertCompilationSqlite(this.db, id, compilation, at);
      return id;
    });
    return this.get(id)!;
  }

  createWorkingCopy(copy: NewWorkingCopy, input: NewDocument, initialState: Uint8Array, clients: number[]): { document: DocumentSummary; created: boolean } {
    const at = now();
    const { id, created } = this.writing(() => {
      const existing = findWorkingCopySqlite(this.db, copy.callId, copy.party);
      if (existing) return { id: existing, created: false };
      const id = this.insert(input, initialState, clients, at);
      insertWorkingCopySqlite(this.db, id, copy, at);
      return { id, created: true };
    });
    return { document: this.get(id)!, created };
  }

  findWorkingCopy(callId: string, party: string): DocumentSummary | null {
    const id = findWorkingCopySqlite(this.db, callId, party);
    return id ? this.get(id) : null;
  }

  /** Writes a document's row and first state, inside the caller's transaction; returns its id. */
  private insert(input: NewDocument, initialState: Uint8Array | null, clients: number[], at: string): string {
    const id = randomUUID();
    this.sql('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, input.title, input.symbol, input.kind, input.restricted ? 1 : 0, at, at);
    if (initialState) this.log.insertUpdate(id, initialState, SYSTEM_AUTHOR, clients, at);
    return id;
  }

  get(id: string): DocumentSummary | null {
    const row = this.sql(`${DOCUMENT_SELECT('d.*', INVITED_AGGREGATE.sqlite)} WHERE d.id = ?`).get(id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  list(): DocumentSummary[] {
    return (this.sql(`${DOCUMENT_SELECT('d.*', INVITED_AGGREGATE.sqlite)} ORDER BY d.created_at, d.title`).all() as DocumentRow[]).map(toDocument);
  }

  update(id: string, change: DocumentChange): DocumentSummary | null {
    const current = this.get(id);
    if (!current) return null;
    const next = { ...current, ...change };
    this.db.prepare('UPDATE documents SET title = ?, symbol = ?, restricted = ?, updated_at = ? WHERE id = ?').run(next.title, next.symbol, next.restricted ? 1 : 0, now(), id);
    return this.get(id);
  }
}
