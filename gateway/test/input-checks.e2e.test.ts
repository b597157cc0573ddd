import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/test-graph';

const RECEIVE = `mutation ($input: ReceiveLotInput!) { receiveLot(input: $input) { lotNumber status } }`;
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) { lotNumber } }`;
const RECORD = `mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted rejected results { outcome reason } } }`;

/** A goods receipt of resin, with what a case changes. */
const receipt = (lotNumber: string, changes: Record<string, unknown> = {}) => ({
  lotNumber, materialCode: 'RM-PP-1001', supplierCode: 'SUP-NPR', quantity: 100, uom: 'kg', storageLocation: 'SZ1-QC-QUAR-01', receiptNumber: `GR-${lotNumber}`, ...changes,
});

/** The first error as a client reads it: HTTP status, code and message. */
const refusal = (response: GraphQLResponse) => ({ status: response.status, code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message });

describe('what the graph takes as input, through the gateway', () => {
  let graph: TestGraph;
  const as = (user: string) => ({ token: graph.tokenFor(user) });

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(() => graph.stop());

  it('refuses an impossible date or a year outside 1900 to 9999 with HTTP 400 naming the field, and records nothing', async () => {
    const feb30 = await graph.query(RECEIVE, { variables: { input: receipt('RPP-DATE-1', { receivedAt: '2026-02-30T00:00:00Z' }) }, ...as('integrator') });
    expect(refusal(feb30)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'ReceiveLotInput.receivedAt: DateTime "2026-02-30T00:00:00Z" is not a real date: February 2026 has 28 days' });
    for (const [receivedAt, year] of [['0001-01-01T00:00:00Z', '1'], ['+275760-09-13T00:00:00Z', '+275760']]) {
      const response = await graph.query(RECEIVE, { variables: { input: receipt('RPP-DATE-1', { receivedAt }) }, ...as('integrator') });
      expect(refusal(response)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: `ReceiveLotInput.receivedAt: DateTime "${receivedAt}" is in the year ${year}; dates are taken from 1900 to 9999` });
    }
    // Written in the query rather than sent as a variable, and a calendar date: the same answer, not a server error.
    const literal = await graph.query('{ lots(filter: { manufacturedFrom: "2026-02-30" }) { totalCount } }');
    expect(refusal(literal)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'LotFilter.manufacturedFrom: Date "2026-02-30" is not a real date: February 2026 has 28 days' });
    const exception = await graph.query('mutation ($at: DateTime) { reportException(input: { title: "Burn marks", severity: MINOR, detectedAt: $at }) { number } }', {
      variables: { at: '0001-01-01T00:00:00Z' },
      ...as('operator'),
    });
    expect(refusal(exception)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/^ReportExceptionInput\.detectedAt: /) });
    expect((await graph.query(LOT, { variables: { lot: 'RPP-DATE-1' } })).data).toEqual({ lot: null });
  });

  it('rejects a reading at an impossible or implausible time, or with a value that is not a plain decimal, on its own', async () => {
    const setup = `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-IN", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`;
    expect((await graph.query(setup, as('qa.engineer'))).errors).toBeUndefined();
    const reading = (i: number, value: string, measuredAt = `2026-11-20T08:0${i}:00Z`) => ({ readingId: `IN-${i}`, equipmentCode: 'IMM-IN', parameter: 'BARREL_TEMP', value, measuredAt });
    const report = await graph.query<{ recordReadings: { accepted: number; results: Array<{ outcome: string; reason: string | null }> } }>(RECORD, {
      variables: {
        readings: [
          reading(0, '0x10'),
          reading(1, '230.5', '0001-01-01T00:00:00Z'),
          reading(2, '230.5', '+275760-09-13T00:00:00Z'),
          reading(3, '230.5', '2026-02-30T08:00:00Z'),
          reading(4, '1e-300'),
          { ...reading(5, '230.5'), lotNumber: 'BRL-2611-015\u200B' },
          reading(6, '230.5'),
        ],
      },
      ...as('integrator'),
    });
    expect(report.errors).toBeUndefined();
    expect(report.data!.recordReadings.accepted).toBe(1);
    expect(report.data!.recordReadings.results.map((r) => r.reason)).toEqual([
      'value: "0x10" is not a plain decimal number (such as 241.5 or -0.25)',
      'measuredAt: "0001-01-01T00:00:00Z" is in the year 1; dates are taken from 1900 to 9999',
      'measuredAt: "+275760-09-13T00:00:00Z" is in the year +275760; dates are taken from 1900 to 9999',
      'measuredAt: "2026-02-30T08:00:00Z" is not a real date: February 2026 has 28 days',
      'value: has more than 9 decimal places: 1e-300',
      'lotNumber: contains U+200B, an invisible format character ("BRL-2611-015<U+200B>"); identifiers may not contain invisible, format or control characters',
      null,
    ]);
  });

  it('refuses text with a NUL and numbers the database would change as BAD_USER_INPUT naming the field, not a server error', async () => {
    const nul = await graph.query('mutation ($title: String!) { reportException(input: { title: $title, severity: MINOR }) { number } }', { variables: { title: 'Flash\u0000' }, ...as('operator') });
    expect(refusal(nul)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: 'ReportExceptionInput.title: contains a NUL character' });
    const lookup = await graph.query(LOT, { variables: { lot: 'RPP-2611-001\u0000' } });
    expect(refusal(lookup)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: 'Query.lot.lotNumber: contains a NUL character' });
    const tiny = await graph.query(RECEIVE, { variables: { input: receipt('RPP-TINY-1', { quantity: 1e-300 }) }, ...as('integrator') });
    expect(refusal(tiny)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: 'ReceiveLotInput.quantity: has more than 6 decimal places: 1e-300' });
    const measured = await graph.query(
      'mutation { recordInspection(input: { lotNumber: "RPP-2611-001", sampleId: "S-IN-1", stage: INCOMING, testName: "Melt flow rate", result: PASS, measuredValue: 1e-300, unit: "g/10 min" }) { id } }',
      as('qc.inspector'),
    );
    expect(refusal(measured)).toEqual({ status: 200, code: 'BAD_USER_INPUT', message: 'Inspection.measuredValue: has more than 9 decimal places: 1e-300' });
  });

  it('answers a number literal beyond a double with HTTP 400 BAD_USER_INPUT, not 500', async () => {
    const response = await graph.query(
      'mutation { receiveLot(input: { lotNumber: "RPP-HUGE-1", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 1e309, uom: "kg", storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-HUGE-1" }) { status } }',
      as('integrator'),
    );
    expect(refusal(response)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'ReceiveLotInput.quantity: 1e309 is beyond the range of a Float (a double, about ±1.8e308)' });
  });

  it('refuses lot numbers, codes and user ids with zero-width or direction characters, so no two look alike', async () => {
    expect((await graph.query(RECEIVE, { variables: { input: receipt('RPP-LOOK-1') }, ...as('integrator') })).errors).toBeUndefined();
    const lookalikes: Array<[Record<string, unknown>, string, string]> = [
      [{ lotNumber: 'RPP-LOOK-1\u200B' }, 'lotNumber', '"RPP-LOOK-1<U+200B>"'],
      [{ lotNumber: '\u202ERPP-LOOK-1' }, 'lotNumber', '"<U+202E>RPP-LOOK-1"'],
      [{ lotNumber: 'RPP-LOOK-2', supplierCode: 'SUP-NPR\u200E' }, 'supplierCode', '"SUP-NPR<U+200E>"'],
      [{ lotNumber: 'RPP-LOOK-2', receiptNumber: '\uFEFFGR-LOOK-2' }, 'receiptNumber', '"<U+FEFF>GR-LOOK-2"'],
    ];
    for (const [changes, field, shown] of lookalikes) {
      const response = await graph.query(RECEIVE, { variables: { input: receipt('RPP-LOOK-1', changes) }, ...as('integrator') });
      expect(refusal(response)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining(`ReceiveLotInput.${field}: contains U+`) });
      expect(response.errors![0].message).toContain(shown);
    }
    const user = await graph.query('mutation { createUser(input: { userId: "li.na\u200B", printedName: "Li Na", roles: [OPERATOR], password: "a long enough passphrase" }) { id } }', as('admin'));
    expect(refusal(user)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^CreateUserInput\.userId: contains U\+200B/) });
    const lookup = await graph.query(LOT, { variables: { lot: 'RPP-LOOK-1\u2066' } });
    expect(refusal(lookup)).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Query\.lot\.lotNumber: contains U\+2066/) });
    const lots = await graph.query<{ lots: { totalCount: number } }>('{ lots(filter: { lotNumberPrefix: "RPP-LOOK" }) { totalCount } }');
    expect(lots.data!.lots.totalCount).toBe(1);
  });

  it('takes an identifier in NFC: a lot number sent with a decomposed accent names the lot of the composed one', async () => {
    const received = await graph.query<{ receiveLot: { lotNumber: string } }>(RECEIVE, { variables: { input: receipt('RPP-CAFE\u0301-1') }, ...as('integrator') });
    expect(received.data!.receiveLot.lotNumber).toBe('RPP-CAF\u00C9-1');
    expect((await graph.query(LOT, { variables: { lot: 'RPP-CAF\u00C9-1' } })).data).toEqual({ lot: { lotNumber: 'RPP-CAF\u00C9-1' } });
    const again = await graph.query(RECEIVE, { variables: { input: receipt('RPP-CAF\u00C9-1', { receiptNumber: 'GR-CAFE-2' }) }, ...as('integrator') });
    expect(refusal(again)).toMatchObject({ code: 'BAD_USER_INPUT', message: 'ReceiveLotInput.lotNumber: lot RPP-CAF\u00C9-1 already exists for material RM-PP-1001' });
  });
});
