import type pg from 'pg';
import type { NewOrganization, Organization, OrganizationChange } from '../../shared/organizations.ts';

interface OrganizationRow { code: string; name: string; created_at: string }

const toOrganization = (r: OrganizationRow): Organization => ({ code: r.code, name: r.name, createdAt: r.created_at });

/** Organizations and the documents they propose on, on PostgreSQL: the same rules as `organization-table.ts`. */
export class PostgresOrganizations {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: NewOrganization): Promise<Organization | null> {
    const { rows: [row] } = await this.pool.query<OrganizationRow>(
      'INSERT INTO organizations (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING *',
      [input.code, input.name, new Date().toISOString()],
    );
    return row ? toOrganization(row) : null;
  }

  async get(code: string): Promise<Organization | null> {
    const { rows: [row] } = await this.pool.query<OrganizationRow>('SELECT * FROM organizations WHERE code = $1', [code]);
    return row ? toOrganization(row) : null;
  }

  async list(): Promise<Organization[]> {
    // SQLite's order: bytewise.
    const { rows } = await this.pool.query<OrganizationRow>('SELECT * FROM organizations ORDER BY code COLLATE "C"');
    return rows.map(toOrganization);
  }

  async rename(code: string, change: OrganizationChange): Promise<Organization | null> {
    const { rows: [row] } = await this.pool.query<OrganizationRow>('UPDATE organizations SET name = $1 WHERE code = $2 RETURNING *', [change.name, code]);
    return row ? toOrganization(row) : null;
  }

  async proposing(documentId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ organization_code: string }>(
      'SELECT organization_code FROM document_organizations WHERE document_id = $1 ORDER BY organization_code COLLATE "C"', [documentId],
    );
    return rows.map((r) => r.organization_code);
  }

  async setProposes(documentId: string, code: string, proposes: boolean, allowedBy: string): Promise<boolean> {
    // One statement each way, so the check that both exist and the write cannot be raced apart.
    if (proposes) {
      const { rowCount } = await this.pool.query(
        `INSERT INTO document_organizations (document_id, organization_code, allowed_by, allowed_at)
         SELECT d.id, o.code, $3, now() FROM documents d, organizations o WHERE d.id = $1 AND o.code = $2
         ON CONFLICT (document_id, organization_code) DO UPDATE SET allowed_by = document_organizations.allowed_by
         RETURNING 1`,
        [documentId, code, allowedBy],
      );
      return (rowCount ?? 0) > 0;
    }
    const { rows: [known] } = await this.pool.query<{ known: boolean }>(
      `WITH gone AS (DELETE FROM document_organizations WHERE document_id = $1 AND organization_code = $2)
       SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1) AND EXISTS (SELECT 1 FROM organizations WHERE code = $2) AS known`,
      [documentId, code],
    );
    return known!.known;
  }
}
