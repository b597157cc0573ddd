import { assertQuantity, assertRange, badInput, fetchPage, notFound, pageSize, type AuditTrail, type Connection, type Identity } from '@lotgraph/server';
import type { LotRepository } from '../lot/lot.repository';
import type { LotUsageRefusalRepository } from '../lot/lot-usage-refusal.repository';
import type { LotUsageRefusalEntity } from '../lot/lot-usage-refusal.entity';
import { guardLotUse, requireUsable } from '../lot/lot-usage-guard';
import type { InventoryMovementRepository } from '../inventory/inventory-movement.repository';
import type { ShipmentRepository } from './shipment.repository';
import type { ShipmentEntity } from './shipment.entity';

export interface ShipLotRequest {
  shipmentNumber: string;
  customerCode: string;
  lotNumber: string;
  quantity: number;
  uom: string;
  shippedAt?: Date | null;
  actor: Identity;
  requestId: string;
}

export interface ShipmentFilter {
  customerCode?: string | null;
  lotNumber?: string | null;
  shippedFrom?: Date | null;
  shippedTo?: Date | null;
}

export class ShipmentService {
  constructor(
    private readonly shipments: ShipmentRepository,
    private readonly lots: LotRepository,
    private readonly refusals: LotUsageRefusalRepository,
    private readonly movements: InventoryMovementRepository,
    private readonly audit: AuditTrail,
  ) {}

  /** Forbidden uses of lots since a time: the feed the quality domain reads. */
  refusalsSince(since: Date, first?: number | null): Promise<LotUsageRefusalEntity[]> {
    return this.refusals.findSince(since, pageSize(first ?? 500));
  }

  async list(filter: ShipmentFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<ShipmentEntity>> {
    let lotId: string | undefined;
    if (filter?.lotNumber) {
      const lot = await this.lots.findByLotNumber(filter.lotNumber);
      if (!lot) throw notFound('Lot', 'lotNumber', filter.lotNumber);
      lotId = lot.id;
    }
    assertRange('ShipmentFilter', ['shippedFrom', 'shippedTo'], filter?.shippedFrom, filter?.shippedTo);
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.shipments.findPage({
          customerCode: filter?.customerCode ?? undefined,
          lotId,
          shippedFrom: filter?.shippedFrom ?? undefined,
          shippedTo: filter?.shippedTo ?? undefined,
          afterNumber: afterKey,
          limit,
        }),
      (shipment) => shipment.number,
    );
  }

  async getByNumber(number: string): Promise<ShipmentEntity> {
    const shipment = await this.shipments.findByNumber(number);
    if (!shipment) throw notFound('Shipment', 'number', number);
    return shipment;
  }

  /**
   * Ships a quantity of a lot on a shipment (created on its first line). Sending the same line again changes
   * nothing; shipping a lot whose status forbids it is refused and the attempt is kept for the quality domain.
   */
  async shipLot(request: ShipLotRequest): Promise<ShipmentEntity> {
    assertQuantity('ShipLotInput', 'quantity', request.quantity);
    const attempt = { reference: request.shipmentNumber, actor: request.actor, requestId: request.requestId };
    return guardLotUse(this.refusals, this.audit, attempt, () =>
      this.shipments.transaction(async (manager) => {
        // Two first lines of one new shipment would both try to create it; they take turns instead.
        await this.shipments.lockNumber(request.shipmentNumber, manager);
        const lot = await this.lots.findByLotNumberForUpdate(request.lotNumber, manager);
        if (!lot) throw notFound('Lot', 'lotNumber', request.lotNumber);
        const customer = await this.shipments.findCustomerByCode(request.customerCode, manager);
        if (!customer) throw notFound('Customer', 'code', request.customerCode);
        let shipment = await this.shipments.findByNumber(request.shipmentNumber, manager);
        if (shipment && shipment.customerId !== customer.id) {
          throw badInput('ShipLotInput', 'shipmentNumber', `shipment ${shipment.number} goes to another customer, not ${customer.code}`);
        }
        const existing = shipment && (await this.shipments.findLine(shipment.id, lot.id, manager));
        if (shipment && existing) {
          if (existing.quantity === request.quantity && existing.uom === request.uom) return shipment;
          throw badInput('ShipLotInput', 'quantity', `shipment ${shipment.number} already carries ${existing.quantity} ${existing.uom} of lot ${lot.lotNumber}`);
        }
        await requireUsable(lot, 'SHIP', manager);
        if (request.uom !== lot.uom) {
          throw badInput('ShipLotInput', 'uom', `lot ${lot.lotNumber} is counted in ${lot.uom}, not ${request.uom}`);
        }
        if (request.quantity > lot.quantity) {
          throw badInput('ShipLotInput', 'quantity', `${request.quantity} ${lot.uom} asked, but lot ${lot.lotNumber} has ${lot.quantity} ${lot.uom} on hand`);
        }
        const created = !shipment;
        shipment ??= await this.shipments.save(
          { number: request.shipmentNumber, customerId: customer.id, shippedAt: request.shippedAt ?? new Date() },
          manager,
        );
        await this.shipments.saveLine({ shipmentId: shipment.id, lotId: lot.id, quantity: request.quantity, uom: lot.uom }, manager);
        const left = await this.lots.takeFromStock(lot.id, request.quantity, manager);
        await this.audit.record(manager, {
          actor: request.actor,
          action: 'SHIP',
          entityType: 'Lot',
          entityId: lot.lotNumber,
          changes: { quantity: { old: lot.quantity, new: left }, shipmentNumber: { new: shipment.number }, customerCode: { new: customer.code } },
          requestId: request.requestId,
        });
        const line = { lotNumber: { new: lot.lotNumber }, quantity: { new: request.quantity }, uom: { new: lot.uom } };
        await this.audit.record(manager, {
          actor: request.actor,
          action: created ? 'CREATE' : 'ADD_LINE',
          entityType: 'Shipment',
          entityId: shipment.number,
          changes: created ? { customerCode: { new: customer.code }, shippedAt: { new: shipment.shippedAt }, ...line } : line,
          requestId: request.requestId,
        });
        await this.movements.save(
          {
            lotId: lot.id,
            kind: 'SHIPMENT',
            quantity: request.quantity,
            uom: lot.uom,
            fromLocation: lot.storageLocation,
            toLocation: `customer:${customer.code}`,
            documentNumber: shipment.number,
            movedBy: request.actor.id,
            movedAt: shipment.shippedAt,
            requestId: request.requestId,
          },
          manager,
        );
        return shipment;
      }),
    );
  }
}
