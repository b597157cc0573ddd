import type { DataSource } from 'typeorm';
import { AuditTrail, SignatureRepository } from '@lotgraph/server';
import { LotRepository } from './lot/lot.repository';
import { MaterialRepository } from './material/material.repository';
import { SupplierRepository } from './supplier/supplier.repository';
import { EquipmentRepository } from './equipment/equipment.repository';
import { ProductionRepository } from './production/production.repository';
import { GenealogyRepository } from './genealogy/genealogy.repository';
import { ShipmentRepository } from './shipment/shipment.repository';
import { LotStatusChangeRepository } from './lot/lot-status-change.repository';
import { LotUsageRefusalRepository } from './lot/lot-usage-refusal.repository';
import { InventoryMovementRepository } from './inventory/inventory-movement.repository';
import { MaterialSubLotRepository } from './lot/material-sublot.repository';
import { RecallRepository } from './recall/recall.repository';
import { LotExceptionHoldRepository } from './lot/lot-exception-hold.repository';

export interface BatchRepositories {
  lots: LotRepository;
  materials: MaterialRepository;
  suppliers: SupplierRepository;
  equipment: EquipmentRepository;
  production: ProductionRepository;
  genealogy: GenealogyRepository;
  shipments: ShipmentRepository;
  statusChanges: LotStatusChangeRepository;
  usageRefusals: LotUsageRefusalRepository;
  movements: InventoryMovementRepository;
  sublots: MaterialSubLotRepository;
  recalls: RecallRepository;
  /** Holds quality exceptions placed on lots, and the dispositions that lift them. */
  exceptionHolds: LotExceptionHoldRepository;
  /** The batch domain's audit trail, written in the transaction of each change. */
  audit: AuditTrail;
  /** The batch domain's e-signatures (a lot's release), append-only. */
  signatures: SignatureRepository;
}

export function createBatchRepositories(dataSource: DataSource): BatchRepositories {
  return {
    lots: new LotRepository(dataSource),
    materials: new MaterialRepository(dataSource),
    suppliers: new SupplierRepository(dataSource),
    equipment: new EquipmentRepository(dataSource),
    production: new ProductionRepository(dataSource),
    genealogy: new GenealogyRepository(dataSource),
    shipments: new ShipmentRepository(dataSource),
    statusChanges: new LotStatusChangeRepository(dataSource),
    usageRefusals: new LotUsageRefusalRepository(dataSource),
    movements: new InventoryMovementRepository(dataSource),
    sublots: new MaterialSubLotRepository(dataSource),
    recalls: new RecallRepository(dataSource),
    exceptionHolds: new LotExceptionHoldRepository(dataSource),
    audit: new AuditTrail(dataSource, 'batch'),
    signatures: new SignatureRepository(dataSource, 'batch'),
  };
}
