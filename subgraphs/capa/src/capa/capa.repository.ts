import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit, notFound } from '@lotgraph/server';
import { CapaEntity, type CapaType } from './capa.entity';
import { CapaSourceEntity } from '../source/capa-source.entity';
import { OPEN_STATUSES_SQL, type CapaStatus } from './capa-status';

export interface CapaQuery {
  statuses?: CapaStatus[];
  types?: CapaType[];
  exceptionNumber?: string;
  owner?: string;
  overdue?: boolean;
  equipmentCode?: string;
  afterNumber?: string;
  limit: number;
}

/** Not closed or cancelled and past its due date (in UTC days) as of an instant (a SQL expression; now unless given). */
export const OVERDUE_SQL = (alias: string, asOf = 'now()') => `(${alias}.status IN (${OPEN_STATUSES_SQL}) AND ${alias}.due_on < (${asOf}::timestamptz AT TIME ZONE 'UTC')::date)`;

export class CapaRepository extends BaseRepository<CapaEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, CapaEntity);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<CapaEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  /** The CAPA with this number (trimmed), or a NOT_FOUND error naming it. */
  async require(number: string, manager?: EntityManager): Promise<CapaEntity> {
    const capa = await this.findByNumber(number.trim(), manager);
    if (!capa) throw notFound('Capa', 'number', number);
    return capa;
  }

  /** The CAPA, locked until the caller's transaction ends: one change of a CAPA at a time. */
  findByNumberForUpdate(number: string, manager: EntityManager): Promise<CapaEntity | null> {
    return this.repo(manager).createQueryBuilder('capa').where('capa.number = :number', { number }).setLock('pessimistic_write').getOne();
  }

  findByNumbers(numbers: readonly string[], manager?: EntityManager): Promise<CapaEntity[]> {
    if (numbers.length === 0) return Promise.resolve([]);
    return this.repo(manager).createQueryBuilder('capa').where('capa.number IN (:...numbers)', { numbers }).getMany();
  }

  /** The next CAPA-<year>-NNNN, the year locked until the caller's transaction ends, so two CAPAs never share one. */
  async allocateNumber(year: number, manager: EntityManager): Promise<string> {
    await lockKeyUntilCommit(manager, `capa.capa-number.${year}`);
    const [row]: Array<{ last: number | null }> = await manager.query(`SELECT max(split_part(number, '-', 3)::int) AS last FROM capa.capa WHERE number LIKE $1`, [`CAPA-${year}-%`]);
    const last = row?.last ?? 0;
    return `CAPA-${year}-${String(last + 1).padStart(4, '0')}`;
  }

  /** CAPAs answering each exception (by its id), in number order; one query. */
  async findByExceptionIds(exceptionIds: readonly string[], manager?: EntityManager): Promise<Array<{ key: string; row: CapaEntity }>> {
    if (exceptionIds.length === 0) return [];
    const { entities, raw } = await this.repo(manager)
      .createQueryBuilder('capa')
      .innerJoin(CapaSourceEntity, 'source', 'source.capaId = capa.id')
      .addSelect('source.exceptionId', 'source_exception_id')
      .where('source.exceptionId IN (:...exceptionIds)', { exceptionIds })
      .orderBy('capa.number', 'ASC')
      .getRawAndEntities<{ capa_id: string; source_exception_id: string }>();
    const byId = new Map(entities.map((capa) => [capa.id, capa]));
    return raw.map((row) => ({ key: row.source_exception_id, row: byId.get(row.capa_id)! }));
  }

  async findPage(query: CapaQuery, manager?: EntityManager): Promise<{ rows: CapaEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('capa');
    if (query.statuses?.length) builder.andWhere('capa.status IN (:...statuses)', { statuses: query.statuses });
    if (query.types?.length) builder.andWhere('capa.type IN (:...types)', { types: query.types });
    if (query.owner) builder.andWhere('capa.owner = :owner', { owner: query.owner });
    if (query.exceptionNumber) {
      builder.andWhere('EXISTS (SELECT 1 FROM capa.capa_source s WHERE s.capa_id = capa.id AND s.exception_number = :exceptionNumber)', { exceptionNumber: query.exceptionNumber });
    }
    if (query.equipmentCode) builder.andWhere(`(capa.scope -> 'equipmentCodes') @> jsonb_build_array(CAST(:equipmentCode AS text))`, { equipmentCode: query.equipmentCode });
    if (query.overdue !== undefined) builder.andWhere(query.overdue ? OVERDUE_SQL('capa') : `NOT ${OVERDUE_SQL('capa')}`);
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('capa.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('capa.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }

  /** Open (not closed or cancelled) CAPAs with this title, problem and type: a request sent again finds the CAPA it opened. */
  findSameRequest(title: string, problemStatement: string, type: CapaType, manager?: EntityManager): Promise<CapaEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('capa')
      .where(`capa.title = :title AND capa.problem_statement = :problemStatement AND capa.type = :type AND capa.status IN (${OPEN_STATUSES_SQL})`, { title, problemStatement, type })
      .getMany();
  }

  /** CAPAs opened before this one that share its root-cause category or anything of its scope (similarCapas' candidates). */
  async findSimilarCandidates(capa: CapaEntity, manager?: EntityManager): Promise<CapaEntity[]> {
    const scope = (name: keyof CapaEntity['scope']) => capa.scope[name] ?? [];
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT id FROM capa.capa
       WHERE created_at < $1 AND id <> $2 AND (
         root_cause_category = $3
         OR jsonb_exists_any(scope -> 'equipmentCodes', $4::text[]) OR jsonb_exists_any(scope -> 'parameters', $5::text[])
         OR jsonb_exists_any(scope -> 'materialCodes', $6::text[]) OR jsonb_exists_any(scope -> 'supplierCodes', $7::text[]))`,
      [capa.createdAt, capa.id, capa.rootCauseCategory, scope('equipmentCodes'), scope('parameters'), scope('materialCodes'), scope('supplierCodes')],
    );
    return this.findByIds(rows.map((row) => row.id), manager);
  }
}
