import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { LotDispositionEntity } from './lot-disposition.entity';

export class LotDispositionRepository extends BaseRepository<LotDispositionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, LotDispositionEntity);
  }

  insert(row: DeepPartial<LotDispositionEntity>, manager: EntityManager): Promise<LotDispositionEntity> {
    return this.repo(manager).save(this.repo(manager).create(row));
  }

  findOne(exceptionId: string, lotId: string, manager?: EntityManager): Promise<LotDispositionEntity | null> {
    return this.repo(manager).findOneBy({ exceptionId, lotId });
  }

  findByExceptionIds(exceptionIds: readonly string[], manager?: EntityManager): Promise<LotDispositionEntity[]> {
    if (exceptionIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { exceptionId: In([...exceptionIds]) }, order: { decidedAt: 'ASC', lotNumber: 'ASC' } });
  }
}
