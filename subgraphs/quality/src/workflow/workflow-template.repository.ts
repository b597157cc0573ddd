import type { DataSource, EntityManager } from 'typeorm';
import type { Severity } from '../exception/quality-exception.entity';
import type { RuleKind } from '../rule/rule-kind';
import type { SeverityPolicy } from './severity-policy';
import type { GradingRow, WorkflowTemplate } from './workflow-template';

export interface StoredTemplate extends WorkflowTemplate {
  id: string;
  status: 'DRAFT' | 'APPROVED';
  createdBy: string;
  createdAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
}

type Row = {
  id: string; code: string; version: number; name: string; material_codes: string[]; raise_on: RuleKind[]; grading: GradingRow[];
  policies: Record<Severity, SeverityPolicy>; status: 'DRAFT' | 'APPROVED'; created_by: string; created_at: Date | string;
  approved_by: string | null; approved_at: Date | string | null;
};
const toTemplate = (r: Row): StoredTemplate => ({
  id: r.id, code: r.code, version: Number(r.version), name: r.name, materialCodes: r.material_codes, raiseOn: r.raise_on, grading: r.grading,
  policies: r.policies, status: r.status, createdBy: r.created_by, createdAt: new Date(r.created_at), approvedBy: r.approved_by,
  approvedAt: r.approved_at ? new Date(r.approved_at) : null,
});

export class WorkflowTemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(t: Omit<StoredTemplate, 'id' | 'status' | 'createdAt' | 'approvedBy' | 'approvedAt'>, manager: EntityManager): Promise<StoredTemplate> {
    const [row]: Row[] = await manager.query(
      `INSERT INTO quality.workflow_template (code, version, name, material_codes, raise_on, grading, policies, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, 'DRAFT', $8) RETURNING *`,
      [t.code, t.version, t.name, t.materialCodes, t.raiseOn, JSON.stringify(t.grading), JSON.stringify(t.policies), t.createdBy],
    );
    return toTemplate(row);
  }

  async approve(id: string, approvedBy: string, approvedAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE quality.workflow_template SET status = 'APPROVED', approved_by = $2, approved_at = $3 WHERE id = $1`, [id, approvedBy, approvedAt]);
  }

  /** Every version of a template, oldest first; locked when asked in a transaction. */
  async versions(code: string, manager?: EntityManager, lock = false): Promise<StoredTemplate[]> {
    const rows: Row[] = await this.m(manager).query(`SELECT * FROM quality.workflow_template WHERE code = $1 ORDER BY version${lock ? ' FOR UPDATE' : ''}`, [code]);
    return rows.map(toTemplate);
  }

  async find(code: string, version: number, manager?: EntityManager): Promise<StoredTemplate | null> {
    const rows: Row[] = await this.m(manager).query('SELECT * FROM quality.workflow_template WHERE code = $1 AND version = $2', [code, version]);
    return rows[0] ? toTemplate(rows[0]) : null;
  }

  async list(code?: string | null, manager?: EntityManager): Promise<StoredTemplate[]> {
    const rows: Row[] = await this.m(manager).query(
      'SELECT * FROM quality.workflow_template WHERE ($1::text IS NULL OR code = $1) ORDER BY code, version',
      [code ?? null],
    );
    return rows.map(toTemplate);
  }

  /**
   * The latest approved version of the template that names the material, else of the plant default (the one that
   * names no material); null when neither has an approved version.
   */
  async inForceFor(materialCode: string | null, manager?: EntityManager): Promise<StoredTemplate | null> {
    // Only each template's latest approved version counts: a later version that drops a material gives it up.
    const rows: Row[] = await this.m(manager).query(
      `SELECT * FROM (SELECT DISTINCT ON (code) * FROM quality.workflow_template WHERE status = 'APPROVED' ORDER BY code, version DESC) latest
        WHERE ($1::text IS NOT NULL AND $1 = ANY(material_codes)) OR cardinality(material_codes) = 0
        ORDER BY (cardinality(material_codes) = 0), approved_at DESC LIMIT 1`,
      [materialCode],
    );
    return rows[0] ? toTemplate(rows[0]) : null;
  }

  /** The latest version of every other template, to check that two templates never claim one material. */
  async latestOfOthers(code: string, manager?: EntityManager): Promise<StoredTemplate[]> {
    const rows: Row[] = await this.m(manager).query(
      `SELECT DISTINCT ON (code) * FROM quality.workflow_template WHERE code <> $1 ORDER BY code, version DESC`,
      [code],
    );
    return rows.map(toTemplate);
  }
}
