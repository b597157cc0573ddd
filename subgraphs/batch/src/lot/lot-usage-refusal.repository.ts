import { In, MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { LotUsageRefusalEntity } from './lot-usage-refusal.entity';

export class LotUsageRefusalRepository extends BaseRepository<LotUsageRefusalEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, LotUsageRefusalEntity);
  }

  findSince(since: Date, limit: number, manager?: EntityManager): Promise<LotUsageRefusalEntity[]> {
    return this.repo(manager).find({ where: { attemptedAt: MoreThanOrEqual(since) }, order: { attemptedAt: 'ASC' }, take: limit });
  }

  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<LotUsageRefusalEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { attemptedAt: 'ASC' } });
  }
}
