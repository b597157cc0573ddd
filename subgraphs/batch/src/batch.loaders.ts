import type DataLoader from 'dataloader';
import { createAuditHistoryLoader, createGroupLoader, createKeyLoader, type AuditHistoryLoader, type ESignature } from '@lotgraph/server';
import type { BatchRepositories } from './batch.repositories';
import type { LotEntity } from './lot/lot.entity';
import type { MaterialEntity } from './material/material.entity';
import type { SupplierEntity } from './supplier/supplier.entity';
import type { EquipmentEntity } from './equipment/equipment.entity';
import type { ProductionOrderEntity } from './production/production-order.entity';
import type { ProductionSegmentEntity } from './production/production-segment.entity';
import type { CustomerEntity } from './shipment/customer.entity';
import type { ShipmentLineEntity } from './shipment/shipment-line.entity';
import type { ShipmentEntity } from './shipment/shipment.entity';
import type { LotStatusChangeEntity } from './lot/lot-status-change.entity';
import type { LotUsageRefusalEntity } from './lot/lot-usage-refusal.entity';
import type { InventoryMovementEntity } from './inventory/inventory-movement.entity';
import type { MaterialActualEntity } from './production/material-actual.entity';
import type { RecallEntity } from './recall/recall.entity';
import type { RecallLotEntity } from './recall/recall-lot.entity';
import type { LotExceptionDispositionEntity, LotExceptionHoldEntity } from './lot/lot-exception-hold.entity';

export interface BatchLoaders {
  lotById: DataLoader<string, LotEntity | null>;
  lotByNumber: DataLoader<string, LotEntity | null>;
  materialById: DataLoader<string, MaterialEntity | null>;
  supplierById: DataLoader<string, SupplierEntity | null>;
  equipmentById: DataLoader<string, EquipmentEntity | null>;
  orderById: DataLoader<string, ProductionOrderEntity | null>;
  segmentById: DataLoader<string, ProductionSegmentEntity | null>;
  segmentsByOrderId: DataLoader<string, ProductionSegmentEntity[]>;
  shipmentById: DataLoader<string, ShipmentEntity | null>;
  customerById: DataLoader<string, CustomerEntity | null>;
  linesByShipmentId: DataLoader<string, ShipmentLineEntity[]>;
  statusChangesByLotId: DataLoader<string, LotStatusChangeEntity[]>;
  usageRefusalsByLotId: DataLoader<string, LotUsageRefusalEntity[]>;
  movementsByLotId: DataLoader<string, InventoryMovementEntity[]>;
  actualsBySegmentId: DataLoader<string, MaterialActualEntity[]>;
  recallById: DataLoader<string, RecallEntity | null>;
  recallLotsByRecallId: DataLoader<string, RecallLotEntity[]>;
  history: AuditHistoryLoader;
  /** A lot's e-signatures by lot number (as the audit trail names the lot), oldest first. */
  signaturesByLotNumber: DataLoader<string, ESignature[]>;
  /** Holds quality exceptions placed on a lot, and their dispositions, by lot id. */
  exceptionHoldsByLotId: DataLoader<string, LotExceptionHoldEntity[]>;
  exceptionDispositionsByLotId: DataLoader<string, LotExceptionDispositionEntity[]>;
}

export function createBatchLoaders(repos: BatchRepositories): BatchLoaders {
  return {
    lotById: createKeyLoader((ids) => repos.lots.findByIds(ids)),
    lotByNumber: createKeyLoader((numbers) => repos.lots.findByLotNumbers(numbers), (lot) => lot.lotNumber),
    materialById: createKeyLoader((ids) => repos.materials.findByIds(ids)),
    supplierById: createKeyLoader((ids) => repos.suppliers.findByIds(ids)),
    equipmentById: createKeyLoader((ids) => repos.equipment.findByIds(ids)),
    orderById: createKeyLoader((ids) => repos.production.findByIds(ids)),
    segmentById: createKeyLoader((ids) => repos.production.findSegmentsByIds(ids)),
    segmentsByOrderId: createGroupLoader(async (ids) =>
      (await repos.production.findSegmentsByOrderIds(ids)).map((row) => ({ key: row.productionOrderId, row })),
    ),
    shipmentById: createKeyLoader((ids) => repos.shipments.findByIds(ids)),
    customerById: createKeyLoader((ids) => repos.shipments.findCustomersByIds(ids)),
    linesByShipmentId: createGroupLoader(async (ids) =>
      (await repos.shipments.findLinesByShipmentIds(ids)).map((row) => ({ key: row.shipmentId, row })),
    ),
    exceptionHoldsByLotId: createGroupLoader(async (ids) => (await repos.exceptionHolds.holdsOf(ids)).map((row) => ({ key: row.lotId, row }))),
    exceptionDispositionsByLotId: createGroupLoader(async (ids) => (await repos.exceptionHolds.dispositionsOf(ids)).map((row) => ({ key: row.lotId, row }))),
    statusChangesByLotId: createGroupLoader(async (ids) =>
      (await repos.statusChanges.findByLotIds(ids)).map((row) => ({ key: row.lotId, row })),
    ),
    usageRefusalsByLotId: createGroupLoader(async (ids) =>
      (await repos.usageRefusals.findByLotIds(ids)).map((row) => ({ key: row.lotId, row })),
    ),
    movementsByLotId: createGroupLoader(async (ids) =>
      (await repos.movements.findByLotIds(ids)).map((row) => ({ key: row.lotId, row })),
    ),
    actualsBySegmentId: createGroupLoader(async (ids) =>
      (await repos.production.findActualsBySegmentIds(ids)).map((row) => ({ key: row.segmentId, row })),
    ),
    recallById: createKeyLoader((ids) => repos.recalls.findByIds(ids)),
    recallLotsByRecallId: createGroupLoader(async (ids) =>
      (await repos.recalls.findLotsByRecallIds(ids)).map((row) => ({ key: row.recallId, row })),
    ),
    history: createAuditHistoryLoader(repos.audit),
    signaturesByLotNumber: createGroupLoader(async (lotNumbers) =>
      (await repos.signatures.findFor('Lot', lotNumbers)).map((row) => ({ key: row.entityId, row })),
    ),
  };
}
