import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { LotStatusChangeEntity } from './lot-status-change.entity';

export class LotStatusChangeRepository extends BaseRepository<LotStatusChangeEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, LotStatusChangeEntity);
  }

  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<LotStatusChangeEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { changedAt: 'ASC' } });
  }
}
