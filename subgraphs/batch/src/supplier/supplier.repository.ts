import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { SupplierEntity } from './supplier.entity';

export class SupplierRepository extends BaseRepository<SupplierEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, SupplierEntity);
  }

  findByCode(code: string, manager?: EntityManager): Promise<SupplierEntity | null> {
    return this.repo(manager).findOneBy({ code });
  }
}
