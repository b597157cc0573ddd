import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit } from '@lotgraph/server';
import { QualityExceptionEntity, type ExceptionStatus, type Severity } from './quality-exception.entity';
import { AffectedLotEntity } from './affected-lot.entity';
import { OPEN_STATUSES_SQL, isOpen } from './exception-status';
import type { RuleKind } from '../rule/rule-kind';

export interface ExceptionQuery {
  statuses?: ExceptionStatus[];
  severities?: Severity[];
  equipmentCode?: string;
  /** true: past due at `at` and not yet dispositioned; false: every other (no due time is never overdue). */
  overdue?: { is: boolean; at: Date };
  ruleKinds?: RuleKind[];
  /** Only these numbers; an empty list matches none. */
  numbers?: string[];
  detectedFrom?: Date;
  detectedTo?: Date;
  afterNumber?: string;
  limit: number;
}

export class QualityExceptionRepository extends BaseRepository<QualityExceptionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, QualityExceptionEntity);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<QualityExceptionEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  findByReportKey(key: string, manager?: EntityManager): Promise<QualityExceptionEntity | null> {
    return this.repo(manager).findOneBy({ reportKey: key });
  }

  async findPage(query: ExceptionQuery, manager?: EntityManager): Promise<{ rows: QualityExceptionEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('ex');
    if (query.statuses?.length) builder.andWhere('ex.status IN (:...statuses)', { statuses: query.statuses });
    if (query.severities?.length) builder.andWhere('ex.severity IN (:...severities)', { severities: query.severities });
    if (query.equipmentCode) builder.andWhere('ex.equipment_code = :equipmentCode', { equipmentCode: query.equipmentCode });
    if (query.overdue) {
      const overdue = `coalesce(ex.status IN (${OPEN_STATUSES_SQL}) AND ex.due_at < :overdueAt, false)`;
      builder.andWhere(query.overdue.is ? overdue : `NOT ${overdue}`, { overdueAt: query.overdue.at });
    }
    if (query.ruleKinds?.length) {
      builder.andWhere(
        `(EXISTS (SELECT 1 FROM quality.exception_violation ev JOIN quality.rule_violation v ON v.id = ev.violation_id JOIN quality.quality_rule r ON r.id = v.rule_id
                   WHERE ev.exception_id = ex.id AND r.kind IN (:...ruleKinds))
          OR EXISTS (SELECT 1 FROM quality.exception_finding ef JOIN quality.lot_finding f ON f.id = ef.finding_id JOIN quality.quality_rule r ON r.id = f.rule_id
                   WHERE ef.exception_id = ex.id AND r.kind IN (:...ruleKinds)))`,
        { ruleKinds: query.ruleKinds },
      );
    }
    if (query.numbers) builder.andWhere(query.numbers.length ? 'ex.number IN (:...numbers)' : 'false', { numbers: query.numbers });
    if (query.detectedFrom) builder.andWhere('ex.detected_at >= :detectedFrom', { detectedFrom: query.detectedFrom });
    if (query.detectedTo) builder.andWhere('ex.detected_at < :detectedTo', { detectedTo: query.detectedTo });
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('ex.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('ex.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }

  /** Which of these numbers name an exception, in number order. */
  async existingNumbers(numbers: readonly string[], manager?: EntityManager): Promise<string[]> {
    if (numbers.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query('SELECT number FROM quality.quality_exception WHERE number = ANY($1::text[]) ORDER BY number', [[...numbers]])) as Array<{
      number: string;
    }>;
    return rows.map((row) => row.number);
  }

  /** Exceptions affecting any of the lots, in one query, newest first. */
  async findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<Array<{ key: string; row: QualityExceptionEntity }>> {
    if (lotIds.length === 0) return [];
    const links = await this.affected(manager).find({
      where: { lotId: In([...lotIds]) },
      relations: { exception: true },
      order: { exception: { detectedAt: 'DESC' } },
    });
    return links.map((link) => ({ key: link.lotId, row: link.exception! }));
  }

  /** The next EX-<year>-NNNN, the year locked until the caller's transaction ends, so two exceptions never share one. */
  async allocateNumber(year: number, manager: EntityManager): Promise<string> {
    await lockKeyUntilCommit(manager, `quality.exception-number.${year}`);
    const rows = (await manager.query(`SELECT max(number) AS last FROM quality.quality_exception WHERE number LIKE $1`, [`EX-${year}-%`])) as Array<{
      last: string | null;
    }>;
    const last = rows[0]?.last ? Number(rows[0].last.split('-')[2]) : 0;
    return `EX-${year}-${String(last + 1).padStart(4, '0')}`;
  }

  findByIdForUpdate(id: string, manager: EntityManager): Promise<QualityExceptionEntity | null> {
    return this.repo(manager).createQueryBuilder('ex').where('ex.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  findAffectedLots(exceptionIds: readonly string[], manager?: EntityManager): Promise<AffectedLotEntity[]> {
    if (exceptionIds.length === 0) return Promise.resolve([]);
    return this.affected(manager).find({ where: { exceptionId: In([...exceptionIds]) }, order: { role: 'ASC' } });
  }

  saveAffectedLot(affected: AffectedLotEntity, manager?: EntityManager): Promise<AffectedLotEntity> {
    return this.affected(manager).save(affected);
  }

  /** The exception a violation was last grouped into, locked. */
  async findByViolationForUpdate(violationId: string, manager: EntityManager): Promise<QualityExceptionEntity | null> {
    const rows = (await manager.query(`SELECT exception_id FROM quality.exception_violation WHERE violation_id = $1 ORDER BY linked_at DESC LIMIT 1`, [
      violationId,
    ])) as Array<{ exception_id: string }>;
    return rows[0] ? this.findByIdForUpdate(rows[0].exception_id, manager) : null;
  }

  /**
   * The open exception (not yet dispositioned) of the same equipment and parameter with a violation seen within
   * [from, to] (a violation's span widened by its rule's window; readings may arrive out of order), locked: a
   * further violation from the same cause joins it instead of raising another.
   */
  async findOpenForSeriesForUpdate(equipmentCode: string, parameter: string, from: Date, to: Date, manager: EntityManager): Promise<QualityExceptionEntity | null> {
    const rows = (await manager.query(
      `SELECT ex.id FROM quality.quality_exception ex
        WHERE ex.equipment_code = $1 AND ex.parameter = $2 AND ex.status IN (${OPEN_STATUSES_SQL})
          AND EXISTS (SELECT 1 FROM quality.exception_violation ev JOIN quality.rule_violation v ON v.id = ev.violation_id
                       WHERE ev.exception_id = ex.id AND v.last_at >= $3 AND v.first_at <= $4)
        ORDER BY ex.detected_at DESC LIMIT 1`,
      [equipmentCode, parameter, from, to],
    )) as Array<{ id: string }>;
    if (!rows[0]) return null;
    // Read again under the lock: its last lot may have been dispositioned while this waited.
    const locked = await this.findByIdForUpdate(rows[0].id, manager);
    return locked && isOpen(locked.status) ? locked : null;
  }

  async linkViolation(exceptionId: string, violationId: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO quality.exception_violation (exception_id, violation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING violation_id`,
      [exceptionId, violationId],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The violations grouped into each exception, oldest link first. */
  async violationIdsOf(exceptionIds: readonly string[], manager?: EntityManager): Promise<Array<{ key: string; row: string }>> {
    if (exceptionIds.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT exception_id, violation_id FROM quality.exception_violation WHERE exception_id = ANY($1) ORDER BY linked_at, violation_id`,
      [[...exceptionIds]],
    )) as Array<{ exception_id: string; violation_id: string }>;
    return rows.map((r) => ({ key: r.exception_id, row: r.violation_id }));
  }

  /** Exceptions past their due time, not yet dispositioned and not yet escalated. */
  findOverdueToEscalate(now: Date, manager?: EntityManager): Promise<QualityExceptionEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('ex')
      .where('ex.due_at < :now', { now })
      .andWhere(`ex.status IN (${OPEN_STATUSES_SQL})`)
      .andWhere('ex.escalated_at IS NULL')
      .orderBy('ex.due_at', 'ASC')
      .limit(100)
      .getMany();
  }

  private affected(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(AffectedLotEntity);
  }
}
