import type { EntityManager } from 'typeorm';
import { SignatureService, demoId, deterministicUuid as deterministicId, findDemoUser, loadAuditedRecord } from '@lotgraph/server';
import { createBatchRepositories, type BatchRepositories } from '../batch.repositories';
import { genealogyLinksFor } from '../genealogy/genealogy-links';
import type { SubgraphDatabase } from '@lotgraph/server';
import type { EquipmentLevel } from '../equipment/equipment.entity';
import type { LotStatus } from '../lot/lot.entity';
import { lotContentHash } from '../lot/lot-content';
import { RELEASE_SIGNERS } from '../lot/lot-release.service';
import type { MaterialClass } from '../material/material.entity';

/**
 * The demo plant: Sterimold Medical's Suzhou plant injection-moulds and assembles sterile disposable
 * syringes. Polypropylene resin comes from two suppliers, gaskets from one of them; moulding machines
 * IMM-01 and IMM-02 make barrels and plunger rods; the assembly line makes finished, GTIN-labelled lots.
 * Ids come from demoId (derived from natural keys), so the quality and capa subgraphs can name these records.
 */

/** GS1 check digit for the first 13 digits of a GTIN-14. */
export function gtin14(first13: string): string {
  const sum = [...first13].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return `${first13}${(10 - (sum % 10)) % 10}`;
}

const suppliers = [
  { code: 'SUP-NPR', name: 'NordPoly Resins GmbH', country: 'DE' },
  { code: 'SUP-HME', name: 'Huamei Polymer & Elastomer Co., Ltd.', country: 'CN' },
];

const materials: Array<{ code: string; name: string; materialClass: MaterialClass; critical: boolean; uom: string; gtin?: string }> = [
  { code: 'RM-PP-1001', name: 'Polypropylene resin, medical grade (barrel)', materialClass: 'RAW', critical: true, uom: 'kg' },
  { code: 'RM-PE-1002', name: 'Polyethylene resin (plunger rod)', materialClass: 'RAW', critical: false, uom: 'kg' },
  { code: 'CP-GSK-2001', name: 'Synthetic isoprene piston gasket, 3 mL', materialClass: 'COMPONENT', critical: true, uom: 'pcs' },
  { code: 'SA-BRL-3001', name: 'Moulded barrel, 3 mL', materialClass: 'SUBASSEMBLY', critical: true, uom: 'pcs' },
  { code: 'SA-PLG-3002', name: 'Moulded plunger rod, 3 mL', materialClass: 'SUBASSEMBLY', critical: false, uom: 'pcs' },
  { code: 'FG-SYR-3ML', name: 'Sterile disposable syringe 3 mL, Luer lock', materialClass: 'FINISHED_DEVICE', critical: true, uom: 'pcs', gtin: gtin14('0697123450001') },
  { code: 'FG-SYR-5ML', name: 'Sterile disposable syringe 5 mL, Luer lock', materialClass: 'FINISHED_DEVICE', critical: true, uom: 'pcs', gtin: gtin14('0697123450002') },
];

const equipment: Array<{ code: string; name: string; level: EquipmentLevel; parent?: string }> = [
  { code: 'SZ1', name: 'Sterimold Suzhou plant', level: 'SITE' },
  { code: 'SZ1-MOULD', name: 'Moulding hall (ISO 8 cleanroom)', level: 'AREA', parent: 'SZ1' },
  { code: 'SZ1-ASSY', name: 'Assembly and packing (ISO 7 cleanroom)', level: 'AREA', parent: 'SZ1' },
  { code: 'IM-LINE-1', name: 'Injection moulding line 1', level: 'WORK_CENTER', parent: 'SZ1-MOULD' },
  { code: 'IMM-01', name: 'Injection moulding machine 01 (180 t, barrels)', level: 'WORK_UNIT', parent: 'IM-LINE-1' },
  { code: 'IMM-02', name: 'Injection moulding machine 02 (120 t, plunger rods)', level: 'WORK_UNIT', parent: 'IM-LINE-1' },
  { code: 'ASSY-LINE-1', name: 'Syringe assembly line 1', level: 'WORK_CENTER', parent: 'SZ1-ASSY' },
  { code: 'ASM-01', name: 'Syringe assembler 01', level: 'WORK_UNIT', parent: 'ASSY-LINE-1' },
];

interface DemoLot {
  lotNumber: string;
  material: string;
  status: LotStatus;
  quantity: number;
  supplier?: string;
  supplierLotNumber?: string;
  manufacturedOn?: string;
  expiresOn?: string;
  producedOn?: string;
}

export const DEMO_LOTS: DemoLot[] = [
  { lotNumber: 'RPP-2611-001', material: 'RM-PP-1001', status: 'RELEASED', quantity: 1250, supplier: 'SUP-NPR', supplierLotNumber: 'NP-88213', manufacturedOn: '2026-10-02', expiresOn: '2028-10-01' },
  { lotNumber: 'RPP-2611-002', material: 'RM-PP-1001', status: 'RELEASED', quantity: 1000, supplier: 'SUP-HME', supplierLotNumber: 'HM-2026-1187', manufacturedOn: '2026-10-09', expiresOn: '2028-10-08' },
  { lotNumber: 'RPE-2611-001', material: 'RM-PE-1002', status: 'RELEASED', quantity: 800, supplier: 'SUP-NPR', supplierLotNumber: 'NP-88240', manufacturedOn: '2026-10-05', expiresOn: '2028-10-04' },
  { lotNumber: 'GSK-2611-001', material: 'CP-GSK-2001', status: 'RELEASED', quantity: 200000, supplier: 'SUP-HME', supplierLotNumber: 'HM-G-5531', manufacturedOn: '2026-09-28', expiresOn: '2029-09-27' },
  { lotNumber: 'GSK-2611-002', material: 'CP-GSK-2001', status: 'QUARANTINE', quantity: 150000, supplier: 'SUP-HME', supplierLotNumber: 'HM-G-5602', manufacturedOn: '2026-11-10', expiresOn: '2029-11-09' },
  { lotNumber: 'BRL-2611-014', material: 'SA-BRL-3001', status: 'ON_HOLD', quantity: 48000, manufacturedOn: '2026-11-12', producedOn: 'IMM-01' },
  { lotNumber: 'BRL-2611-015', material: 'SA-BRL-3001', status: 'RELEASED', quantity: 47500, manufacturedOn: '2026-11-13', producedOn: 'IMM-01' },
  { lotNumber: 'PLG-2611-010', material: 'SA-PLG-3002', status: 'RELEASED', quantity: 96000, manufacturedOn: '2026-11-11', producedOn: 'IMM-02' },
  { lotNumber: 'SYR3-2611-0007', material: 'FG-SYR-3ML', status: 'RELEASED', quantity: 4000, manufacturedOn: '2026-11-14', expiresOn: '2031-11-13', producedOn: 'ASM-01' },
  { lotNumber: 'SYR3-2611-0008', material: 'FG-SYR-3ML', status: 'ON_HOLD', quantity: 24000, manufacturedOn: '2026-11-15', expiresOn: '2031-11-14', producedOn: 'ASM-01' },
  { lotNumber: 'SYR5-2611-0003', material: 'FG-SYR-5ML', status: 'QUARANTINE', quantity: 18000, manufacturedOn: '2026-11-16', expiresOn: '2031-11-15', producedOn: 'ASM-01' },
];


interface DemoRun {
  order: string;
  product: string;
  operation: string;
  equipment: string;
  operator: string;
  startedAt: string;
  endedAt: string;
  parameters: Record<string, { value: number; unit: string }>;
  consumed: Array<[lotNumber: string, quantity: number]>;
  produced: Array<[lotNumber: string, quantity: number]>;
}

const mouldingParameters = (zone3: number) => ({
  barrel_temp_zone3: { value: zone3, unit: '°C' },
  injection_pressure: { value: 1150, unit: 'bar' },
  cycle_time: { value: 14.2, unit: 's' },
});

/** Moulding turns resin into barrels and plunger rods; assembly turns them and gaskets into syringes. */
const DEMO_RUNS: DemoRun[] = [
  { order: 'PO-2611-0101', product: 'SA-BRL-3001', operation: 'MOULDING', equipment: 'IMM-01', operator: 'operator', startedAt: '2026-11-11T22:00:00Z', endedAt: '2026-11-12T10:00:00Z', parameters: mouldingParameters(228), consumed: [['RPP-2611-001', 150], ['RPP-2611-002', 90]], produced: [['BRL-2611-014', 48000]] },
  { order: 'PO-2611-0102', product: 'SA-BRL-3001', operation: 'MOULDING', equipment: 'IMM-01', operator: 'operator', startedAt: '2026-11-12T22:00:00Z', endedAt: '2026-11-13T10:00:00Z', parameters: mouldingParameters(228), consumed: [['RPP-2611-002', 235]], produced: [['BRL-2611-015', 47500]] },
  { order: 'PO-2611-0103', product: 'SA-PLG-3002', operation: 'MOULDING', equipment: 'IMM-02', operator: 'operator', startedAt: '2026-11-10T22:00:00Z', endedAt: '2026-11-11T20:00:00Z', parameters: mouldingParameters(215), consumed: [['RPE-2611-001', 310]], produced: [['PLG-2611-010', 96000]] },
  { order: 'PO-2611-0201', product: 'FG-SYR-3ML', operation: 'ASSEMBLY', equipment: 'ASM-01', operator: 'operator', startedAt: '2026-11-14T06:00:00Z', endedAt: '2026-11-14T18:00:00Z', parameters: { gasket_insertion_force: { value: 42, unit: 'N' } }, consumed: [['BRL-2611-015', 24000], ['PLG-2611-010', 24000], ['GSK-2611-001', 24000]], produced: [['SYR3-2611-0007', 24000]] },
  { order: 'PO-2611-0202', product: 'FG-SYR-3ML', operation: 'ASSEMBLY', equipment: 'ASM-01', operator: 'operator', startedAt: '2026-11-15T06:00:00Z', endedAt: '2026-11-15T18:00:00Z', parameters: { gasket_insertion_force: { value: 41, unit: 'N' } }, consumed: [['BRL-2611-014', 24000], ['PLG-2611-010', 24000], ['GSK-2611-001', 24000]], produced: [['SYR3-2611-0008', 24000]] },
];

const customers = [
  { code: 'CUS-STM', name: "St. Mary's Hospital Group", country: 'DE' },
  { code: 'CUS-SMD', name: 'Shanghai MedSupply Distribution Co.', country: 'CN' },
];

const DEMO_SHIPMENTS = [
  { number: 'SH-2611-0031', customer: 'CUS-STM', shippedAt: '2026-11-17T08:30:00Z', lines: [['SYR3-2611-0007', 12000]] as Array<[string, number]> },
  { number: 'SH-2611-0032', customer: 'CUS-SMD', shippedAt: '2026-11-18T09:15:00Z', lines: [['SYR3-2611-0007', 8000]] as Array<[string, number]> },
];

const uomOf = (lotNumber: string) => materials.find((m) => m.code === DEMO_LOTS.find((l) => l.lotNumber === lotNumber)!.material)!.uom;

async function seedRuns(repos: BatchRepositories, manager: EntityManager): Promise<void> {
  for (const run of DEMO_RUNS) {
    const orderId = deterministicId('production-order', run.order);
    const planned = run.produced.reduce((sum, [, quantity]) => sum + quantity, 0);
    await loadAuditedRecord(repos.audit, manager, { entityType: 'ProductionOrder', entityId: run.order, values: { status: 'COMPLETED', plannedQuantity: planned, material: run.product } }, () =>
      repos.production.save({ id: orderId, number: run.order, materialId: demoId.material(run.product), plannedQuantity: planned, status: 'COMPLETED' }, manager),
    );
    const segmentId = deterministicId('production-segment', run.order, run.operation);
    await repos.production.saveSegment(
      { id: segmentId, productionOrderId: orderId, operation: run.operation, equipmentId: demoId.equipment(run.equipment), startedAt: new Date(run.startedAt), endedAt: new Date(run.endedAt), operator: run.operator, parameters: run.parameters },
      manager,
    );
    const line = ([lotNumber, quantity]: [string, number]) => ({ lotId: demoId.lot(lotNumber), quantity, uom: uomOf(lotNumber) });
    const consumed = run.consumed.map(line);
    const produced = run.produced.map(line);
    for (const [use, lines] of [['CONSUMED', consumed], ['PRODUCED', produced]] as const) {
      for (const actual of lines) {
        await repos.production.saveActual(
          { id: deterministicId('material-actual', segmentId, use, actual.lotId), segmentId, lotId: actual.lotId, materialUse: use, quantity: actual.quantity, uom: actual.uom, recordedAt: new Date(run.endedAt) },
          manager,
        );
      }
    }
    for (const link of genealogyLinksFor(segmentId, consumed, produced)) await repos.genealogy.save(link, manager);
  }
  for (const customer of customers) await repos.shipments.saveCustomer({ id: deterministicId('customer', customer.code), ...customer }, manager);
  for (const shipment of DEMO_SHIPMENTS) {
    const id = deterministicId('shipment', shipment.number);
    await loadAuditedRecord(repos.audit, manager, { entityType: 'Shipment', entityId: shipment.number, values: { customerCode: shipment.customer, shippedAt: new Date(shipment.shippedAt) } }, () =>
      repos.shipments.save({ id, number: shipment.number, customerId: deterministicId('customer', shipment.customer), shippedAt: new Date(shipment.shippedAt) }, manager),
    );
    for (const [lotNumber, quantity] of shipment.lines) {
      await repos.shipments.saveLine({ shipmentId: id, lotId: demoId.lot(lotNumber), quantity, uom: uomOf(lotNumber) }, manager);
    }
  }
}

/** Where each demo lot's stock is: raw material and components in the warehouse, held lots caged by QC. */
function storageLocationOf(lot: DemoLot): string {
  if (lot.status === 'ON_HOLD') return 'SZ1-QC-HOLD-01';
  if (lot.status === 'QUARANTINE') return 'SZ1-QC-QUAR-01';
  if (lot.supplier) return lot.material.startsWith('RM-') ? 'SZ1-WH-RM-01' : 'SZ1-WH-CP-01';
  return lot.material.startsWith('FG-') ? 'SZ1-WH-FG-01' : 'SZ1-WIP-01';
}

/** Serialised units registered under one finished lot, so a serial can be traced to its component lots. */
export const DEMO_SERIALS = { lotNumber: 'SYR3-2611-0007', serials: ['S3-0007-000001', 'S3-0007-000002', 'S3-0007-000003', 'S3-0007-000004', 'S3-0007-000005'] };

/** The stock movements behind the demo: goods receipts, issues to and receipts from production, shipments. */
async function seedMovements(repos: BatchRepositories, manager: EntityManager): Promise<void> {
  const movements: Array<{ lot: string; kind: 'RECEIPT' | 'ISSUE' | 'SHIPMENT'; quantity: number; from: string; to: string; document: string; by: string; at: string }> = [];
  for (const [i, lot] of DEMO_LOTS.filter((l) => l.supplier).entries()) {
    const consumed = DEMO_RUNS.flatMap((run) => run.consumed).filter(([n]) => n === lot.lotNumber).reduce((sum, [, q]) => sum + q, 0);
    movements.push({ lot: lot.lotNumber, kind: 'RECEIPT', quantity: lot.quantity + consumed, from: `supplier:${lot.supplier}`, to: storageLocationOf(lot), document: `GR-2611-${String(i + 1).padStart(4, '0')}`, by: 'integrator', at: `${lot.manufacturedOn}T18:00:00Z` });
  }
  for (const run of DEMO_RUNS) {
    for (const [lotNumber, quantity] of run.consumed) {
      movements.push({ lot: lotNumber, kind: 'ISSUE', quantity, from: storageLocationOf(DEMO_LOTS.find((l) => l.lotNumber === lotNumber)!), to: `order:${run.order}`, document: run.order, by: run.operator, at: run.startedAt });
    }
    for (const [lotNumber, quantity] of run.produced) {
      movements.push({ lot: lotNumber, kind: 'RECEIPT', quantity, from: `order:${run.order}`, to: storageLocationOf(DEMO_LOTS.find((l) => l.lotNumber === lotNumber)!), document: run.order, by: run.operator, at: run.endedAt });
    }
  }
  for (const shipment of DEMO_SHIPMENTS) {
    for (const [lotNumber, quantity] of shipment.lines) {
      movements.push({ lot: lotNumber, kind: 'SHIPMENT', quantity, from: 'SZ1-WH-FG-01', to: `customer:${shipment.customer}`, document: shipment.number, by: 'operator', at: shipment.shippedAt });
    }
  }
  for (const m of movements) {
    await repos.movements.save(
      { id: deterministicId('movement', m.kind, m.document, m.lot), lotId: demoId.lot(m.lot), kind: m.kind, quantity: m.quantity, uom: uomOf(m.lot), fromLocation: m.from, toLocation: m.to, documentNumber: m.document, movedBy: m.by, movedAt: new Date(m.at), requestId: null },
      manager,
    );
  }
}

const RELEASE_REASON = 'Inspection passed, batch record reviewed';
/** When the QA manager released a released demo lot: the evening of the day it was made. */
const releasedAt = (lot: DemoLot) => `${lot.manufacturedOn ?? '2026-11-01'}T23:00:00Z`;

/** A readable history for every demo lot: how it entered, and how it reached its demo status. */
async function seedStatusHistory(repos: BatchRepositories, lot: DemoLot, manager: EntityManager): Promise<void> {
  const lotId = demoId.lot(lot.lotNumber);
  const day = lot.manufacturedOn ?? '2026-11-01';
  const steps: Array<{ from: LotStatus | null; to: LotStatus; reason: string; by: string; at: string; exception?: string }> = [
    { from: null, to: 'QUARANTINE', reason: lot.supplier ? 'Received from supplier' : 'Produced', by: lot.supplier ? 'integrator' : 'operator', at: `${day}T18:00:00Z` },
  ];
  if (lot.status === 'RELEASED') steps.push({ from: 'QUARANTINE', to: 'RELEASED', reason: RELEASE_REASON, by: 'qa.manager', at: releasedAt(lot) });
  if (lot.status === 'ON_HOLD') {
    steps.push({ from: 'QUARANTINE', to: 'ON_HOLD', reason: 'Contained: barrel zone 3 over-temperature on IMM-01', by: 'qa.engineer', at: '2026-11-15T21:00:00Z', exception: 'EX-2026-0041' });
  }
  for (const [index, step] of steps.entries()) {
    await repos.statusChanges.save(
      { id: deterministicId('lot-status-change', lot.lotNumber, String(index)), lotId, fromStatus: step.from, toStatus: step.to, reason: step.reason, exceptionNumber: step.exception ?? null, changedBy: step.by, changedAt: new Date(step.at), requestId: null },
      manager,
    );
  }
}

/**
 * A released demo lot carries its release signature, by the QA manager at the time of its release, written as a
 * release writes it (with its SIGN audit entry). Signatures are never removed: a lot signed before is left alone.
 */
async function signRelease(repos: BatchRepositories, lot: DemoLot, manager: EntityManager): Promise<void> {
  if (lot.status !== 'RELEASED') return;
  const signed = await repos.signatures.findFor('Lot', [lot.lotNumber], manager);
  if (signed.some((signature) => signature.meaning === 'RELEASED')) return;
  const stored = (await repos.lots.findByLotNumber(lot.lotNumber, manager))!;
  const qa = findDemoUser('qa.manager')!;
  const contentHash = lotContentHash(stored);
  await new SignatureService(repos.signatures, repos.audit).sign(manager, {
    entityType: 'Lot',
    entityId: lot.lotNumber,
    label: `Lot ${lot.lotNumber}`,
    // The seed writes the plant's past: no one re-enters a password, the signer is who released the lot then.
    input: { password: '', meaning: 'RELEASED', contentHash, reason: RELEASE_REASON },
    currentContentHash: contentHash,
    signer: { userId: qa.id, printedName: qa.name, roles: qa.roles, verifiedAt: new Date(releasedAt(lot)) },
    allowedRoles: RELEASE_SIGNERS,
  });
}

/**
 * Loads the demo plant, or puts its records back to their demo state; records that are not part of the
 * demo are left alone (nothing is deleted).
 */
export async function seedBatchDemo(database: SubgraphDatabase): Promise<{ lots: number }> {
  const repos = createBatchRepositories(database.dataSource);
  await database.dataSource.transaction(async (manager: EntityManager) => {
    for (const supplier of suppliers) await repos.suppliers.save({ id: demoId.supplier(supplier.code), ...supplier }, manager);
    for (const material of materials) {
      await repos.materials.save({ id: demoId.material(material.code), gtin: null, ...material }, manager);
    }
    for (const unit of equipment) {
      await repos.equipment.save(
        { id: demoId.equipment(unit.code), code: unit.code, name: unit.name, level: unit.level, parentId: unit.parent ? demoId.equipment(unit.parent) : null },
        manager,
      );
    }
    for (const lot of DEMO_LOTS) {
      const material = materials.find((m) => m.code === lot.material)!;
      // Held until the load commits: a use of the lot meanwhile waits for its demo state and its audit entry.
      await repos.lots.findByLotNumberForUpdate(lot.lotNumber, manager);
      const audited = { status: lot.status, quantity: lot.quantity, storageLocation: storageLocationOf(lot) };
      await loadAuditedRecord(repos.audit, manager, { entityType: 'Lot', entityId: lot.lotNumber, values: audited }, () => repos.lots.save(
        {
          id: demoId.lot(lot.lotNumber),
          lotNumber: lot.lotNumber,
          materialId: demoId.material(lot.material),
          status: lot.status,
          quantity: lot.quantity,
          uom: material.uom,
          supplierId: lot.supplier ? demoId.supplier(lot.supplier) : null,
          supplierLotNumber: lot.supplierLotNumber ?? null,
          manufacturedOn: lot.manufacturedOn ?? null,
          expiresOn: lot.expiresOn ?? null,
          producedOnEquipmentId: lot.producedOn ? demoId.equipment(lot.producedOn) : null,
          statusBeforeHold: lot.status === 'ON_HOLD' ? 'QUARANTINE' : null,
          storageLocation: storageLocationOf(lot),
        },
        manager,
      ));
      await seedStatusHistory(repos, lot, manager);
      await signRelease(repos, lot, manager);
    }
    await seedRuns(repos, manager);
    await seedMovements(repos, manager);
    await repos.sublots.upsertMany(
      DEMO_SERIALS.serials.map((serialNumber) => ({
        id: deterministicId('sublot', DEMO_SERIALS.lotNumber, serialNumber),
        lotId: demoId.lot(DEMO_SERIALS.lotNumber),
        materialId: demoId.material(DEMO_LOTS.find((l) => l.lotNumber === DEMO_SERIALS.lotNumber)!.material),
        serialNumber,
      })),
      manager,
    );
  });
  return { lots: DEMO_LOTS.length };
}
