import type DataLoader from 'dataloader';
import { createKeyLoader } from '@lotgraph/server';
import type { BatchRepositories } from './batch.repositories';
import type { LotEntity } from './lot/lot.entity';
import type { MaterialEntity } from './material/material.entity';
import type { SupplierEntity } from './supplier/supplier.entity';
import type { EquipmentEntity } from './equipment/equipment.entity';

export interface BatchLoaders {
  lotById: DataLoader<string, LotEntity | null>;
  lotByNumber: DataLoader<string, LotEntity | null>;
  materialById: DataLoader<string, MaterialEntity | null>;
  supplierById: DataLoader<string, SupplierEntity | null>;
  equipmentById: DataLoader<string, EquipmentEntity | null>;
}

export function createBatchLoaders(repos: BatchRepositories): BatchLoaders {
  return {
    lotById: createKeyLoader((ids) => repos.lots.findByIds(ids)),
    lotByNumber: createKeyLoader((numbers) => repos.lots.findByLotNumbers(numbers), (lot) => lot.lotNumber),
    materialById: createKeyLoader((ids) => repos.materials.findByIds(ids)),
    supplierById: createKeyLoader((ids) => repos.suppliers.findByIds(ids)),
    equipmentById: createKeyLoader((ids) => repos.equipment.findByIds(ids)),
  };
}
