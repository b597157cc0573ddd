import type { DataSource, EntityManager } from 'typeorm';
import type { SpecParameter, Specification } from './specification';

type SpecRow = {
  id: string; spec_number: string; version: number; material_code: string; operation: string; status: Specification['status'];
  effective_from: Date | string; created_by: string; created_at: Date | string; approved_by: string | null; approved_at: Date | string | null;
};
type ParamRow = {
  specification_id: string; parameter: string; unit: string; lsl: string; usl: string; target: string | null;
  lower_warning: string | null; upper_warning: string | null; critical: boolean;
};

const num = (value: string | null): number | null => (value === null ? null : Number(value));

/** Specification versions and their parameter limits (plain SQL: a version is read whole, with its limits). */
export class SpecificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(spec: Omit<Specification, 'id' | 'createdAt' | 'approvedBy' | 'approvedAt' | 'status'>, manager: EntityManager): Promise<Specification> {
    const [row]: SpecRow[] = await manager.query(
      `INSERT INTO quality.specification (spec_number, version, material_code, operation, status, effective_from, created_by)
       VALUES ($1, $2, $3, $4, 'DRAFT', $5, $6) RETURNING *`,
      [spec.specNumber, spec.version, spec.materialCode, spec.operation, spec.effectiveFrom, spec.createdBy],
    );
    for (const p of spec.parameters) {
      await manager.query(
        `INSERT INTO quality.spec_parameter (specification_id, parameter, unit, lsl, usl, target, lower_warning, upper_warning, critical)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.id, p.parameter, p.unit, p.lsl, p.usl, p.target, p.lowerWarning, p.upperWarning, p.critical],
      );
    }
    return (await this.withParameters([row], manager))[0];
  }

  async approve(id: string, approvedBy: string, approvedAt: Date, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = $2, approved_at = $3 WHERE id = $1`, [id, approvedBy, approvedAt]);
  }

  /** All versions of a specification number, oldest first; locked when a manager in a transaction asks. */
  async versions(specNumber: string, manager?: EntityManager, lock = false): Promise<Specification[]> {
    const rows: SpecRow[] = await this.m(manager).query(
      `SELECT * FROM quality.specification WHERE spec_number = $1 ORDER BY version${lock ? ' FOR UPDATE' : ''}`,
      [specNumber],
    );
    return this.withParameters(rows, manager);
  }

  /** The approved version in force for a material and operation at an instant: the latest to take effect by then. */
  async inForce(materialCode: string, operation: string, at: Date, manager?: EntityManager): Promise<Specification | null> {
    const rows: SpecRow[] = await this.m(manager).query(
      `SELECT * FROM quality.specification
        WHERE material_code = $1 AND operation = $2 AND status = 'APPROVED' AND effective_from <= $3
        ORDER BY effective_from DESC, version DESC LIMIT 1`,
      [materialCode, operation, at],
    );
    return (await this.withParameters(rows, manager))[0] ?? null;
  }

  /** Every approved version for a material and operation, the latest to take effect first: what was in force when. */
  async approvedVersions(materialCode: string, operation: string, manager?: EntityManager): Promise<Specification[]> {
    const rows: SpecRow[] = await this.m(manager).query(
      `SELECT * FROM quality.specification WHERE material_code = $1 AND operation = $2 AND status = 'APPROVED'
        ORDER BY effective_from DESC, version DESC`,
      [materialCode, operation],
    );
    return this.withParameters(rows, manager);
  }

  async list(filter: { materialCode?: string | null; specNumber?: string | null }, manager?: EntityManager): Promise<Specification[]> {
    const rows: SpecRow[] = await this.m(manager).query(
      `SELECT * FROM quality.specification
        WHERE ($1::text IS NULL OR material_code = $1) AND ($2::text IS NULL OR spec_number = $2)
        ORDER BY spec_number, version`,
      [filter.materialCode ?? null, filter.specNumber ?? null],
    );
    return this.withParameters(rows, manager);
  }

  private async withParameters(rows: SpecRow[], manager?: EntityManager): Promise<Specification[]> {
    if (rows.length === 0) return [];
    const params: ParamRow[] = await this.m(manager).query(
      `SELECT * FROM quality.spec_parameter WHERE specification_id = ANY($1::uuid[]) ORDER BY parameter`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: r.id,
      specNumber: r.spec_number,
      version: r.version,
      materialCode: r.material_code,
      operation: r.operation,
      status: r.status,
      effectiveFrom: new Date(r.effective_from),
      createdBy: r.created_by,
      createdAt: new Date(r.created_at),
      approvedBy: r.approved_by,
      approvedAt: r.approved_at === null ? null : new Date(r.approved_at),
      parameters: params
        .filter((p) => p.specification_id === r.id)
        .map((p): SpecParameter => ({
          parameter: p.parameter,
          unit: p.unit,
          lsl: Number(p.lsl),
          usl: Number(p.usl),
          target: num(p.target),
          lowerWarning: num(p.lower_warning),
          upperWarning: num(p.upper_warning),
          critical: p.critical,
        })),
    }));
  }
}
