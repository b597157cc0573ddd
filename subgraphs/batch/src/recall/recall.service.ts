import { badInput, notFound, type AuditTrail, type Identity } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import type { LotRepository } from '../lot/lot.repository';
import type { LotEntity, LotStatus } from '../lot/lot.entity';
import type { LotStatusChangeRepository } from '../lot/lot-status-change.repository';
import type { MaterialSubLotRepository } from '../lot/material-sublot.repository';
import type { MaterialRepository } from '../material/material.repository';
import type { GenealogyRepository } from '../genealogy/genealogy.repository';
import { MAX_TRACE_DEPTH } from '../genealogy/trace.service';
import type { ShipmentRepository } from '../shipment/shipment.repository';
import type { ShipmentEntity } from '../shipment/shipment.entity';
import { requiredText } from '../inventory/input-checks';
import type { RecallRepository } from './recall.repository';
import type { RecallEntity } from './recall.entity';

export interface CustomerExposure {
  customerId: string;
  shipments: ShipmentEntity[];
  lots: Array<{ lotId: string; quantity: number; uom: string }>;
}

export interface RecallImpact {
  root: LotEntity;
  /** The root and every lot downstream of it. */
  lots: LotEntity[];
  finishedLots: LotEntity[];
  serialCount: number;
  stock: Array<{ location: string | null; lot: LotEntity; quantity: number; uom: string }>;
  customers: CustomerExposure[];
}

export interface InitiateRecallRequest {
  recallNumber: string;
  lotNumber: string;
  reason: string;
  exceptionNumber?: string | null;
  actor: Identity;
  requestId: string;
}

/**
 * What a recall does to a lot: released stock (held or not) is recalled; stock never released (in quarantine, or
 * held from quarantine) is held; REJECTED and RECALLED stay.
 */
function recallStep(lot: LotEntity): LotStatus | null {
  if (lot.status === 'RELEASED') return 'RECALLED';
  if (lot.status === 'ON_HOLD') return lot.statusBeforeHold === 'QUARANTINE' ? null : 'RECALLED';
  if (lot.status === 'QUARANTINE') return 'ON_HOLD';
  return null;
}

export class RecallService {
  constructor(
    private readonly recalls: RecallRepository,
    private readonly lots: LotRepository,
    private readonly genealogy: GenealogyRepository,
    private readonly shipments: ShipmentRepository,
    private readonly materials: MaterialRepository,
    private readonly sublots: MaterialSubLotRepository,
    private readonly history: LotStatusChangeRepository,
    private readonly audit: AuditTrail,
  ) {}

  async impact(lotNumber: string): Promise<RecallImpact> {
    const root = await this.lots.findByLotNumber(lotNumber);
    if (!root) throw notFound('Lot', 'lotNumber', lotNumber);
    const lots = await this.downstreamOf(root);
    const ids = lots.map((lot) => lot.id);
    const materials = await this.materials.findByIds([...new Set(lots.map((lot) => lot.materialId))]);
    const finished = new Set(materials.filter((m) => m.materialClass === 'FINISHED_DEVICE').map((m) => m.id));
    return {
      root,
      lots,
      finishedLots: lots.filter((lot) => finished.has(lot.materialId)),
      serialCount: await this.sublots.countByLotIds(ids),
      stock: lots
        .filter((lot) => lot.quantity > 0)
        .map((lot) => ({ location: lot.storageLocation, lot, quantity: lot.quantity, uom: lot.uom }))
        .sort((a, b) => (a.location ?? '').localeCompare(b.location ?? '') || a.lot.lotNumber.localeCompare(b.lot.lotNumber)),
      customers: await this.exposure(ids),
    };
  }

  async getByNumber(number: string): Promise<RecallEntity> {
    const recall = await this.recalls.findByNumber(number);
    if (!recall) throw notFound('Recall', 'number', number);
    return recall;
  }

  /**
   * Recalls every lot downstream of a lot, the lot included, in one transaction: released and held lots become
   * RECALLED, quarantined ones ON_HOLD; each change is in the lot's status history. The same recall number sent
   * again changes nothing.
   */
  async initiate(request: InitiateRecallRequest): Promise<RecallEntity> {
    const record = 'InitiateRecallInput';
    const number = requiredText(record, 'recallNumber', request.recallNumber);
    const reason = requiredText(record, 'reason', request.reason);
    return this.recalls.transaction(async (manager) => {
      await this.recalls.lockNumber(number, manager);
      const root = await this.lots.findByLotNumberForUpdate(request.lotNumber, manager);
      if (!root) throw notFound('Lot', 'lotNumber', request.lotNumber);
      const existing = await this.recalls.findByNumber(number, manager);
      if (existing) {
        if (existing.rootLotId === root.id) return existing;
        throw badInput(record, 'recallNumber', `recall ${number} already exists for another lot`);
      }
      const recall = await this.recalls.save(
        { number, rootLotId: root.id, reason, exceptionNumber: request.exceptionNumber ?? null, initiatedBy: request.actor.id, requestId: request.requestId },
        manager,
      );
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'INITIATE_RECALL',
        entityType: 'Recall',
        entityId: number,
        changes: { rootLot: { new: root.lotNumber }, exceptionNumber: { new: request.exceptionNumber ?? null } },
        reason,
        requestId: request.requestId,
      });
      const affected = await this.lockDownstream(root, manager);
      for (const lot of affected) {
        const to = recallStep(lot);
        await this.recalls.saveLot({ recallId: recall.id, lotId: lot.id, statusBefore: lot.status, statusAfter: to ?? lot.status }, manager);
        if (!to) continue;
        await this.history.save(
          { lotId: lot.id, fromStatus: lot.status, toStatus: to, reason: `Recall ${number}: ${reason}`, exceptionNumber: request.exceptionNumber ?? null, changedBy: request.actor.id, requestId: request.requestId },
          manager,
        );
        await this.audit.record(manager, {
          actor: request.actor,
          action: 'STATUS_CHANGE',
          entityType: 'Lot',
          entityId: lot.lotNumber,
          changes: { status: { old: lot.status, new: to }, recall: { new: number } },
          reason: `Recall ${number}: ${reason}`,
          requestId: request.requestId,
        });
        lot.statusBeforeHold = to === 'ON_HOLD' ? lot.status : null;
        lot.status = to;
        await this.lots.save(lot, manager);
      }
      return recall;
    });
  }

  /** Who must be told: what the recall's lots shipped to each customer. */
  async notifications(recall: RecallEntity): Promise<CustomerExposure[]> {
    const rows = await this.recalls.findLotsByRecallIds([recall.id]);
    return this.exposure(rows.map((row) => row.lotId));
  }

  /**
   * Locks every lot downstream of the (locked) root. Production takes a row lock on each lot it consumes, so once
   * a lot is locked nothing new can be made from it; tracing again after locking catches what was made in between.
   */
  private async lockDownstream(root: LotEntity, manager: EntityManager): Promise<LotEntity[]> {
    const locked = new Map<string, LotEntity>([[root.id, root]]);
    for (;;) {
      const reached = (await this.downstreamOf(root, manager)).filter((lot) => !locked.has(lot.id));
      if (reached.length === 0) return [...locked.values()];
      for (const { id } of reached.sort((a, b) => a.id.localeCompare(b.id))) locked.set(id, (await this.lots.findByIdForUpdate(id, manager))!);
    }
  }

  private async downstreamOf(root: LotEntity, manager?: EntityManager): Promise<LotEntity[]> {
    const links = await this.genealogy.trace(root.id, 'DOWNSTREAM', MAX_TRACE_DEPTH, manager);
    const reached = [...new Set(links.map((link) => link.childLotId))].filter((id) => id !== root.id);
    const lots = await this.lots.findByIds(reached, manager);
    return [root, ...lots.sort((a, b) => a.lotNumber.localeCompare(b.lotNumber))];
  }

  private async exposure(lotIds: string[]): Promise<CustomerExposure[]> {
    const lines = await this.shipments.findLinesByLotIds(lotIds);
    const shipments = new Map((await this.shipments.findByIds([...new Set(lines.map((line) => line.shipmentId))])).map((s) => [s.id, s]));
    const byCustomer = new Map<string, CustomerExposure>();
    for (const line of lines) {
      const shipment = shipments.get(line.shipmentId)!;
      const exposure = byCustomer.get(shipment.customerId) ?? { customerId: shipment.customerId, shipments: [], lots: [] };
      if (!exposure.shipments.includes(shipment)) exposure.shipments.push(shipment);
      const shipped = exposure.lots.find((lot) => lot.lotId === line.lotId);
      if (shipped) shipped.quantity = Math.round((shipped.quantity + line.quantity) * 1e6) / 1e6;
      else exposure.lots.push({ lotId: line.lotId, quantity: line.quantity, uom: line.uom });
      byCustomer.set(shipment.customerId, exposure);
    }
    for (const exposure of byCustomer.values()) exposure.shipments.sort((a, b) => a.shippedAt.getTime() - b.shippedAt.getTime());
    return [...byCustomer.values()].sort((a, b) => a.shipments[0].shippedAt.getTime() - b.shipments[0].shippedAt.getTime());
  }
}
