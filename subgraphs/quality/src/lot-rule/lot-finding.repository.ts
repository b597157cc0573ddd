import type { DataSource, EntityManager } from 'typeorm';
import type { RuleKind } from '../rule/rule-kind';
import { OPEN_STATUSES_SQL } from '../exception/exception-status';

/** What a lot rule found on one lot, with its evidence (inspections or refusals); kept once per key, append-only. */
export interface LotFinding {
  id: string;
  key: string;
  ruleId: string;
  lotId: string;
  lotNumber: string;
  /** The test name (inspection rules) or the refused use (HELD_LOT_USE). */
  subject: string | null;
  inspectionIds: string[];
  refusalIds: string[];
  detail: string;
  foundAt: Date;
}

type Row = {
  id: string; finding_key: string; rule_id: string; lot_id: string; lot_number: string; subject: string | null;
  inspection_ids: string[]; refusal_ids: string[]; detail: string; found_at: Date | string;
};

const toFinding = (r: Row): LotFinding => ({
  id: r.id, key: r.finding_key, ruleId: r.rule_id, lotId: r.lot_id, lotNumber: r.lot_number, subject: r.subject,
  inspectionIds: r.inspection_ids, refusalIds: r.refusal_ids, detail: r.detail, foundAt: new Date(r.found_at),
});

export class LotFindingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Null when a finding with this key exists already (the same evidence judged again). */
  async insertIfAbsent(finding: Omit<LotFinding, 'id'>, manager: EntityManager): Promise<LotFinding | null> {
    const rows: Row[] = await manager.query(
      `INSERT INTO quality.lot_finding (finding_key, rule_id, lot_id, lot_number, subject, inspection_ids, refusal_ids, detail, found_at)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7::uuid[], $8, $9) ON CONFLICT (finding_key) DO NOTHING RETURNING *`,
      [finding.key, finding.ruleId, finding.lotId, finding.lotNumber, finding.subject, finding.inspectionIds, finding.refusalIds, finding.detail, finding.foundAt],
    );
    return rows[0] ? toFinding(rows[0]) : null;
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<LotFinding[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.lot_finding WHERE id = ANY($1::uuid[])', [[...ids]]);
    return rows.map(toFinding);
  }

  /** The findings each exception groups, oldest link first. */
  async findByExceptionIds(exceptionIds: readonly string[], manager?: EntityManager): Promise<Array<{ key: string; row: LotFinding }>> {
    if (exceptionIds.length === 0) return [];
    const rows: Array<Row & { exception_id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT ef.exception_id, f.* FROM quality.exception_finding ef JOIN quality.lot_finding f ON f.id = ef.finding_id
        WHERE ef.exception_id = ANY($1::uuid[]) ORDER BY ef.linked_at, f.found_at, f.id`,
      [[...exceptionIds]],
    );
    return rows.map((r) => ({ key: r.exception_id, row: toFinding(r) }));
  }

  /** The exception a finding was linked to, if any. */
  async exceptionIdOf(findingId: string, manager: EntityManager): Promise<string | null> {
    const rows: Array<{ exception_id: string }> = await manager.query('SELECT exception_id FROM quality.exception_finding WHERE finding_id = $1', [findingId]);
    return rows[0]?.exception_id ?? null;
  }

  /** The open exception (not yet dispositioned) that groups findings of this rule kind on this lot. */
  async openExceptionIdFor(lotId: string, kind: RuleKind, manager: EntityManager): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT ex.id FROM quality.quality_exception ex
        WHERE ex.status IN (${OPEN_STATUSES_SQL})
          AND EXISTS (SELECT 1 FROM quality.exception_finding ef JOIN quality.lot_finding f ON f.id = ef.finding_id JOIN quality.quality_rule r ON r.id = f.rule_id
                       WHERE ef.exception_id = ex.id AND f.lot_id = $1 AND r.kind = $2)
        ORDER BY ex.detected_at DESC LIMIT 1`,
      [lotId, kind],
    );
    return rows[0]?.id ?? null;
  }

  async link(exceptionId: string, findingId: string, manager: EntityManager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'INSERT INTO quality.exception_finding (exception_id, finding_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING finding_id',
      [exceptionId, findingId],
    );
    return rows.length === 1;
  }
}
