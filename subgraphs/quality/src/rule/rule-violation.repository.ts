import type { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@lotgraph/server';

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
  ids?: readonly string[] | null;
}

export class RuleViolationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * For several series at once: the violations of the given rules whose time span comes within windowMs of
   * [from, to] — every violation a batch of readings in that span could join — locked. NO KEY UPDATE: an
   * exception being raised for one of them holds a key-share lock on it (its link's foreign key) and then waits
   * for the audit trail this transaction holds; a FOR UPDATE here would wait for it, a deadlock.
   */
  async openAround(
    series: ReadonlyArray<{ equipmentCode: string; parameter: string; from: Date; to: Date }>,
    ruleIds: readonly string[],
    windowMs: number,
    manager: EntityManager,
  ): Promise<RuleViolation[]> {
    if (series.length === 0 || ruleIds.length === 0) return [];
    const rows: Row[] = await manager.query(
      `SELECT v.* FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS s(equipment_code, parameter, from_at, to_at)
         JOIN quality.rule_violation v ON v.equipment_code = s.equipment_code AND v.parameter = s.parameter
        WHERE v.rule_id = ANY($5::uuid[])
          AND v.first_at - make_interval(secs => $6) <= s.to_at AND v.last_at + make_interval(secs => $6) >= s.from_at
        ORDER BY v.id FOR NO KEY UPDATE OF v`,
      [series.map((s) => s.equipmentCode), series.map((s) => s.parameter), series.map((s) => s.from), series.map((s) => s.to), [...ruleIds], windowMs / 1000],
    );
    return rows.map(toViolation);
  }

  /** Stores new violations (ids made by the caller) and changes extended ones, one statement each; all as stored. */
  async save(created: readonly RuleViolation[], extended: readonly RuleViolation[], manager: EntityManager): Promise<RuleViolation[]> {
    const column = <T>(list: readonly RuleViolation[], pick: (v: RuleViolation) => T) => list.map(pick);
    const saved: Row[] = [];
    if (created.length > 0) {
      saved.push(...(await manager.query(
        `INSERT INTO quality.rule_violation (id, rule_id, equipment_code, parameter, first_at, last_at, evidence, detail)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::jsonb[], $8::text[]) RETURNING *`,
        [
          column(created, (v) => v.id), column(created, (v) => v.ruleId), column(created, (v) => v.equipmentCode), column(created, (v) => v.parameter),
          column(created, (v) => v.firstAt), column(created, (v) => v.lastAt), column(created, (v) => JSON.stringify(v.evidence)), column(created, (v) => v.detail),
        ],
      ) as Row[]));
    }
    if (extended.length > 0) {
      saved.push(...(await manager.query(
        // As a CTE, so the statement answers rows (an UPDATE answers a row count beside them).
        `WITH changed AS (
           UPDATE quality.rule_violation v SET first_at = c.first_at, last_at = c.last_at, evidence = c.evidence, detail = c.detail, updated_at = now()
             FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::jsonb[], $5::text[]) AS c(id, first_at, last_at, evidence, detail)
            WHERE v.id = c.id RETURNING v.*)
         SELECT * FROM changed`,
        [
          column(extended, (v) => v.id), column(extended, (v) => v.firstAt), column(extended, (v) => v.lastAt),
          column(extended, (v) => JSON.stringify(v.evidence)), column(extended, (v) => v.detail),
        ],
      ) as Row[]));
    }
    return saved.map(toViolation);
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<RuleViolation[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.rule_violation WHERE id = ANY($1)', [[...ids]]);
    return rows.map(toViolation);
  }

  async page(filter: ViolationFilter, afterKey: string | undefined, limit: number, manager?: EntityManager): Promise<{ rows: RuleViolation[]; total: number }> {
    const m = manager ?? this.dataSource.manager;
    const where = `($1::text IS NULL OR v.equipment_code = $1) AND ($2::text IS NULL OR v.parameter = $2)
      AND ($3::text IS NULL OR v.rule_id = (SELECT id FROM quality.quality_rule WHERE code = $3))
      AND ($4::uuid[] IS NULL OR v.id = ANY($4::uuid[]))`;
    const params = [filter.equipmentCode ?? null, filter.parameter ?? null, filter.ruleCode ?? null, filter.ids ? filter.ids.filter(isUuid) : null];
    const [{ total }]: Array<{ total: string }> = await m.query(`SELECT count(*) AS total FROM quality.rule_violation v WHERE ${where}`, params);
    // Keyset on (first_at, id), encoded as "<iso>|<id>".
    const [afterAt, afterId] = afterKey ? afterKey.split('|') : [null, null];
    const rows: Row[] = await m.query(
      `SELECT v.* FROM quality.rule_violation v WHERE ${where}
         AND ($5::timestamptz IS NULL OR (v.first_at, v.id) > ($5::timestamptz, $6::uuid))
       ORDER BY v.first_at, v.id LIMIT $7`,
      [...params, afterAt, afterId, limit],
    );
    return { rows: rows.map(toViolation), total: Number(total) };
  }
}

export const violationKey = (v: RuleViolation): string => `${v.firstAt.toISOString()}|${v.id}`;
