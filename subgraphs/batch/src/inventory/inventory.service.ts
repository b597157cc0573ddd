import { assertQuantity, assertRange, badInput, fetchPage, notFound, type AuditTrail, type Connection, type Identity } from '@lotgraph/server';
import type { LotRepository } from '../lot/lot.repository';
import type { LotEntity } from '../lot/lot.entity';
import type { LotStatusChangeRepository } from '../lot/lot-status-change.repository';
import type { LotUsageRefusalRepository } from '../lot/lot-usage-refusal.repository';
import type { MaterialRepository } from '../material/material.repository';
import type { SupplierRepository } from '../supplier/supplier.repository';
import { guardLotUse, requireUsable } from '../lot/lot-usage-guard';
import type { InventoryMovementRepository } from './inventory-movement.repository';
import type { InventoryMovementEntity, MovementKind } from './inventory-movement.entity';
import { assertDateOrder, requiredText } from './input-checks';

export interface ReceiveLotRequest {
  lotNumber: string;
  materialCode: string;
  supplierCode: string;
  supplierLotNumber?: string | null;
  quantity: number;
  uom: string;
  manufacturedOn?: string | null;
  expiresOn?: string | null;
  storageLocation: string;
  /** Goods receipt (or purchase order) number. */
  receiptNumber: string;
  receivedAt?: Date | null;
  actor: Identity;
  requestId: string;
}

export interface MoveLotRequest {
  lotNumber: string;
  toLocation: string;
  transferNumber: string;
  movedAt?: Date | null;
  actor: Identity;
  requestId: string;
}

export interface MovementFilter {
  lotNumber?: string | null;
  kind?: MovementKind[] | null;
  from?: Date | null;
  to?: Date | null;
}

/** Stock entering and moving through the plant: receipts of purchased lots and transfers between locations. */
export class InventoryService {
  constructor(
    private readonly lots: LotRepository,
    private readonly movements: InventoryMovementRepository,
    private readonly history: LotStatusChangeRepository,
    private readonly refusals: LotUsageRefusalRepository,
    private readonly materials: MaterialRepository,
    private readonly suppliers: SupplierRepository,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Receives a purchased lot into QUARANTINE at a storage location. Sending the same receipt again returns the
   * lot unchanged; a lot number that already names other stock is refused.
   */
  async receiveLot(request: ReceiveLotRequest): Promise<LotEntity> {
    const record = 'ReceiveLotInput';
    const lotNumber = requiredText(record, 'lotNumber', request.lotNumber);
    const storageLocation = requiredText(record, 'storageLocation', request.storageLocation);
    const receiptNumber = requiredText(record, 'receiptNumber', request.receiptNumber);
    assertQuantity(record, 'quantity', request.quantity);
    assertDateOrder(record, request.manufacturedOn, request.expiresOn);
    return this.lots.transaction(async (manager) => {
      await this.lots.lockLotNumber(lotNumber, manager);
      const material = await this.materials.findByCode(request.materialCode, manager);
      if (!material) throw notFound('Material', 'code', request.materialCode);
      const supplier = await this.suppliers.findByCode(request.supplierCode, manager);
      if (!supplier) throw notFound('Supplier', 'code', request.supplierCode);
      if (request.uom !== material.uom) {
        throw badInput(record, 'uom', `material ${material.code} is counted in ${material.uom}, not ${request.uom}`);
      }
      const existing = await this.lots.findByLotNumber(lotNumber, manager);
      if (existing) {
        const receipt = await this.movements.findOne('RECEIPT', receiptNumber, existing.id, manager);
        if (receipt && existing.materialId === material.id && receipt.quantity === request.quantity) return existing;
        throw badInput(record, 'lotNumber', `lot ${lotNumber} already exists` + (existing.materialId === material.id ? ` for material ${material.code}` : ''));
      }
      const receivedAt = request.receivedAt ?? new Date();
      const lot = await this.lots.save(
        {
          lotNumber,
          materialId: material.id,
          status: 'QUARANTINE',
          quantity: request.quantity,
          uom: material.uom,
          supplierId: supplier.id,
          supplierLotNumber: request.supplierLotNumber?.trim() || null,
          manufacturedOn: request.manufacturedOn ?? null,
          expiresOn: request.expiresOn ?? null,
          storageLocation,
        },
        manager,
      );
      await this.movements.save(
        {
          lotId: lot.id,
          kind: 'RECEIPT',
          quantity: request.quantity,
          uom: material.uom,
          fromLocation: `supplier:${supplier.code}`,
          toLocation: storageLocation,
          documentNumber: receiptNumber,
          movedBy: request.actor.id,
          movedAt: receivedAt,
          requestId: request.requestId,
        },
        manager,
      );
      await this.history.save(
        {
          lotId: lot.id,
          fromStatus: null,
          toStatus: 'QUARANTINE',
          reason: `Received from ${supplier.code} on ${receiptNumber}`,
          exceptionNumber: null,
          changedBy: request.actor.id,
          changedAt: receivedAt,
          requestId: request.requestId,
        },
        manager,
      );
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'RECEIVE',
        entityType: 'Lot',
        entityId: lot.lotNumber,
        changes: Object.fromEntries(
          Object.entries({ material: material.code, supplier: supplier.code, supplierLotNumber: lot.supplierLotNumber, quantity: lot.quantity, uom: lot.uom, status: lot.status, manufacturedOn: lot.manufacturedOn, expiresOn: lot.expiresOn, storageLocation, receiptNumber }).map(([k, v]) => [k, { new: v }]),
        ),
        requestId: request.requestId,
      });
      return lot;
    });
  }

  /**
   * Moves a whole lot to another storage location. A lot on hold, rejected or recalled may not move: the attempt
   * is refused and kept for the quality domain. The same transfer sent again changes nothing.
   */
  async moveLot(request: MoveLotRequest): Promise<LotEntity> {
    const record = 'MoveLotInput';
    const toLocation = requiredText(record, 'toLocation', request.toLocation);
    const transferNumber = requiredText(record, 'transferNumber', request.transferNumber);
    const attempt = { reference: transferNumber, actor: request.actor, requestId: request.requestId };
    return guardLotUse(this.refusals, this.audit, attempt, () =>
      this.lots.transaction(async (manager) => {
        const lot = await this.lots.findByLotNumberForUpdate(request.lotNumber, manager);
        if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
        const done = await this.movements.findOne('TRANSFER', transferNumber, lot.id, manager);
        if (done) {
          if (done.toLocation === toLocation) return lot;
          throw badInput(record, 'transferNumber', `transfer ${transferNumber} already moved lot ${lot.lotNumber} to ${done.toLocation}`);
        }
        await requireUsable(lot, 'MOVE', manager);
        if (lot.quantity <= 0) throw badInput(record, 'lotNumber', `lot ${lot.lotNumber} has no stock left to move`);
        if (lot.storageLocation === toLocation) {
          throw badInput(record, 'toLocation', `lot ${lot.lotNumber} is already at ${toLocation}`);
        }
        await this.movements.save(
          {
            lotId: lot.id,
            kind: 'TRANSFER',
            quantity: lot.quantity,
            uom: lot.uom,
            fromLocation: lot.storageLocation,
            toLocation,
            documentNumber: transferNumber,
            movedBy: request.actor.id,
            movedAt: request.movedAt ?? new Date(),
            requestId: request.requestId,
          },
          manager,
        );
        await this.audit.record(manager, {
          actor: request.actor,
          action: 'MOVE',
          entityType: 'Lot',
          entityId: lot.lotNumber,
          changes: { storageLocation: { old: lot.storageLocation, new: toLocation }, transferNumber: { new: transferNumber } },
          // The source document is the why of a move, released lot or not.
          reason: `Transfer ${transferNumber}`,
          requestId: request.requestId,
        });
        lot.storageLocation = toLocation;
        return this.lots.save(lot, manager);
      }),
    );
  }

  async listMovements(filter: MovementFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<InventoryMovementEntity>> {
    let lotId: string | undefined;
    if (filter?.lotNumber) {
      const lot = await this.lots.findByLotNumber(filter.lotNumber);
      if (!lot) throw notFound('Lot', 'lotNumber', filter.lotNumber);
      lotId = lot.id;
    }
    assertRange('MovementFilter', ['from', 'to'], filter?.from, filter?.to);
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.movements.findPage({
          lotId,
          kinds: filter?.kind ?? undefined,
          from: filter?.from ?? undefined,
          to: filter?.to ?? undefined,
          after: afterKey ? decodeMovementKey(afterKey) : undefined,
          limit,
        }),
      (movement) => `${movement.movedAt.toISOString()}|${movement.id}`,
    );
  }
}

function decodeMovementKey(key: string): { movedAt: Date; id: string } {
  const [at, id] = key.split('|');
  const movedAt = new Date(at);
  if (!id || Number.isNaN(movedAt.getTime())) throw badInput('Query.movements', 'after', 'is not a cursor of this list');
  return { movedAt, id };
}
