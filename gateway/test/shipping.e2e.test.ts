import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const SHIP = `mutation ($input: ShipLotInput!) { shipLot(input: $input) { number customer { code } lines { lot { lotNumber } quantity uom } } }`;
const ON_HAND = `query ($lot: String!) { lot(lotNumber: $lot) { status quantity usageRefusals { attemptedUse lotStatus reference attemptedBy } } }`;

describe('shipping lots through the gateway', () => {
  let graph: TestGraph;
  let operator: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    operator = graph.tokenFor('operator');
  });

  afterAll(async () => {
    await graph.stop();
  });

  const ship = (input: Record<string, unknown>, token = operator) =>
    graph.query(SHIP, { variables: { input: { shipmentNumber: 'SH-T-1', customerCode: 'CUS-STM', uom: 'pcs', ...input } }, token });
  const onHand = (lot: string) =>
    graph.query<{ lot: { status: string; quantity: number; usageRefusals: unknown[] } }>(ON_HAND, { variables: { lot } });

  it('ships a released lot, takes the quantity off stock, and changes nothing when the same line comes again', async () => {
    const first = await ship({ lotNumber: 'SYR3-2611-0007', quantity: 1500 });
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({
      shipLot: { number: 'SH-T-1', customer: { code: 'CUS-STM' }, lines: [{ lot: { lotNumber: 'SYR3-2611-0007' }, quantity: 1500, uom: 'pcs' }] },
    });
    expect((await onHand('SYR3-2611-0007')).data!.lot.quantity).toBe(2500);
    const replay = await ship({ lotNumber: 'SYR3-2611-0007', quantity: 1500 });
    expect(replay.data).toEqual(first.data);
    expect((await onHand('SYR3-2611-0007')).data!.lot.quantity).toBe(2500);
  });

  it('refuses to ship a held lot and keeps the attempt where the quality domain can see it', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const refused = await ship({ shipmentNumber: 'SH-T-2', lotNumber: 'SYR3-2611-0008', quantity: 100 });
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors![0]).toMatchObject({
      message: 'Lot SYR3-2611-0008 is ON_HOLD: it cannot be shipped',
      extensions: { code: 'LOT_NOT_USABLE', lotNumber: 'SYR3-2611-0008', status: 'ON_HOLD', use: 'SHIP' },
    });
    const lot = await onHand('SYR3-2611-0008');
    expect(lot.data!.lot).toEqual({
      status: 'ON_HOLD',
      quantity: 24000,
      usageRefusals: [{ attemptedUse: 'SHIP', lotStatus: 'ON_HOLD', reference: 'SH-T-2', attemptedBy: 'operator' }],
    });
    const feed = await graph.query<{ lotUsageRefusals: Array<{ lot: { lotNumber: string; exceptions: Array<{ number: string }> } }> }>(
      `query ($since: DateTime!) { lotUsageRefusals(since: $since) { lot { lotNumber exceptions { number } } } }`,
      { variables: { since }, token: graph.tokenFor('qa.engineer') },
    );
    expect(feed.data!.lotUsageRefusals).toEqual([{ lot: { lotNumber: 'SYR3-2611-0008', exceptions: [{ number: 'EX-2026-0041' }] } }]);
    const shipment = await graph.query('{ shipment(number: "SH-T-2") { number } }');
    expect(shipment.errors![0].message).toBe('Shipment with number "SH-T-2" does not exist');
  });

  it('names the field when quantity, unit, customer or shipment do not fit, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ lotNumber: 'PLG-2611-010', quantity: 0 }, 'ShipLotInput.quantity: must be more than 0, got 0'],
      [{ shipmentNumber: 'SH-T-3', lotNumber: 'PLG-2611-010', quantity: 10, uom: 'kg' }, 'ShipLotInput.uom: lot PLG-2611-010 is counted in pcs, not kg'],
      [{ shipmentNumber: 'SH-T-3', lotNumber: 'PLG-2611-010', quantity: 96001 }, 'ShipLotInput.quantity: 96001 pcs asked, but lot PLG-2611-010 has 96000 pcs on hand'],
      [{ shipmentNumber: 'SH-T-3', lotNumber: 'PLG-2611-010', quantity: 1, customerCode: 'CUS-NONE' }, 'Customer with code "CUS-NONE" does not exist'],
      [{ lotNumber: 'PLG-2611-010', quantity: 1, customerCode: 'CUS-SMD' }, 'ShipLotInput.shipmentNumber: shipment SH-T-1 goes to another customer, not CUS-SMD'],
      [{ lotNumber: 'SYR3-2611-0007', quantity: 99 }, 'ShipLotInput.quantity: shipment SH-T-1 already carries 1500 pcs of lot SYR3-2611-0007'],
    ];
    for (const [input, message] of cases) {
      const response = await ship(input);
      expect(response.errors![0].message).toBe(message);
    }
    expect((await onHand('PLG-2611-010')).data!.lot.quantity).toBe(96000);
    expect((await graph.query('{ shipment(number: "SH-T-3") { number } }')).errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses quantities the database could not store exactly', async () => {
    const response = await ship({ shipmentNumber: 'SH-T-5', lotNumber: 'PLG-2611-010', quantity: 0.0000001 });
    expect(response.errors![0].message).toBe('ShipLotInput.quantity: has more than 6 decimal places: 1e-7');
  });

  it('builds one shipment from two first lines sent at the same time', async () => {
    const [a, b] = await Promise.all([
      ship({ shipmentNumber: 'SH-T-6', lotNumber: 'PLG-2611-010', quantity: 10 }),
      ship({ shipmentNumber: 'SH-T-6', lotNumber: 'SYR3-2611-0007', quantity: 10 }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const shipment = await graph.query<{ shipment: { lines: Array<{ lot: { lotNumber: string } }> } }>('{ shipment(number: "SH-T-6") { lines { lot { lotNumber } } } }');
    expect(shipment.data!.shipment.lines.map((l) => l.lot.lotNumber).sort()).toEqual(['PLG-2611-010', 'SYR3-2611-0007']);
  });

  it('lets only operators and integrations ship', async () => {
    const response = await ship({ shipmentNumber: 'SH-T-4', lotNumber: 'PLG-2611-010', quantity: 1 }, graph.tokenFor('qa.manager'));
    expect(response.errors![0]).toMatchObject({ message: 'qa.manager (QA_MANAGER) may not call Mutation.shipLot; that needs OPERATOR or INTEGRATOR', extensions: { code: 'FORBIDDEN' } });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
