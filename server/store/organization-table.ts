import type Database from 'better-sqlite3';
import type { NewOrganization, Organization, OrganizationChange } from '../../shared/organizations.ts';

interface OrganizationRow { code: string; name: string; created_at: string }

const toOrganization = (r: OrganizationRow): Organization => ({ code: r.code, name: r.name, createdAt: r.created_at });

/**
 * Organizations and the documents the Chair lets them propose on, on SQLite's main connection
 * (`writing`, the store's own write transaction).
 */
export class OrganizationTable {
  constructor(
    private readonly db: Database.Database,
    private readonly writing: <T>(work: () => T) => T,
  ) {}

  create(input: NewOrganization): Organization | null {
    const row: OrganizationRow = { code: input.code, name: input.name, created_at: new Date().toISOString() };
    return this.writing(() => {
      const inserted = this.db.prepare('INSERT INTO organizations (code, name, created_at) VALUES (@code, @name, @created_at) ON CONFLICT (code) DO NOTHING').run(row);
      return inserted.changes > 0 ? toOrganization(row) : null;
    });
  }

  get(code: string): Organization | null {
    const row = this.db.prepare('SELECT * FROM organizations WHERE code = ?').get(code) as OrganizationRow | undefined;
    return row ? toOrganization(row) : null;
  }

  list(): Organization[] {
    return (this.db.prepare('SELECT * FROM organizations ORDER BY code').all() as OrganizationRow[]).map(toOrganization);
  }

  rename(code: string, change: OrganizationChange): Organization | null {
    return this.writing(() => {
      this.db.prepare('UPDATE organizations SET name = ? WHERE code = ?').run(change.name, code);
      return this.get(code);
    });
  }

  proposing(documentId: string): string[] {
    const rows = this.db.prepare('SELECT organization_code FROM document_organizations WHERE document_id = ? ORDER BY organization_code').all(documentId) as { organization_code: string }[];
    return rows.map((r) => r.organization_code);
  }

  setProposes(documentId: string, code: string, proposes: boolean, allowedBy: string): boolean {
    return this.writing(() => {
      const known = this.db.prepare('SELECT (SELECT count(*) FROM documents WHERE id = ?) * (SELECT count(*) FROM organizations WHERE code = ?) AS n').get(documentId, code) as { n: number };
      if (known.n === 0) return false;
      if (proposes) {
        this.db
          .prepare('INSERT INTO document_organizations (document_id, organization_code, allowed_by, allowed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
          .run(documentId, code, allowedBy, new Date().toISOString());
      } else {
        this.db.prepare('DELETE FROM document_organizations WHERE document_id = ? AND organization_code = ?').run(documentId, code);
      }
      return true;
    });
  }
}
