import { querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchServer, seedBatchDemo } from '../src/server';
import { gtin14 } from '../src/demo/batch-demo';
import { gs1ExampleDocuments, validateEpcis } from './support/epcis-schema';

type Event = Record<string, unknown> & { type: string; eventID: string; eventTime: string; bizStep?: string; disposition?: string };
type Doc = { epcisHeader: { epcisMasterData: { vocabularyList: Array<{ type: string; vocabularyElementList: Array<{ id: string; attributes: Array<{ id: string; attribute: string }> }> }> } }; epcisBody: { eventList: Event[] } } & Record<string, unknown>;

const EXPORT = `query ($lot: String!, $direction: TraceDirection!, $maxDepth: Int) {
  epcisExport(lotNumber: $lot, direction: $direction, maxDepth: $maxDepth)
}`;

const SYRINGE_3ML = gtin14('0697123450001');
const finished = (lot: string) => `https://id.gs1.org/01/${SYRINGE_3ML}/10/${lot}`;
const privateLot = (material: string, lot: string) => `https://id.lotgraph.example/material/${material}/lot/${lot}`;
const customer = (code: string) => `https://id.lotgraph.example/party/customer/${code}`;

/** Name of a party or location from the document's master data, as a reader would look it up. */
function nameOf(doc: Doc, id: string): string | undefined {
  for (const vocabulary of doc.epcisHeader.epcisMasterData.vocabularyList) {
    const element = vocabulary.vocabularyElementList.find((e) => e.id === id);
    if (element) return element.attributes.find((a) => a.id === 'urn:epcglobal:cbv:mda#name')?.attribute;
  }
  return undefined;
}

const lotsOf = (event: Event, list: string) => (event[list] as Array<{ epcClass: string }> | undefined)?.map((q) => q.epcClass) ?? [];

describe('EPCIS 2.0 export of a trace', () => {
  let running: RunningSubgraph;
  const exportTrace = async (lot: string, direction: 'UPSTREAM' | 'DOWNSTREAM', maxDepth?: number) => {
    const answer = await querySubgraph<{ epcisExport: Doc }>(running.server, EXPORT, { lot, direction, maxDepth });
    return answer;
  };
  const documentOf = async (lot: string, direction: 'UPSTREAM' | 'DOWNSTREAM') => {
    const { data, errors } = await exportTrace(lot, direction);
    expect(errors).toBeUndefined();
    return data!.epcisExport;
  };

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
  });

  afterAll(() => running.stop());

  it('validates the GS1 example documents, so the schema is loaded and working', () => {
    const examples = gs1ExampleDocuments();
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const [name, document] of examples) expect({ name, ...validateEpcis(document) }).toEqual({ name, valid: true, errors: [] });
  });

  it('exports the upstream trace of a finished lot as a valid EPCIS document: its assembly, with what it consumed', async () => {
    const doc = await documentOf('SYR3-2611-0007', 'UPSTREAM');
    expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });
    expect(doc).toMatchObject({ type: 'EPCISDocument', schemaVersion: '2.0', 'lotgraph:traceRoot': 'SYR3-2611-0007', 'lotgraph:traceDirection': 'UPSTREAM' });

    const assembly = doc.epcisBody.eventList.find((e) => e.type === 'TransformationEvent' && lotsOf(e, 'outputQuantityList').includes(finished('SYR3-2611-0007')))!;
    expect(assembly).toMatchObject({
      eventTime: '2026-11-14T18:00:00.000Z',
      bizStep: 'creating_class_instance',
      disposition: 'active',
      readPoint: { id: 'https://id.lotgraph.example/equipment/ASM-01' },
      bizLocation: { id: 'https://id.lotgraph.example/equipment/SZ1-ASSY' },
      bizTransactionList: [{ type: 'prodorder', bizTransaction: 'https://id.lotgraph.example/production-order/PO-2611-0201' }],
      outputQuantityList: [{ epcClass: finished('SYR3-2611-0007'), quantity: 24000 }],
      ilmd: { 'cbvmda:lotNumber': 'SYR3-2611-0007', 'cbvmda:itemExpirationDate': '2031-11-13' },
    });
    expect(assembly.transformationID).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // Pieces are counted, so no unit; resin is weighed in kilograms (UN/ECE Rec 20 KGM).
    expect(assembly.inputQuantityList).toEqual([
      { epcClass: privateLot('CP-GSK-2001', 'GSK-2611-001'), quantity: 24000 },
      { epcClass: privateLot('SA-BRL-3001', 'BRL-2611-015'), quantity: 24000 },
      { epcClass: privateLot('SA-PLG-3002', 'PLG-2611-010'), quantity: 24000 },
    ]);
    const moulding = doc.epcisBody.eventList.find((e) => lotsOf(e, 'outputQuantityList').includes(privateLot('SA-BRL-3001', 'BRL-2611-015')))!;
    expect(moulding.inputQuantityList).toEqual([{ epcClass: privateLot('RM-PP-1001', 'RPP-2611-002'), quantity: 235, uom: 'KGM' }]);
    expect(nameOf(doc, 'https://id.lotgraph.example/equipment/IMM-01')).toBe('Injection moulding machine 01 (180 t, barrels)');

    // Each purchased lot was received from its supplier, before it was used.
    const receipts = doc.epcisBody.eventList.filter((e) => e.bizStep === 'receiving');
    expect(receipts.map((e) => [lotsOf(e, 'quantityList')[0], e.sourceList, e['lotgraph:supplierLotNumber']])).toEqual([
      [privateLot('CP-GSK-2001', 'GSK-2611-001'), [{ type: 'owning_party', source: 'https://id.lotgraph.example/party/supplier/SUP-HME' }], 'HM-G-5531'],
      [privateLot('RM-PE-1002', 'RPE-2611-001'), [{ type: 'owning_party', source: 'https://id.lotgraph.example/party/supplier/SUP-NPR' }], 'NP-88240'],
      [privateLot('RM-PP-1001', 'RPP-2611-002'), [{ type: 'owning_party', source: 'https://id.lotgraph.example/party/supplier/SUP-HME' }], 'HM-2026-1187'],
    ]);
    expect(receipts.every((e) => e.disposition === 'in_progress' && e.eventTime < '2026-11-01')).toBe(true);
    expect(nameOf(doc, 'https://id.lotgraph.example/party/supplier/SUP-NPR')).toBe('NordPoly Resins GmbH');
    // Upstream says where the lot came from, not where it went.
    expect(doc.epcisBody.eventList.filter((e) => e.bizStep === 'shipping')).toEqual([]);
    // Events in time order.
    const times = doc.epcisBody.eventList.map((e) => e.eventTime);
    expect(times).toEqual([...times].sort());
  });

  it('exports the downstream trace of a resin lot: the customers it reached and the lots held since', async () => {
    const doc = await documentOf('RPP-2611-002', 'DOWNSTREAM');
    expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });

    const shipments = doc.epcisBody.eventList.filter((e) => e.bizStep === 'shipping');
    expect(shipments.map((e) => ({ time: e.eventTime, disposition: e.disposition, lots: e.quantityList, to: e.destinationList, ref: e.bizTransactionList }))).toEqual([
      {
        time: '2026-11-17T08:30:00.000Z',
        disposition: 'in_transit',
        lots: [{ epcClass: finished('SYR3-2611-0007'), quantity: 12000 }],
        to: [{ type: 'owning_party', destination: customer('CUS-STM') }, { type: 'possessing_party', destination: customer('CUS-STM') }],
        ref: [{ type: 'desadv', bizTransaction: 'https://id.lotgraph.example/shipment/SH-2611-0031' }],
      },
      {
        time: '2026-11-18T09:15:00.000Z',
        disposition: 'in_transit',
        lots: [{ epcClass: finished('SYR3-2611-0007'), quantity: 8000 }],
        to: [{ type: 'owning_party', destination: customer('CUS-SMD') }, { type: 'possessing_party', destination: customer('CUS-SMD') }],
        ref: [{ type: 'desadv', bizTransaction: 'https://id.lotgraph.example/shipment/SH-2611-0032' }],
      },
    ]);
    expect(nameOf(doc, customer('CUS-STM'))).toBe("St. Mary's Hospital Group");
    expect(nameOf(doc, customer('CUS-SMD'))).toBe('Shanghai MedSupply Distribution Co.');

    const holds = doc.epcisBody.eventList.filter((e) => e.bizStep === 'holding');
    expect(holds.map((e) => [lotsOf(e, 'quantityList')[0], e.disposition, e['lotgraph:exceptionNumber'], e['lotgraph:reason']]).sort()).toEqual([
      [finished('SYR3-2611-0008'), 'non_sellable_other', 'EX-2026-0041', 'Contained: barrel zone 3 over-temperature on IMM-01'],
      [privateLot('SA-BRL-3001', 'BRL-2611-014'), 'non_sellable_other', 'EX-2026-0041', 'Contained: barrel zone 3 over-temperature on IMM-01'],
    ]);
  });

  it('exports the same trace identically twice, and a production run as the same event from either direction', async () => {
    const first = await documentOf('RPP-2611-002', 'DOWNSTREAM');
    const second = await documentOf('RPP-2611-002', 'DOWNSTREAM');
    expect(second.epcisBody).toEqual(first.epcisBody);
    const ids = first.epcisBody.eventList.map((e) => e.eventID);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^ni:\/\/\/sha-256;[0-9a-f]{64}$/.test(id))).toBe(true);

    const assemblyOf = (doc: Doc) => doc.epcisBody.eventList.find((e) => lotsOf(e, 'outputQuantityList').includes(finished('SYR3-2611-0007')))!;
    const upstream = await documentOf('SYR3-2611-0007', 'UPSTREAM');
    expect(assemblyOf(upstream)).toEqual(assemblyOf(first));
  });

  it('shows a hold placed now as a holding event, with the exception that asked for it', async () => {
    const held = await querySubgraph(
      running.server,
      `mutation { holdLot(input: { lotNumber: "BRL-2611-015", reason: "Same resin lot as EX-2026-0041", exceptionNumber: "EX-2026-0041" }) { status } }`,
    );
    expect(held.errors).toBeUndefined();
    const doc = await documentOf('SYR3-2611-0007', 'UPSTREAM');
    expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });
    const hold = doc.epcisBody.eventList.find((e) => e.bizStep === 'holding')!;
    expect(hold).toMatchObject({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      disposition: 'non_sellable_other',
      quantityList: [{ epcClass: privateLot('SA-BRL-3001', 'BRL-2611-015') }],
      'lotgraph:lotStatus': 'ON_HOLD',
      'lotgraph:previousLotStatus': 'RELEASED',
      'lotgraph:exceptionNumber': 'EX-2026-0041',
    });
  });

  it('is rejected by the schema once an event loses its eventTime or gets a made-up business step', async () => {
    const doc = await documentOf('SYR3-2611-0007', 'UPSTREAM');
    const withoutTime = structuredClone(doc);
    delete (withoutTime.epcisBody.eventList[0] as Partial<Event>).eventTime;
    expect(validateEpcis(withoutTime)).toEqual({ valid: false, errors: expect.arrayContaining(["/epcisBody/eventList/0 must have required property 'eventTime'"]) });

    const madeUpStep = structuredClone(doc);
    madeUpStep.epcisBody.eventList[1].bizStep = 'quality_checking';
    expect(validateEpcis(madeUpStep)).toEqual({ valid: false, errors: expect.arrayContaining(['/epcisBody/eventList/1/bizStep must be equal to one of the allowed values']) });
  });

  it('names the bad argument: unknown lot, depth out of range', async () => {
    expect((await exportTrace('NOPE', 'UPSTREAM')).errors![0]).toMatchObject({ message: 'Lot with lotNumber "NOPE" does not exist', extensions: { code: 'NOT_FOUND' } });
    expect((await exportTrace('SYR3-2611-0007', 'UPSTREAM', 0)).errors![0]).toMatchObject({
      message: 'Query.epcisExport.maxDepth: must be between 1 and 100, got 0',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
