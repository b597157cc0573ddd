import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { EquipmentEntity } from './equipment.entity';

export class EquipmentRepository extends BaseRepository<EquipmentEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, EquipmentEntity);
  }

  findByCode(code: string, manager?: EntityManager): Promise<EquipmentEntity | null> {
    return this.repo(manager).findOneBy({ code });
  }
}
