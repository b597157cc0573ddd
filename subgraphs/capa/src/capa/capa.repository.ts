import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { CapaEntity, type CapaStatus } from './capa.entity';
import { CapaActionEntity } from './capa-action.entity';

export interface CapaQuery {
  statuses?: CapaStatus[];
  afterNumber?: string;
  limit: number;
}

export class CapaRepository extends BaseRepository<CapaEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, CapaEntity);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<CapaEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  findByExceptionIds(exceptionIds: readonly string[], manager?: EntityManager): Promise<CapaEntity[]> {
    if (exceptionIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { exceptionId: In([...exceptionIds]) }, order: { number: 'ASC' } });
  }

  async findPage(query: CapaQuery, manager?: EntityManager): Promise<{ rows: CapaEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('capa');
    if (query.statuses?.length) builder.andWhere('capa.status IN (:...statuses)', { statuses: query.statuses });
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('capa.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('capa.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }

  findActions(capaIds: readonly string[], manager?: EntityManager): Promise<CapaActionEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.actions(manager).find({ where: { capaId: In([...capaIds]) }, order: { position: 'ASC' } });
  }

  saveAction(action: Partial<CapaActionEntity>, manager?: EntityManager): Promise<CapaActionEntity> {
    return this.actions(manager).save(action);
  }

  private actions(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(CapaActionEntity);
  }
}
