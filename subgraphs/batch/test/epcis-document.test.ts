import { buildEpcisDocument, eventHashId, type EpcisExportInput } from '../src/epcis/epcis-document';
import { validateEpcis } from './support/epcis-schema';

const SEGMENT = '5b0e7a52-3c1d-4f7e-9a63-0d8f2c1e4b77';

/** A small plant: resin received, moulded into two barrel lots in one run, one lot shipped, one recalled. */
function plant(overrides: Partial<EpcisExportInput> = {}): EpcisExportInput {
  return {
    root: { lotNumber: 'R-1', direction: 'DOWNSTREAM' },
    lots: [
      { lotNumber: 'R-1', materialCode: 'RM-PP', gtin: null, expiresOn: '2028-01-31' },
      { lotNumber: 'B/1', materialCode: 'SA-BRL', gtin: '4012345000016', expiresOn: '2031-01-31' },
      { lotNumber: 'B-2', materialCode: 'SA-BRL', gtin: '4012345000016', expiresOn: null },
    ],
    equipment: [
      { code: 'SITE', name: 'Plant', level: 'SITE', parentCode: null },
      { code: 'HALL', name: 'Moulding hall', level: 'AREA', parentCode: 'SITE' },
      { code: 'LINE', name: 'Line 1', level: 'WORK_CENTER', parentCode: 'HALL' },
      { code: 'IMM', name: 'Press', level: 'WORK_UNIT', parentCode: 'LINE' },
    ],
    receipts: [
      {
        lotNumber: 'R-1',
        receivedAt: new Date('2027-01-05T07:00:00Z'),
        supplier: { code: 'SUP', name: 'Resin Co', country: 'DE' },
        supplierLotNumber: 'S-99',
        quantity: 500,
        uom: 'kg',
        purchaseOrder: 'PUR-7',
        locationCode: 'SITE',
      },
    ],
    productions: [
      {
        segmentId: SEGMENT,
        orderNumber: 'PO-1',
        operation: 'MOULDING',
        equipmentCode: 'IMM',
        startedAt: new Date('2027-01-10T06:00:00Z'),
        endedAt: new Date('2027-01-10T18:00:00Z'),
        consumed: [{ lotNumber: 'R-1', quantity: 120.5, uom: 'kg' }],
        produced: [
          { lotNumber: 'B-2', quantity: 1000, uom: 'pcs' },
          { lotNumber: 'B/1', quantity: 3000, uom: 'pcs' },
        ],
      },
    ],
    shipments: [],
    statusChanges: [
      { lotNumber: 'B/1', from: null, to: 'QUARANTINE', reason: 'Produced', exceptionNumber: null, changedAt: new Date('2027-01-10T18:00:00Z') },
      { lotNumber: 'B/1', from: 'RELEASED', to: 'RECALLED', reason: 'Field complaint', exceptionNumber: 'EX-9', changedAt: new Date('2027-02-01T09:00:00Z') },
    ],
    ...overrides,
  };
}

const build = (input: EpcisExportInput) => buildEpcisDocument(input, { creationDate: new Date('2027-03-01T00:00:00Z') });

describe('the EPCIS document builder', () => {
  it('gives a run that made two lots one TransformationEvent per lot, joined by the transformationID', () => {
    const doc = build(plant());
    expect(validateEpcis(doc)).toEqual({ valid: true, errors: [] });
    const output = (e: Record<string, unknown>) => (e.outputQuantityList as Array<{ epcClass: string }>)[0].epcClass;
    const runs = doc.epcisBody.eventList.filter((e) => e.type === 'TransformationEvent').sort((a, b) => (output(a) < output(b) ? -1 : 1));
    expect(runs.map((e) => [e.outputQuantityList, e.inputQuantityList, e.ilmd])).toEqual([
      [
        [{ epcClass: 'https://id.gs1.org/01/04012345000016/10/B%2F1', quantity: 3000 }],
        [{ epcClass: 'https://id.lotgraph.example/material/RM-PP/lot/R-1', quantity: 120.5, uom: 'KGM' }],
        { 'cbvmda:lotNumber': 'B/1', 'cbvmda:itemExpirationDate': '2031-01-31' },
      ],
      [[{ epcClass: 'https://id.gs1.org/01/04012345000016/10/B-2', quantity: 1000 }], undefined, { 'cbvmda:lotNumber': 'B-2' }],
    ]);
    expect(new Set(runs.map((e) => e.transformationID))).toEqual(new Set([`urn:uuid:${SEGMENT}`]));
    expect(runs[0]).toMatchObject({ readPoint: { id: 'https://id.lotgraph.example/equipment/IMM' }, bizLocation: { id: 'https://id.lotgraph.example/equipment/HALL' } });
  });

  it('states a known receipt quantity, the purchase order and where the goods arrived', () => {
    const receipt = build(plant()).epcisBody.eventList.find((e) => e.bizStep === 'receiving');
    expect(receipt).toMatchObject({
      quantityList: [{ epcClass: 'https://id.lotgraph.example/material/RM-PP/lot/R-1', quantity: 500, uom: 'KGM' }],
      bizTransactionList: [{ type: 'po', bizTransaction: 'https://id.lotgraph.example/purchase-order/PUR-7' }],
      bizLocation: { id: 'https://id.lotgraph.example/equipment/SITE' },
    });
  });

  it('marks a recall with the CBV recalled disposition and skips a lot merely coming into being', () => {
    const statusEvents = build(plant()).epcisBody.eventList.filter((e) => e.type === 'ObjectEvent' && e['lotgraph:lotStatus']);
    expect(statusEvents).toHaveLength(1);
    expect(statusEvents[0]).toMatchObject({ bizStep: 'holding', disposition: 'recalled', 'lotgraph:exceptionNumber': 'EX-9' });
  });

  it('derives each eventID from the event content alone', () => {
    const a = build(plant()).epcisBody.eventList;
    const b = buildEpcisDocument(plant(), { creationDate: new Date('2030-01-01T00:00:00Z'), idBase: 'https://id.lotgraph.example' }).epcisBody.eventList;
    expect(b.map((e) => e.eventID)).toEqual(a.map((e) => e.eventID));
    for (const event of a) expect(eventHashId(event)).toBe(event.eventID);
    const later = plant();
    later.statusChanges[1].changedAt = new Date('2027-02-02T09:00:00Z');
    const recallOf = (events: typeof a) => events.find((e) => e.disposition === 'recalled')!.eventID;
    expect(recallOf(build(later).epcisBody.eventList)).not.toBe(recallOf(a));
  });

  it('refuses a unit it cannot express and a GTIN that is not one, naming the record', () => {
    const tonnes = plant();
    tonnes.productions[0].consumed[0].uom = 'bags';
    expect(() => build(tonnes)).toThrow('production order PO-1 (MOULDING) lot R-1.uom: "bags" has no UN/ECE Rec 20 code for EPCIS');
    const badGtin = plant();
    badGtin.lots[1].gtin = '12345';
    expect(() => build(badGtin)).toThrow('Material SA-BRL.gtin: "12345" is not a GTIN (8, 12, 13 or 14 digits)');
  });
});
