import type { DataSource, EntityManager } from 'typeorm';

/** One cause found by one rule on one equipment's parameter: the readings that show it, first to last. */
export interface RuleViolation {
  id: string;
  ruleId: string;
  equipmentCode: string;
  parameter: string;
  firstAt: Date;
  lastAt: Date;
  /** Ids of the readings that show the violation, in the order they were found. */
  evidence: string[];
  detail: string;
  createdAt: Date;
  updatedAt: Date;
}

type Row = {
  id: string; rule_id: string; equipment_code: string; parameter: string; first_at: Date | string; last_at: Date | string;
  evidence: string[]; detail: string; created_at: Date | string; updated_at: Date | string;
};
const toViolation = (r: Row): RuleViolation => ({
  id: r.id, ruleId: r.rule_id, equipmentCode: r.equipment_code, parameter: r.parameter, firstAt: new Date(r.first_at), lastAt: new Date(r.last_at),
  evidence: r.evidence, detail: r.detail, createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
});

export interface ViolationFilter {
  equipmentCode?: string | null;
  parameter?: string | null;
  ruleCode?: string | null;
}

export class RuleViolationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The violation of this rule on this series whose time span lies within windowMs of the instant, locked. */
  async findOpen(key: { ruleId: string; equipmentCode: string; parameter: string }, at: Date, windowMs: number, manager: EntityManager): Promise<RuleViolation | null> {
    const rows: Row[] = await manager.query(
      `SELECT * FROM quality.rule_violation
        WHERE rule_id = $1 AND equipment_code = $2 AND parameter = $3
          AND first_at - make_interval(secs => $5) <= $4 AND last_at + make_interval(secs => $5) >= $4
        ORDER BY last_at DESC LIMIT 1 FOR UPDATE`,
      [key.ruleId, key.equipmentCode, key.parameter, at, windowMs / 1000],
    );
    return rows[0] ? toViolation(rows[0]) : null;
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<RuleViolation[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.rule_violation WHERE id = ANY($1)', [[...ids]]);
    return rows.map(toViolation);
  }

  async insert(v: Omit<RuleViolation, 'id' | 'createdAt' | 'updatedAt'>, manager: EntityManager): Promise<RuleViolation> {
    const [row]: Row[] = await manager.query(
      `INSERT INTO quality.rule_violation (rule_id, equipment_code, parameter, first_at, last_at, evidence, detail)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING *`,
      [v.ruleId, v.equipmentCode, v.parameter, v.firstAt, v.lastAt, JSON.stringify(v.evidence), v.detail],
    );
    return toViolation(row);
  }

  async extend(id: string, change: { firstAt: Date; lastAt: Date; evidence: string[]; detail: string }, manager: EntityManager): Promise<RuleViolation> {
    await manager.query(
      `UPDATE quality.rule_violation SET first_at = $2, last_at = $3, evidence = $4::jsonb, detail = $5, updated_at = now() WHERE id = $1`,
      [id, change.firstAt, change.lastAt, JSON.stringify(change.evidence), change.detail],
    );
    const [row]: Row[] = await manager.query('SELECT * FROM quality.rule_violation WHERE id = $1', [id]);
    return toViolation(row);
  }

  async page(filter: ViolationFilter, afterKey: string | undefined, limit: number, manager?: EntityManager): Promise<{ rows: RuleViolation[]; total: number }> {
    const m = manager ?? this.dataSource.manager;
    const where = `($1::text IS NULL OR v.equipment_code = $1) AND ($2::text IS NULL OR v.parameter = $2)
      AND ($3::text IS NULL OR v.rule_id = (SELECT id FROM quality.quality_rule WHERE code = $3))`;
    const params = [filter.equipmentCode ?? null, filter.parameter ?? null, filter.ruleCode ?? null];
    const [{ total }]: Array<{ total: string }> = await m.query(`SELECT count(*) AS total FROM quality.rule_violation v WHERE ${where}`, params);
    // Keyset on (first_at, id), encoded as "<iso>|<id>".
    const [afterAt, afterId] = afterKey ? afterKey.split('|') : [null, null];
    const rows: Row[] = await m.query(
      `SELECT v.* FROM quality.rule_violation v WHERE ${where}
         AND ($4::timestamptz IS NULL OR (v.first_at, v.id) > ($4::timestamptz, $5::uuid))
       ORDER BY v.first_at, v.id LIMIT $6`,
      [...params, afterAt, afterId, limit],
    );
    return { rows: rows.map(toViolation), total: Number(total) };
  }
}

export const violationKey = (v: RuleViolation): string => `${v.firstAt.toISOString()}|${v.id}`;
