import type pg from 'pg';
import type { DocumentLanguage, ParagraphAlignment } from '../../shared/i18n/language-versions.ts';
import type { Language } from '../../shared/i18n/languages.ts';

interface LanguageRow { document_id: string; language: Language; original_id: string | null }

const toLanguage = (r: LanguageRow): DocumentLanguage => ({ documentId: r.document_id, language: r.language, originalId: r.original_id });

/** Documents' languages, versions and paragraph alignments on PostgreSQL: the same rules as `language-version-table.ts`. */
export class PostgresLanguageVersions {
  constructor(private readonly pool: pg.Pool) {}

  async get(documentId: string): Promise<DocumentLanguage | null> {
    const { rows: [row] } = await this.pool.query<LanguageRow>('SELECT * FROM document_languages WHERE document_id = $1', [documentId]);
    return row ? toLanguage(row) : null;
  }

  async set(documentId: string, language: Language, originalId: string | null): Promise<boolean> {
    // One statement: an unknown document (or original) inserts nothing, so nothing changes.
    const { rowCount } = await this.pool.query(
      `INSERT INTO document_languages (document_id, language, original_id)
       SELECT d.id, $2, $3 FROM documents d WHERE d.id = $1 AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM documents o WHERE o.id = $3))
       ON CONFLICT (document_id) DO UPDATE SET language = excluded.language, original_id = excluded.original_id`,
      [documentId, language, originalId],
    );
    return (rowCount ?? 0) > 0;
  }

  async versionsOf(originalId: string): Promise<DocumentLanguage[]> {
    const { rows } = await this.pool.query<LanguageRow>('SELECT * FROM document_languages WHERE original_id = $1 ORDER BY language COLLATE "C"', [originalId]);
    return rows.map(toLanguage);
  }

  async alignments(documentId: string): Promise<ParagraphAlignment[]> {
    const { rows } = await this.pool.query<{ pid: string; source_hash: string; own_hash: string }>(
      'SELECT pid, source_hash, own_hash FROM paragraph_alignments WHERE document_id = $1 ORDER BY pid COLLATE "C"', [documentId],
    );
    return rows.map((r) => ({ pid: r.pid, sourceHash: r.source_hash, ownHash: r.own_hash }));
  }

  async align(documentId: string, alignments: readonly ParagraphAlignment[], by: string): Promise<void> {
    if (alignments.length === 0) return;
    await this.pool.query(
      `INSERT INTO paragraph_alignments (document_id, pid, source_hash, own_hash, aligned_by, aligned_at)
       SELECT $1, a.pid, a.source_hash, a.own_hash, $2, now() FROM unnest($3::text[], $4::text[], $5::text[]) AS a(pid, source_hash, own_hash)
       ON CONFLICT (document_id, pid) DO UPDATE SET source_hash = excluded.source_hash, own_hash = excluded.own_hash, aligned_by = excluded.aligned_by, aligned_at = excluded.aligned_at`,
      [documentId, by, alignments.map((a) => a.pid), alignments.map((a) => a.sourceHash), alignments.map((a) => a.ownHash)],
    );
  }
}
