import { badInput } from '@lotgraph/server';
import type { BatchRepositories } from '../batch.repositories';
import type { EquipmentEntity } from '../equipment/equipment.entity';
import type { TraceDirection } from '../genealogy/genealogy.repository';
import { DEFAULT_TRACE_DEPTH, MAX_TRACE_DEPTH, type TraceService } from '../genealogy/trace.service';
import type { LotEntity } from '../lot/lot.entity';
import type { LotStatusChangeEntity } from '../lot/lot-status-change.entity';
import type { MaterialActualEntity } from '../production/material-actual.entity';
import type { InventoryMovementEntity } from '../inventory/inventory-movement.entity';
import { buildEpcisDocument, type EpcisDocument, type EpcisExportInput, type EpcisPartyInput } from './epcis-document';

type Repositories = Pick<BatchRepositories, 'lots' | 'materials' | 'suppliers' | 'equipment' | 'production' | 'shipments' | 'statusChanges' | 'movements'>;

const unique = <T>(values: T[]) => [...new Set(values)];
const party = (record: { code: string; name: string; country: string | null }): EpcisPartyInput => ({ code: record.code, name: record.name, country: record.country });

/**
 * A lot's trace as an EPCIS 2.0 document. The trace decides which lots, segments and shipments are in it;
 * each event is then stated whole (a segment with all it consumed and produced, a shipment with all its
 * lines), so the same segment or shipment exports as the same event, with the same eventID, whichever
 * trace reaches it.
 */
export class EpcisExportService {
  constructor(
    private readonly traces: TraceService,
    private readonly repos: Repositories,
    private readonly options: { idBase?: string; timeZoneOffset?: string } = {},
  ) {}

  async exportTrace(lotNumber: string, direction: TraceDirection, maxDepth?: number | null, now: Date = new Date()): Promise<EpcisDocument> {
    const depth = maxDepth ?? DEFAULT_TRACE_DEPTH;
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TRACE_DEPTH) {
      throw badInput('Query.epcisExport', 'maxDepth', `must be between 1 and ${MAX_TRACE_DEPTH}, got ${depth}`);
    }
    const trace = await this.traces.trace(lotNumber, direction, depth);
    const segmentIds = unique(trace.links.map((link) => link.segmentId));
    const [segments, actuals, lines, statusChanges, movements] = await Promise.all([
      this.repos.production.findSegmentsByIds(segmentIds),
      this.repos.production.findActualsBySegmentIds(segmentIds),
      this.repos.shipments.findLinesByShipmentIds(trace.shipments.map((s) => s.id)),
      this.repos.statusChanges.findByLotIds(trace.lots.map((lot) => lot.id)),
      this.repos.movements.findByLotIds(trace.lots.filter((lot) => lot.supplierId).map((lot) => lot.id)),
    ]);
    const [orders, customers, equipment] = await Promise.all([
      this.repos.production.findByIds(unique(segments.map((s) => s.productionOrderId))),
      this.repos.shipments.findCustomersByIds(unique(trace.shipments.map((s) => s.customerId))),
      this.equipmentWithAncestors(unique(segments.map((s) => s.equipmentId))),
    ]);

    // Segments and shipments may name lots outside the trace (the other inputs of an assembly reached downstream).
    const lotsById = new Map(trace.lots.map((lot) => [lot.id, lot]));
    const missing = unique([...actuals.map((a) => a.lotId), ...lines.map((l) => l.lotId)]).filter((id) => !lotsById.has(id));
    for (const lot of await this.repos.lots.findByIds(missing)) lotsById.set(lot.id, lot);
    const purchased = trace.lots.filter((lot) => lot.supplierId);
    const [materials, suppliers] = await Promise.all([
      this.repos.materials.findByIds(unique([...lotsById.values()].map((lot) => lot.materialId))),
      this.repos.suppliers.findByIds(unique(purchased.map((lot) => lot.supplierId!))),
    ]);

    const material = new Map(materials.map((m) => [m.id, m]));
    const supplier = new Map(suppliers.map((s) => [s.id, s]));
    const order = new Map(orders.map((o) => [o.id, o]));
    const customer = new Map(customers.map((c) => [c.id, c]));
    const unit = new Map(equipment.map((e) => [e.id, e]));
    const numberOf = (id: string) => lotsById.get(id)!.lotNumber;
    const line = (row: { lotId: string; quantity: number; uom: string }) => ({ lotNumber: numberOf(row.lotId), quantity: row.quantity, uom: row.uom });
    const used = (segmentId: string, use: MaterialActualEntity['materialUse']) =>
      actuals.filter((a) => a.segmentId === segmentId && a.materialUse === use).map(line);

    const input: EpcisExportInput = {
      root: { lotNumber: trace.root.lotNumber, direction },
      lots: [...lotsById.values()].map((lot) => ({
        lotNumber: lot.lotNumber,
        materialCode: material.get(lot.materialId)!.code,
        gtin: material.get(lot.materialId)!.gtin,
        expiresOn: lot.expiresOn,
      })),
      equipment: equipment.map((e) => ({ code: e.code, name: e.name, level: e.level, parentCode: e.parentId ? unit.get(e.parentId)?.code ?? null : null })),
      receipts: purchased.map((lot) => ({
        lotNumber: lot.lotNumber,
        ...receiptOf(lot, movements, statusChanges),
        supplier: party(supplier.get(lot.supplierId!)!),
        supplierLotNumber: lot.supplierLotNumber,
      })),
      productions: segments.map((segment) => ({
        segmentId: segment.id,
        orderNumber: order.get(segment.productionOrderId)!.number,
        operation: segment.operation,
        equipmentCode: unit.get(segment.equipmentId)!.code,
        startedAt: segment.startedAt,
        endedAt: segment.endedAt,
        consumed: used(segment.id, 'CONSUMED'),
        produced: used(segment.id, 'PRODUCED'),
      })),
      shipments: trace.shipments.map((shipment) => ({
        number: shipment.number,
        shippedAt: shipment.shippedAt,
        customer: party(customer.get(shipment.customerId)!),
        lines: lines.filter((l) => l.shipmentId === shipment.id).map(line),
      })),
      statusChanges: statusChanges.map((change) => ({
        lotNumber: numberOf(change.lotId),
        from: change.fromStatus,
        to: change.toStatus,
        reason: change.reason,
        exceptionNumber: change.exceptionNumber,
        changedAt: change.changedAt,
      })),
    };
    return buildEpcisDocument(input, { creationDate: now, ...this.options });
  }

  /** The equipment and every ancestor up the ISA-95 hierarchy, one query per level. */
  private async equipmentWithAncestors(ids: string[]): Promise<EquipmentEntity[]> {
    const found = new Map<string, EquipmentEntity>();
    const asked = new Set<string>();
    let wanted = ids;
    while (wanted.length) {
      wanted.forEach((id) => asked.add(id));
      for (const unit of await this.repos.equipment.findByIds(wanted)) found.set(unit.id, unit);
      wanted = unique([...found.values()].map((u) => u.parentId).filter((id): id is string => !!id && !asked.has(id)));
    }
    return [...found.values()];
  }
}

/**
 * When a purchased lot arrived: its first status record (the lot entering quarantine, written when it was
 * received), else when the lot record was created. Receipt movements will replace this when they exist.
 */
/** The goods receipt of a purchased lot: its RECEIPT movement, or (for lots without one) its first status record. */
function receiptOf(lot: LotEntity, movements: InventoryMovementEntity[], changes: LotStatusChangeEntity[]): { receivedAt: Date; quantity?: number; uom?: string } {
  const receipt = movements.find((m) => m.lotId === lot.id && m.kind === 'RECEIPT' && m.fromLocation?.startsWith('supplier:'));
  if (receipt) return { receivedAt: receipt.movedAt, quantity: receipt.quantity, uom: receipt.uom };
  const entry = changes.find((change) => change.lotId === lot.id && change.fromStatus === null);
  return { receivedAt: entry?.changedAt ?? lot.createdAt };
}
