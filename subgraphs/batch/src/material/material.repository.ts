import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { MaterialEntity } from './material.entity';

export class MaterialRepository extends BaseRepository<MaterialEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, MaterialEntity);
  }

  findByCode(code: string, manager?: EntityManager): Promise<MaterialEntity | null> {
    return this.repo(manager).findOneBy({ code });
  }

  findAll(manager?: EntityManager): Promise<MaterialEntity[]> {
    return this.repo(manager).find({ order: { code: 'ASC' } });
  }
}
