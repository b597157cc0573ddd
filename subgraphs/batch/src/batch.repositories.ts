import type { DataSource } from 'typeorm';
import { LotRepository } from './lot/lot.repository';
import { MaterialRepository } from './material/material.repository';
import { SupplierRepository } from './supplier/supplier.repository';
import { EquipmentRepository } from './equipment/equipment.repository';

export interface BatchRepositories {
  lots: LotRepository;
  materials: MaterialRepository;
  suppliers: SupplierRepository;
  equipment: EquipmentRepository;
}

export function createBatchRepositories(dataSource: DataSource): BatchRepositories {
  return {
    lots: new LotRepository(dataSource),
    materials: new MaterialRepository(dataSource),
    suppliers: new SupplierRepository(dataSource),
    equipment: new EquipmentRepository(dataSource),
  };
}
