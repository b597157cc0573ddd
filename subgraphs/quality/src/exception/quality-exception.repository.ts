import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { QualityExceptionEntity, type ExceptionStatus, type Severity } from './quality-exception.entity';
import { AffectedLotEntity } from './affected-lot.entity';

export interface ExceptionQuery {
  statuses?: ExceptionStatus[];
  severities?: Severity[];
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

  async findPage(query: ExceptionQuery, manager?: EntityManager): Promise<{ rows: QualityExceptionEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('ex');
    if (query.statuses?.length) builder.andWhere('ex.status IN (:...statuses)', { statuses: query.statuses });
    if (query.severities?.length) builder.andWhere('ex.severity IN (:...severities)', { severities: query.severities });
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('ex.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('ex.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
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

  /** The next EX-<year>-NNNN; the caller holds lockKeyUntilCommit on the year, so two reports never share one. */
  async nextNumber(year: number, manager: EntityManager): Promise<string> {
    const rows = (await manager.query(`SELECT max(number) AS last FROM quality.quality_exception WHERE number LIKE $1`, [`EX-${year}-%`])) as Array<{
      last: string | null;
    }>;
    const last = rows[0]?.last ? Number(rows[0].last.split('-')[2]) : 0;
    return `EX-${year}-${String(last + 1).padStart(4, '0')}`;
  }

  findByIdForUpdate(id: string, manager: EntityManager): Promise<QualityExceptionEntity | null> {
    return this.repo(manager).createQueryBuilder('ex').where('ex.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  findByNumberForUpdate(number: string, manager: EntityManager): Promise<QualityExceptionEntity | null> {
    return this.repo(manager).createQueryBuilder('ex').where('ex.number = :number', { number }).setLock('pessimistic_write').getOne();
  }

  findAffectedLots(exceptionIds: readonly string[], manager?: EntityManager): Promise<AffectedLotEntity[]> {
    if (exceptionIds.length === 0) return Promise.resolve([]);
    return this.affected(manager).find({ where: { exceptionId: In([...exceptionIds]) }, order: { role: 'ASC' } });
  }

  saveAffectedLot(affected: AffectedLotEntity, manager?: EntityManager): Promise<AffectedLotEntity> {
    return this.affected(manager).save(affected);
  }

  private affected(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(AffectedLotEntity);
  }
}
