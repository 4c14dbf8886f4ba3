import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { WorkingCopyOf, WorkingCopyParagraph } from '../../shared/working-copy.ts';
import { invitedColumn } from './call-readers.ts';

/**
 * Working copies (issue 16): a document that is a party's private copy of a call's text has a
 * row in `working_copies` (one per call and party). A document is read with it, and with its
 * call's publication, so the access rule (shared/access.ts) has all it needs in the summary.
 */

/** What a working copy is created with (see Store.createWorkingCopy). */
export interface NewWorkingCopy {
  callId: string;
  party: string;
  createdBy: string;
  /** The party is an organization: it proposes on its own copy (a `document_organizations` row), as a delegation does. */
  organization: boolean;
}

/** The columns a document is read with, besides its own: its working copy's call, party and the call's publication. */
export interface WorkingCopyColumns {
  wc_call: string | null;
  wc_party: string | null;
  wc_source: string | null;
  wc_published: string | Date | null;
}

const JOINED = `LEFT JOIN working_copies w ON w.document_id = d.id LEFT JOIN calls c ON c.id = w.call_id`;
/**
 * A documents query, `d` its table, with the working copy's columns and, on a restricted
 * document, the parties invited to its calls (call-readers.ts; `invited`, the database's aggregate).
 */
export const DOCUMENT_SELECT = (columns: string, invited: string) =>
  `SELECT ${columns}, w.call_id AS wc_call, w.party AS wc_party, c.document_id AS wc_source, c.published_at AS wc_published, ${invitedColumn(invited)} FROM documents d ${JOINED}`;

/** The `workingCopy` part of a summary, present only on a working copy. */
export function workingCopyPart(row: WorkingCopyColumns): { workingCopy?: WorkingCopyOf } {
  if (row.wc_call === null || row.wc_party === null || row.wc_source === null) return {};
  return { workingCopy: { callId: row.wc_call, sourceId: row.wc_source, party: row.wc_party, contributionsPublished: row.wc_published !== null } };
}

/** Writes a working copy's rows in SQLite, inside the caller's transaction (its document row already written). */
export function insertWorkingCopySqlite(db: Database.Database, documentId: string, copy: NewWorkingCopy, at: string): void {
  db.prepare('INSERT INTO working_copies (document_id, call_id, party, created_by, created_at) VALUES (?, ?, ?, ?, ?)').run(documentId, copy.callId, copy.party, copy.createdBy, at);
  if (copy.organization) {
    db.prepare('INSERT INTO document_organizations (document_id, organization_code, allowed_by, allowed_at) VALUES (?, ?, ?, ?)').run(documentId, copy.party, copy.createdBy, at);
  }
}

export function findWorkingCopySqlite(db: Database.Database, callId: string, party: string): string | null {
  const row = db.prepare('SELECT document_id FROM working_copies WHERE call_id = ? AND party = ?').get(callId, party) as { document_id: string } | undefined;
  return row?.document_id ?? null;
}

export async function insertWorkingCopyPostgres(client: pg.PoolClient, documentId: string, copy: NewWorkingCopy, at: string): Promise<void> {
  await client.query('INSERT INTO working_copies (document_id, call_id, party, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [documentId, copy.callId, copy.party, copy.createdBy, at]);
  if (copy.organization) {
    await client.query('INSERT INTO document_organizations (document_id, organization_code, allowed_by, allowed_at) VALUES ($1, $2, $3, $4)', [documentId, copy.party, copy.createdBy, at]);
  }
}

export async function findWorkingCopyPostgres(client: pg.PoolClient | pg.Pool, callId: string, party: string): Promise<string | null> {
  const { rows: [row] } = await client.query<{ document_id: string }>('SELECT document_id FROM working_copies WHERE call_id = $1 AND party = $2', [callId, party]);
  return row?.document_id ?? null;
}

/** A contribution's working-copy columns as stored (SQLite keeps the paragraphs as JSON text, PostgreSQL as jsonb). */
export interface ContributionCopyColumns {
  working_copy_id: string | null;
  working_copy_paragraphs: string | WorkingCopyParagraph[] | null;
}

export function submittedCopyPart(row: ContributionCopyColumns): { workingCopy?: { documentId: string; paragraphs: WorkingCopyParagraph[] } } {
  if (row.working_copy_id === null) return {};
  const paragraphs = typeof row.working_copy_paragraphs === 'string' ? (JSON.parse(row.working_copy_paragraphs) as WorkingCopyParagraph[]) : (row.working_copy_paragraphs ?? []);
  return { workingCopy: { documentId: row.working_copy_id, paragraphs } };
}
