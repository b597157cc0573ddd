import { contentHashOf } from '@lotgraph/server';
import type { LotEntity } from './lot.entity';

/**
 * What a lot's signature binds to: the facts that identify the lot and its batch record (lot number, material,
 * supplier and supplier lot number, dates, unit, producing equipment; records named by id). Not its status or
 * quantity on hand, which normal operations change after release: a hold or a shipment does not undo a release
 * signature; a changed lot number, supplier lot or expiry date does.
 */
export function lotContent(lot: LotEntity) {
  return {
    lotNumber: lot.lotNumber,
    materialId: lot.materialId,
    supplierId: lot.supplierId,
    supplierLotNumber: lot.supplierLotNumber,
    manufacturedOn: lot.manufacturedOn,
    expiresOn: lot.expiresOn,
    uom: lot.uom,
    producedOnEquipmentId: lot.producedOnEquipmentId,
  };
}

/** SHA-256 of the lot's signable content (Lot.contentHash). */
export function lotContentHash(lot: LotEntity): string {
  return contentHashOf(lotContent(lot));
}
