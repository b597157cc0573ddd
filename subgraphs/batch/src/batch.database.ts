import { CreateAuditTrail1764144000000 } from './migrations/1764144000000-create-audit-trail';
import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { LotEntity } from './lot/lot.entity';
import { MaterialEntity } from './material/material.entity';
import { SupplierEntity } from './supplier/supplier.entity';
import { EquipmentEntity } from './equipment/equipment.entity';
import { ProductionOrderEntity } from './production/production-order.entity';
import { ProductionSegmentEntity } from './production/production-segment.entity';
import { MaterialActualEntity } from './production/material-actual.entity';
import { GenealogyLinkEntity } from './genealogy/genealogy-link.entity';
import { CustomerEntity } from './shipment/customer.entity';
import { ShipmentEntity } from './shipment/shipment.entity';
import { ShipmentLineEntity } from './shipment/shipment-line.entity';
import { LotStatusChangeEntity } from './lot/lot-status-change.entity';
import { LotUsageRefusalEntity } from './lot/lot-usage-refusal.entity';
import { InventoryMovementEntity } from './inventory/inventory-movement.entity';
import { MaterialSubLotEntity } from './lot/material-sublot.entity';
import { RecallEntity } from './recall/recall.entity';
import { RecallLotEntity } from './recall/recall-lot.entity';
import { CreateInventoryTables1764057600000 } from './migrations/1764057600000-create-inventory-tables';
import { CreateBatchTables1763712000000 } from './migrations/1763712000000-create-batch-tables';
import { CreateGenealogyTables1763798400000 } from './migrations/1763798400000-create-genealogy-tables';
import { CreateLotStatusHistory1763884800000 } from './migrations/1763884800000-create-lot-status-history';
import { CreateLotUsageRefusal1763971200000 } from './migrations/1763971200000-create-lot-usage-refusal';
import { CreateESignature1764230400000 } from './migrations/1764230400000-create-e-signature';
import { CreateLotExceptionHolds1764600100000 } from './migrations/1764600100000-create-lot-exception-holds';
import { LotExceptionDispositionEntity, LotExceptionHoldEntity } from './lot/lot-exception-hold.entity';
import { CreateBatchOutbox1764800100000 } from './migrations/1764800100000-create-outbox';
import { SignAuditEntries1766000000000 } from './migrations/1766000000000-sign-audit-entries';

export function createBatchDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'batch',
    entities: [
      LotEntity,
      MaterialEntity,
      SupplierEntity,
      EquipmentEntity,
      ProductionOrderEntity,
      ProductionSegmentEntity,
      MaterialActualEntity,
      GenealogyLinkEntity,
      CustomerEntity,
      ShipmentEntity,
      ShipmentLineEntity,
      LotStatusChangeEntity,
      LotUsageRefusalEntity,
      InventoryMovementEntity,
      MaterialSubLotEntity,
      RecallEntity,
      RecallLotEntity,
      LotExceptionHoldEntity,
      LotExceptionDispositionEntity,
    ],
    migrations: [
      CreateBatchTables1763712000000,
      CreateGenealogyTables1763798400000,
      CreateLotStatusHistory1763884800000,
      CreateLotUsageRefusal1763971200000,
      CreateInventoryTables1764057600000,
      CreateAuditTrail1764144000000,
      CreateESignature1764230400000,
      CreateLotExceptionHolds1764600100000,
      CreateBatchOutbox1764800100000,
      SignAuditEntries1766000000000,
    ],
  });
}
