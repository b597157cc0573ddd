import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { LotEntity } from './lot/lot.entity';
import { MaterialEntity } from './material/material.entity';
import { SupplierEntity } from './supplier/supplier.entity';
import { EquipmentEntity } from './equipment/equipment.entity';
import { CreateBatchTables1763712000000 } from './migrations/1763712000000-create-batch-tables';

export function createBatchDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'batch',
    entities: [LotEntity, MaterialEntity, SupplierEntity, EquipmentEntity],
    migrations: [CreateBatchTables1763712000000],
  });
}
