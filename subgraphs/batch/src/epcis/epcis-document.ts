import { createHash } from 'node:crypto';
import type { LotStatus } from '../lot/lot.entity';
import { EpcisIdentifiers, rec20Unit } from './epcis-identifiers';
import { EPCIS_CONTEXT, MDA, STATUS_EVENTS, VTYPE } from './epcis-vocabulary';

/*
 * The EPCIS 2.0 document builder: a plain, typed description of what happened to a set of lots in, one
 * GS1 EPCIS 2.0 JSON-LD document out. No database, no clock: the same input gives the same document, and the
 * same event content gives the same eventID in any document.
 */

export interface EpcisLotInput {
  lotNumber: string;
  materialCode: string;
  /** GTIN of the lot's material (the UDI-DI of a finished device); null when it has none. */
  gtin: string | null;
  /** Expiry date (GS1 AI 17), YYYY-MM-DD. */
  expiresOn: string | null;
}

export interface EpcisPartyInput {
  code: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

export interface EpcisEquipmentInput {
  code: string;
  name: string;
  level: 'ENTERPRISE' | 'SITE' | 'AREA' | 'WORK_CENTER' | 'WORK_UNIT';
  parentCode: string | null;
}

export interface EpcisQuantityInput {
  lotNumber: string;
  quantity: number;
  uom: string;
}

/** A lot received from a supplier (today: every purchased lot; later: receipt movements). */
export interface EpcisReceiptInput {
  lotNumber: string;
  receivedAt: Date;
  supplier: EpcisPartyInput;
  supplierLotNumber: string | null;
  /** Quantity received, when known (the quantity on hand is not it). */
  quantity?: number | null;
  uom?: string | null;
  purchaseOrder?: string | null;
  /** Equipment code of where the goods were received. */
  locationCode?: string | null;
}

/** One production segment: what it consumed and produced, where and when. */
export interface EpcisProductionInput {
  /** The segment's id (a UUID becomes the transformationID `urn:uuid:<id>`). */
  segmentId: string;
  orderNumber: string;
  operation: string;
  equipmentCode: string;
  startedAt: Date;
  endedAt: Date | null;
  consumed: EpcisQuantityInput[];
  produced: EpcisQuantityInput[];
}

export interface EpcisShipmentInput {
  number: string;
  shippedAt: Date;
  customer: EpcisPartyInput;
  lines: EpcisQuantityInput[];
  /** Equipment code of where the goods left. */
  locationCode?: string | null;
}

export interface EpcisStatusChangeInput {
  lotNumber: string;
  from: LotStatus | null;
  to: LotStatus;
  reason: string;
  exceptionNumber: string | null;
  changedAt: Date;
}

export interface EpcisExportInput {
  /** The lot the trace started from, and which way it walked. */
  root: { lotNumber: string; direction: 'UPSTREAM' | 'DOWNSTREAM' };
  /** Every lot an event below names. */
  lots: EpcisLotInput[];
  /** Every piece of equipment an event names, with its ancestors (for the business location). */
  equipment: EpcisEquipmentInput[];
  receipts: EpcisReceiptInput[];
  productions: EpcisProductionInput[];
  shipments: EpcisShipmentInput[];
  statusChanges: EpcisStatusChangeInput[];
}

export interface EpcisExportOptions {
  /** The document's creationDate; the only part that differs between two exports of the same trace. */
  creationDate: Date;
  /** Base of the private identifiers (see epcis-identifiers.ts). */
  idBase?: string;
  /** Local offset of the plant where events happened; eventTime is always written in UTC. */
  timeZoneOffset?: string;
}

export type EpcisEvent = Record<string, unknown> & { type: string; eventID: string; eventTime: string };

export interface EpcisDocument {
  '@context': Array<string | Record<string, string>>;
  type: 'EPCISDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisHeader: { epcisMasterData: { vocabularyList: Vocabulary[] } };
  epcisBody: { eventList: EpcisEvent[] };
  [extension: `lotgraph:${string}`]: unknown;
}

interface Vocabulary {
  type: string;
  vocabularyElementList: Array<{ id: string; attributes: Array<{ id: string; attribute: string }> }>;
}

/** `ni:///sha-256;<hex>` over the event's canonical JSON (keys sorted, eventID left out). */
export function eventHashId(event: Record<string, unknown>): string {
  const { eventID: _ignored, ...content } = event;
  return `ni:///sha-256;${createHash('sha256').update(canonicalJson(content)).digest('hex')}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Instance/lot master data of a produced lot: its lot number (AI 10) and expiry date (AI 17). */
const ilmd = (lot: EpcisLotInput) => ({
  'cbvmda:lotNumber': lot.lotNumber,
  ...(lot.expiresOn ? { 'cbvmda:itemExpirationDate': lot.expiresOn } : {}),
});

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildEpcisDocument(input: EpcisExportInput, options: EpcisExportOptions): EpcisDocument {
  const ids = new EpcisIdentifiers(options.idBase);
  const offset = options.timeZoneOffset ?? '+00:00';
  const lots = new Map(input.lots.map((lot) => [lot.lotNumber, lot]));
  const equipment = new Map(input.equipment.map((unit) => [unit.code, unit]));
  const readPoints = new Map<string, EpcisEquipmentInput>();
  const bizLocations = new Map<string, EpcisEquipmentInput>();
  const parties = new Map<string, EpcisPartyInput>();

  const lotOf = (lotNumber: string, record: string): EpcisLotInput => {
    const lot = lots.get(lotNumber);
    if (!lot) throw new Error(`EPCIS export: ${record} names lot ${lotNumber}, which is not among the export's lots`);
    return lot;
  };
  const unitOf = (code: string, record: string): EpcisEquipmentInput => {
    const unit = equipment.get(code);
    if (!unit) throw new Error(`EPCIS export: ${record} names equipment ${code}, which is not among the export's equipment`);
    return unit;
  };
  const quantity = (line: EpcisQuantityInput, record: string) => {
    const uom = rec20Unit(line.uom, `${record} lot ${line.lotNumber}`);
    return { epcClass: ids.lot(lotOf(line.lotNumber, record)), quantity: line.quantity, ...(uom ? { uom } : {}) };
  };
  const quantities = (lines: EpcisQuantityInput[], record: string) =>
    lines.map((line) => quantity(line, record)).sort((a, b) => byText(a.epcClass, b.epcClass));
  const readPoint = (code: string, record: string) => {
    const unit = unitOf(code, record);
    readPoints.set(unit.code, unit);
    return { id: ids.equipment(unit.code) };
  };
  /** Where the goods are after the event: the area (ISA-95) the equipment stands in, else its top ancestor. */
  const bizLocation = (code: string, record: string) => {
    let unit = unitOf(code, record);
    while (unit.level !== 'AREA' && unit.level !== 'SITE' && unit.parentCode && equipment.has(unit.parentCode)) {
      unit = equipment.get(unit.parentCode)!;
    }
    bizLocations.set(unit.code, unit);
    return { id: ids.equipment(unit.code) };
  };
  const time = (at: Date) => ({ eventTime: at.toISOString(), eventTimeZoneOffset: offset });
  const events: EpcisEvent[] = [];
  const add = (event: Record<string, unknown> & { type: string; eventTime: string }) => {
    const { type, ...rest } = event;
    events.push({ type, eventID: eventHashId(event), ...rest });
  };

  for (const receipt of input.receipts) {
    const record = `receipt of lot ${receipt.lotNumber}`;
    const lot = lotOf(receipt.lotNumber, record);
    const received = receipt.quantity != null && receipt.uom ? quantity({ lotNumber: lot.lotNumber, quantity: receipt.quantity, uom: receipt.uom }, record) : { epcClass: ids.lot(lot) };
    parties.set(ids.supplier(receipt.supplier.code), receipt.supplier);
    add({
      type: 'ObjectEvent',
      ...time(receipt.receivedAt),
      action: 'OBSERVE',
      quantityList: [received],
      bizStep: 'receiving',
      // Received goods wait in quarantine for incoming inspection: still in progress, not yet usable.
      disposition: 'in_progress',
      ...(receipt.locationCode ? { bizLocation: bizLocation(receipt.locationCode, record) } : {}),
      ...(receipt.purchaseOrder ? { bizTransactionList: [{ type: 'po', bizTransaction: ids.purchaseOrder(receipt.purchaseOrder) }] } : {}),
      sourceList: [{ type: 'owning_party', source: ids.supplier(receipt.supplier.code) }],
      ...(receipt.supplierLotNumber ? { 'lotgraph:supplierLotNumber': receipt.supplierLotNumber } : {}),
    });
  }

  for (const production of input.productions) {
    const record = `production order ${production.orderNumber} (${production.operation})`;
    const common = {
      ...time(production.endedAt ?? production.startedAt),
      transformationID: ids.transformation(production.segmentId),
      bizStep: 'creating_class_instance',
      disposition: 'active',
      readPoint: readPoint(production.equipmentCode, record),
      bizLocation: bizLocation(production.equipmentCode, record),
      bizTransactionList: [{ type: 'prodorder', bizTransaction: ids.productionOrder(production.orderNumber) }],
      'lotgraph:operation': production.operation,
    };
    const inputs = quantities(production.consumed, record);
    const outputs = production.produced
      .map((line) => ({ lot: lotOf(line.lotNumber, record), element: quantity(line, record) }))
      .sort((a, b) => byText(a.element.epcClass, b.element.epcClass));
    if (!inputs.length && !outputs.length) continue;
    // ILMD describes an event's outputs, so a segment that made several lots gives one event per lot; they
    // share the transformationID, which is how EPCIS says they are one transformation, and the inputs are
    // stated once, on the first.
    const groups = outputs.length ? outputs.map((output) => [output]) : [[]];
    groups.forEach(([output], index) => {
      add({
        type: 'TransformationEvent',
        ...common,
        ...(index === 0 && inputs.length ? { inputQuantityList: inputs } : {}),
        ...(output ? { outputQuantityList: [output.element], ilmd: ilmd(output.lot) } : {}),
      });
    });
  }

  for (const shipment of input.shipments) {
    const record = `shipment ${shipment.number}`;
    parties.set(ids.customer(shipment.customer.code), shipment.customer);
    add({
      type: 'ObjectEvent',
      ...time(shipment.shippedAt),
      action: 'OBSERVE',
      quantityList: quantities(shipment.lines, record),
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...(shipment.locationCode ? { readPoint: readPoint(shipment.locationCode, record) } : {}),
      bizTransactionList: [{ type: 'desadv', bizTransaction: ids.shipment(shipment.number) }],
      destinationList: [
        { type: 'owning_party', destination: ids.customer(shipment.customer.code) },
        { type: 'possessing_party', destination: ids.customer(shipment.customer.code) },
      ],
    });
  }

  for (const change of input.statusChanges) {
    const cbv = STATUS_EVENTS[change.to];
    if (!cbv || change.from === null) continue;
    const lot = lotOf(change.lotNumber, `status change of lot ${change.lotNumber}`);
    add({
      type: 'ObjectEvent',
      ...time(change.changedAt),
      action: 'OBSERVE',
      quantityList: [{ epcClass: ids.lot(lot) }],
      ...cbv,
      'lotgraph:lotStatus': change.to,
      'lotgraph:previousLotStatus': change.from,
      'lotgraph:reason': change.reason,
      ...(change.exceptionNumber ? { 'lotgraph:exceptionNumber': change.exceptionNumber } : {}),
    });
  }

  events.sort((a, b) => byText(a.eventTime, b.eventTime) || byText(a.eventID, b.eventID));
  return {
    '@context': [EPCIS_CONTEXT, { lotgraph: ids.vocabulary, cbvmda: 'urn:epcglobal:cbv:mda:' }],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: options.creationDate.toISOString(),
    'lotgraph:traceRoot': input.root.lotNumber,
    'lotgraph:traceDirection': input.root.direction,
    epcisHeader: { epcisMasterData: { vocabularyList: masterData(ids, readPoints, bizLocations, parties) } },
    epcisBody: { eventList: events },
  };
}

/** Names (and countries) of the locations and parties the events point at, so a reader need not look them up. */
function masterData(
  ids: EpcisIdentifiers,
  readPoints: Map<string, EpcisEquipmentInput>,
  bizLocations: Map<string, EpcisEquipmentInput>,
  parties: Map<string, EpcisPartyInput>,
): Vocabulary[] {
  const named = (id: string, name: string, country?: string | null) => ({
    id,
    attributes: [{ id: MDA.name, attribute: name }, ...(country ? [{ id: MDA.countryCode, attribute: country }] : [])],
  });
  const sorted = <T extends { id: string }>(list: T[]) => list.sort((a, b) => byText(a.id, b.id));
  const locations = (units: Map<string, EpcisEquipmentInput>) => sorted([...units.values()].map((u) => named(ids.equipment(u.code), u.name)));
  return [
    { type: VTYPE.readPoint, vocabularyElementList: locations(readPoints) },
    { type: VTYPE.bizLocation, vocabularyElementList: locations(bizLocations) },
    { type: VTYPE.sourceDest, vocabularyElementList: sorted([...parties].map(([id, p]) => named(id, p.name, p.country))) },
  ].filter((vocabulary) => vocabulary.vocabularyElementList.length > 0);
}
