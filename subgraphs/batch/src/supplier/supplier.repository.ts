import type { DataSource } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { SupplierEntity } from './supplier.entity';

export class SupplierRepository extends BaseRepository<SupplierEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, SupplierEntity);
  }
}
