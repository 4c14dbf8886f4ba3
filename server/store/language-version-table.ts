import type Database from 'better-sqlite3';
import type { DocumentLanguage, ParagraphAlignment } from '../../shared/i18n/language-versions.ts';
import type { Language } from '../../shared/i18n/languages.ts';

interface LanguageRow { document_id: string; language: Language; original_id: string | null }

const toLanguage = (r: LanguageRow): DocumentLanguage => ({ documentId: r.document_id, language: r.language, originalId: r.original_id });

/** Documents' languages, versions and paragraph alignments on SQLite's main connection. */
export class LanguageVersionTable {
  constructor(
    private readonly db: Database.Database,
    private readonly writing: <T>(work: () => T) => T,
  ) {}

  get(documentId: string): DocumentLanguage | null {
    const row = this.db.prepare('SELECT * FROM document_languages WHERE document_id = ?').get(documentId) as LanguageRow | undefined;
    return row ? toLanguage(row) : null;
  }

  set(documentId: string, language: Language, originalId: string | null): boolean {
    return this.writing(() => {
      const known = this.db.prepare('SELECT count(*) AS n FROM documents WHERE id IN (?, ?)').get(documentId, originalId ?? documentId) as { n: number };
      if (known.n < (originalId && originalId !== documentId ? 2 : 1)) return false;
      this.db
        .prepare('INSERT INTO document_languages (document_id, language, original_id) VALUES (?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET language = excluded.language, original_id = excluded.original_id')
        .run(documentId, language, originalId);
      return true;
    });
  }

  versionsOf(originalId: string): DocumentLanguage[] {
    return (this.db.prepare('SELECT * FROM document_languages WHERE original_id = ? ORDER BY language').all(originalId) as LanguageRow[]).map(toLanguage);
  }

  alignments(documentId: string): ParagraphAlignment[] {
    const rows = this.db.prepare('SELECT pid, source_hash, own_hash FROM paragraph_alignments WHERE document_id = ? ORDER BY pid').all(documentId) as { pid: string; source_hash: string; own_hash: string }[];
    return rows.map((r) => ({ pid: r.pid, sourceHash: r.source_hash, ownHash: r.own_hash }));
  }

  align(documentId: string, alignments: readonly ParagraphAlignment[], by: string): void {
    this.writing(() => {
      const upsert = this.db.prepare(
        `INSERT INTO paragraph_alignments (document_id, pid, source_hash, own_hash, aligned_by, aligned_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (document_id, pid) DO UPDATE SET source_hash = excluded.source_hash, own_hash = excluded.own_hash, aligned_by = excluded.aligned_by, aligned_at = excluded.aligned_at`,
      );
      const at = new Date().toISOString();
      for (const a of alignments) upsert.run(documentId, a.pid, a.sourceHash, a.ownHash, by, at);
    });
  }
}
