import { assertQuantity, badInput, notFound, type AuditTrail, type Identity } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import type { LotRepository } from '../lot/lot.repository';
import type { LotEntity } from '../lot/lot.entity';
import type { LotStatusChangeRepository } from '../lot/lot-status-change.repository';
import type { LotUsageRefusalRepository } from '../lot/lot-usage-refusal.repository';
import type { MaterialSubLotRepository } from '../lot/material-sublot.repository';
import type { MaterialEntity } from '../material/material.entity';
import type { MaterialRepository } from '../material/material.repository';
import type { EquipmentRepository } from '../equipment/equipment.repository';
import type { GenealogyRepository } from '../genealogy/genealogy.repository';
import type { InventoryMovementRepository } from '../inventory/inventory-movement.repository';
import { assertDateOrder, requiredText } from '../inventory/input-checks';
import { genealogyLinksFor, type ActualLine } from '../genealogy/genealogy-links';
import { guardLotUse, requireUsable } from '../lot/lot-usage-guard';
import type { ProductionRepository } from './production.repository';
import type { ProductionOrderEntity } from './production-order.entity';
import type { ProductionSegmentEntity } from './production-segment.entity';
import { checkedLines, type ConsumedLine, type ProducedLine } from './production-report-lines';

export interface RecordProductionRequest {
  reportId: string;
  orderNumber: string;
  operation: string;
  equipmentCode: string;
  startedAt: Date;
  endedAt?: Date | null;
  operator?: string | null;
  parameters?: Array<{ name: string; value: string; unit?: string | null }> | null;
  consumed: ConsumedLine[];
  produced: ProducedLine[];
  actor: Identity;
  requestId: string;
}

export interface CreateOrderRequest {
  number: string;
  materialCode: string;
  plannedQuantity: number;
  actor: Identity;
  requestId: string;
}

const RECORD = 'RecordProductionInput';

/** A produced line with what it did to its lot, for the audit trail. */
type MadeLine = ActualLine & { lotNumber: string; /** Null for a lot this report created. */ before: number | null; after: number };
/** A consumed line with its locked lot and what the lot has left. */
type TakenLine = ActualLine & { lot: LotEntity; left: number };

/**
 * Records what the MES reports for one segment: the lots it consumed and produced. Consumption takes stock from
 * the consumed lots, production creates (or adds to) QUARANTINE lots, and every consumed -> produced pair becomes a
 * genealogy link — all in one transaction, or nothing.
 */
export class ProductionReportService {
  constructor(
    private readonly production: ProductionRepository,
    private readonly lots: LotRepository,
    private readonly materials: MaterialRepository,
    private readonly equipment: EquipmentRepository,
    private readonly genealogy: GenealogyRepository,
    private readonly movements: InventoryMovementRepository,
    private readonly history: LotStatusChangeRepository,
    private readonly sublots: MaterialSubLotRepository,
    private readonly refusals: LotUsageRefusalRepository,
    private readonly audit: AuditTrail,
  ) {}

  async createOrder(request: CreateOrderRequest): Promise<ProductionOrderEntity> {
    const number = requiredText('CreateProductionOrderInput', 'number', request.number);
    assertQuantity('CreateProductionOrderInput', 'plannedQuantity', request.plannedQuantity);
    return this.production.transaction(async (manager) => {
      const material = await this.materials.findByCode(request.materialCode, manager);
      if (!material) throw notFound('Material', 'code', request.materialCode);
      const existing = await this.production.findByNumberForUpdate(number, manager);
      if (existing) {
        if (existing.materialId === material.id && existing.plannedQuantity === request.plannedQuantity) return existing;
        throw badInput('CreateProductionOrderInput', 'number', `production order ${number} already exists with other content`);
      }
      const order = await this.production.save({ number, materialId: material.id, plannedQuantity: request.plannedQuantity, status: 'PLANNED' }, manager);
      await this.audit.record(manager, {
        actor: request.actor,
        action: 'CREATE',
        entityType: 'ProductionOrder',
        entityId: number,
        changes: { material: { new: material.code }, plannedQuantity: { new: request.plannedQuantity }, status: { new: 'PLANNED' } },
        requestId: request.requestId,
      });
      return order;
    });
  }

  async record(request: RecordProductionRequest): Promise<ProductionSegmentEntity> {
    const reportId = requiredText(RECORD, 'reportId', request.reportId);
    const operation = requiredText(RECORD, 'operation', request.operation);
    if (request.endedAt && request.endedAt < request.startedAt) throw badInput(RECORD, 'endedAt', 'is before startedAt');
    const { consumed, produced } = checkedLines(RECORD, request.consumed, request.produced);
    for (const [i, line] of produced.entries()) assertDateOrder(`${RECORD}.produced[${i}]`, line.manufacturedOn, line.expiresOn);
    const parameters = parametersOf(request.parameters);
    const attempt = { reference: request.orderNumber, actor: request.actor, requestId: request.requestId };

    return guardLotUse(this.refusals, this.audit, attempt, () =>
      this.production.transaction(async (manager) => {
        const order = await this.production.findByNumberForUpdate(request.orderNumber, manager);
        if (!order) throw notFound('ProductionOrder', 'number', request.orderNumber);
        const repeated = await this.production.findSegmentByReportId(reportId, manager);
        if (repeated) {
          if (repeated.productionOrderId !== order.id) throw badInput(RECORD, 'reportId', `report ${reportId} was already recorded for another production order`);
          if (!(await this.sameReport(repeated, operation, consumed, produced, manager))) {
            throw badInput(RECORD, 'reportId', `report ${reportId} was already recorded with other content`);
          }
          return repeated;
        }
        if (order.status === 'COMPLETED' || order.status === 'CANCELLED') {
          throw badInput(RECORD, 'orderNumber', `production order ${order.number} is ${order.status}: no more production can be reported on it`);
        }
        const unit = await this.equipment.findByCode(request.equipmentCode, manager);
        if (!unit) throw notFound('Equipment', 'code', request.equipmentCode);
        const product = (await this.materials.findByIds([order.materialId], manager))[0];

        const inputs = await this.takeInputs(consumed, order, reportId, request, manager);
        const segment = await this.production.saveSegment(
          { productionOrderId: order.id, operation, equipmentId: unit.id, startedAt: request.startedAt, endedAt: request.endedAt ?? null, operator: request.operator ?? null, parameters, reportId },
          manager,
        );
        const outputs = await this.makeOutputs(produced, product, order, unit.id, reportId, request, manager);
        await this.refuseCycles(inputs, outputs, manager);

        const recordedAt = request.endedAt ?? request.startedAt;
        for (const [use, lines] of [['CONSUMED', inputs], ['PRODUCED', outputs]] as const) {
          for (const line of lines) {
            await this.production.saveActual({ segmentId: segment.id, lotId: line.lotId, materialUse: use, quantity: line.quantity, uom: line.uom, recordedAt }, manager);
          }
        }
        for (const link of genealogyLinksFor(segment.id, inputs, outputs)) await this.genealogy.save(link, manager);
        await this.audit.record(manager, {
          actor: request.actor,
          action: 'RECORD_PRODUCTION',
          entityType: 'ProductionOrder',
          entityId: order.number,
          changes: {
            report: { new: reportId },
            operation: { new: operation },
            equipment: { new: unit.code },
            consumed: { new: consumed.map((l) => `${l.lotNumber} ${l.quantity} ${l.uom}`) },
            produced: { new: produced.map((l) => `${l.lotNumber} ${l.quantity} ${l.uom}`) },
            ...(order.status === 'PLANNED' ? { status: { old: 'PLANNED', new: 'RUNNING' } } : {}),
          },
          requestId: request.requestId,
        });
        for (const input of inputs) {
          await this.audit.record(manager, {
            actor: request.actor,
            action: 'CONSUME',
            entityType: 'Lot',
            entityId: input.lot.lotNumber,
            changes: { quantity: { old: input.lot.quantity, new: input.left }, order: { new: order.number } },
            requestId: request.requestId,
          });
        }
        for (const output of outputs) {
          await this.audit.record(manager, {
            actor: request.actor,
            action: output.before === null ? 'PRODUCE' : 'ADD_OUTPUT',
            entityType: 'Lot',
            entityId: output.lotNumber,
            changes: { quantity: { ...(output.before === null ? {} : { old: output.before }), new: output.after }, status: { new: 'QUARANTINE' }, order: { new: order.number } },
            requestId: request.requestId,
          });
        }
        if (order.status === 'PLANNED') {
          order.status = 'RUNNING';
          await this.production.save(order, manager);
        }
        return segment;
      }),
    );
  }

  /** Whether a report sent again says what was recorded the first time (operation, lots and quantities). */
  private async sameReport(segment: ProductionSegmentEntity, operation: string, consumed: ConsumedLine[], produced: ProducedLine[], manager: EntityManager): Promise<boolean> {
    const actuals = await this.production.findActualsBySegmentIds([segment.id], manager);
    const lots = new Map((await this.lots.findByIds(actuals.map((a) => a.lotId), manager)).map((lot) => [lot.id, lot.lotNumber]));
    const recorded = actuals.map((a) => `${a.materialUse}|${lots.get(a.lotId)}|${a.quantity}`).sort();
    const sent = [...consumed.map((l) => `CONSUMED|${l.lotNumber}|${l.quantity}`), ...produced.map((l) => `PRODUCED|${l.lotNumber}|${l.quantity}`)].sort();
    return segment.operation === operation && recorded.join('\n') === sent.join('\n');
  }

  /** Locks the consumed lots (in lot-number order, so concurrent reports cannot deadlock) and takes their stock. */
  private async takeInputs(lines: ConsumedLine[], order: ProductionOrderEntity, reportId: string, request: RecordProductionRequest, manager: EntityManager): Promise<TakenLine[]> {
    const taken: TakenLine[] = [];
    for (const line of [...lines].sort((a, b) => a.lotNumber.localeCompare(b.lotNumber))) {
      const field = `consumed[${lines.indexOf(line)}]`;
      const lot = await this.lots.findByLotNumberForUpdate(line.lotNumber, manager);
      if (!lot) throw notFound('Lot', 'lotNumber', line.lotNumber);
      await requireUsable(lot, 'CONSUME', manager);
      if (line.uom !== lot.uom) throw badInput(RECORD, `${field}.uom`, `lot ${lot.lotNumber} is counted in ${lot.uom}, not ${line.uom}`);
      if (line.quantity > lot.quantity) {
        throw badInput(RECORD, `${field}.quantity`, `${line.quantity} ${lot.uom} consumed, but lot ${lot.lotNumber} has only ${lot.quantity} ${lot.uom} left`);
      }
      const left = await this.lots.takeFromStock(lot.id, line.quantity, manager);
      await this.movements.save(
        { lotId: lot.id, kind: 'ISSUE', quantity: line.quantity, uom: lot.uom, fromLocation: lot.storageLocation, toLocation: `order:${order.number}`, documentNumber: `${order.number}/${reportId}`, movedBy: request.actor.id, movedAt: request.startedAt, requestId: request.requestId },
        manager,
      );
      taken.push({ lotId: lot.id, quantity: line.quantity, uom: lot.uom, lot, left });
    }
    return taken;
  }

  /** Creates each produced lot in QUARANTINE, or adds to a lot this order produced before; registers serials. */
  private async makeOutputs(lines: ProducedLine[], product: MaterialEntity, order: ProductionOrderEntity, equipmentId: string, reportId: string, request: RecordProductionRequest, manager: EntityManager): Promise<MadeLine[]> {
    const made: MadeLine[] = [];
    const day = (request.endedAt ?? request.startedAt).toISOString().slice(0, 10);
    for (const [i, line] of lines.entries()) {
      const field = `produced[${i}]`;
      if (line.uom !== product.uom) throw badInput(RECORD, `${field}.uom`, `order ${order.number} makes ${product.code}, counted in ${product.uom}, not ${line.uom}`);
      await this.lots.lockLotNumber(line.lotNumber, manager);
      let lot = await this.lots.findByLotNumberForUpdate(line.lotNumber, manager);
      const before = lot?.quantity ?? null;
      let after = line.quantity;
      if (lot) {
        if (lot.materialId !== product.id || !(await this.production.orderProducedLot(order.id, lot.id, manager))) {
          throw badInput(RECORD, `${field}.lotNumber`, `lot ${lot.lotNumber} already exists and was not made by production order ${order.number}`);
        }
        // More output joins a lot only while it is still in quarantine: released stock must not grow by uninspected units.
        if (lot.status !== 'QUARANTINE') {
          throw badInput(RECORD, `${field}.lotNumber`, `lot ${lot.lotNumber} is ${lot.status}: report new output under a new lot`);
        }
        for (const key of ['expiresOn', 'storageLocation'] as const) {
          if (line[key] && line[key] !== lot[key]) throw badInput(RECORD, `${field}.${key}`, `lot ${lot.lotNumber} has ${key} ${lot[key] ?? 'unset'}, not ${line[key]}`);
        }
        after = await this.lots.addToStock(lot.id, line.quantity, manager);
      } else {
        lot = await this.lots.save(
          { lotNumber: line.lotNumber, materialId: product.id, status: 'QUARANTINE', quantity: line.quantity, uom: product.uom, manufacturedOn: line.manufacturedOn ?? day, expiresOn: line.expiresOn ?? null, producedOnEquipmentId: equipmentId, storageLocation: line.storageLocation ?? null },
          manager,
        );
        await this.history.save(
          { lotId: lot.id, fromStatus: null, toStatus: 'QUARANTINE', reason: `Produced on order ${order.number}`, exceptionNumber: null, changedBy: request.actor.id, changedAt: request.endedAt ?? request.startedAt, requestId: request.requestId },
          manager,
        );
      }
      await this.movements.save(
        { lotId: lot.id, kind: 'RECEIPT', quantity: line.quantity, uom: product.uom, fromLocation: `order:${order.number}`, toLocation: line.storageLocation ?? lot.storageLocation, documentNumber: `${order.number}/${reportId}`, movedBy: request.actor.id, movedAt: request.endedAt ?? request.startedAt, requestId: request.requestId },
        manager,
      );
      await this.registerSerials(lot, line.serialNumbers ?? [], `${field}.serialNumbers`, manager);
      made.push({ lotId: lot.id, quantity: line.quantity, uom: product.uom, lotNumber: lot.lotNumber, before, after });
    }
    return made;
  }

  private async registerSerials(lot: LotEntity, serials: string[], field: string, manager: EntityManager): Promise<void> {
    if (serials.length === 0) return;
    // One material's serials are registered one report at a time, so a duplicate is named, not a raw key violation.
    await this.sublots.lockMaterial(lot.materialId, manager);
    const taken = await this.sublots.findBySerials(lot.materialId, serials, manager);
    if (taken.length) throw badInput(RECORD, field, `serial number ${taken[0].serialNumber} is already registered for this material`);
    await this.sublots.saveMany(serials.map((serialNumber) => ({ lotId: lot.id, materialId: lot.materialId, serialNumber })), manager);
  }

  /**
   * A produced lot that already existed could be upstream of a consumed lot: linking them would close a loop.
   * A lot this report created has nothing downstream yet, so only lots added to are walked.
   */
  private async refuseCycles(inputs: TakenLine[], outputs: MadeLine[], manager: EntityManager): Promise<void> {
    for (const output of outputs.filter((o) => o.before !== null)) {
      const looped = await this.genealogy.firstDownstreamOf(output.lotId, inputs.map((input) => input.lotId), manager);
      if (!looped) continue;
      const input = inputs.find((candidate) => candidate.lotId === looped)!;
      throw badInput(RECORD, 'consumed', `lot ${input.lot.lotNumber} was made from lot ${output.lotNumber}; consuming it to make ${output.lotNumber} would create a genealogy cycle`);
    }
  }
}

function parametersOf(list: RecordProductionRequest['parameters']): Record<string, { value: string; unit?: string }> {
  const parameters: Record<string, { value: string; unit?: string }> = {};
  for (const [i, parameter] of (list ?? []).entries()) {
    const name = requiredText(RECORD, `parameters[${i}].name`, parameter.name);
    if (parameters[name]) throw badInput(RECORD, `parameters[${i}].name`, `parameter ${name} is listed twice`);
    parameters[name] = parameter.unit ? { value: parameter.value, unit: parameter.unit } : { value: parameter.value };
  }
  return parameters;
}
