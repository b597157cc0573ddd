import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const HOLD = `mutation ($lot: String!, $reason: String!, $ex: String) {
  holdLot(input: { lotNumber: $lot, reason: $reason, exceptionNumber: $ex }) { lotNumber status }
}`;
const UNHOLD = `mutation ($lot: String!, $reason: String!) { unholdLot(input: { lotNumber: $lot, reason: $reason }) { lotNumber status } }`;
const REJECT = `mutation ($lot: String!, $reason: String!) { rejectLot(input: { lotNumber: $lot, reason: $reason }) { lotNumber status } }`;
const HISTORY = `query ($lot: String!) { lot(lotNumber: $lot) { status statusHistory { from to reason exceptionNumber changedBy } } }`;

describe('lot status changes through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('holds a released lot and lifts the hold back to RELEASED, recording who and why each time', async () => {
    const held = await graph.query(HOLD, { variables: { lot: 'BRL-2611-015', reason: 'Same resin lot as EX-2026-0041', ex: 'EX-2026-0041' }, token: graph.tokenFor('qc.inspector') });
    expect(held.errors).toBeUndefined();
    expect(held.data).toEqual({ holdLot: { lotNumber: 'BRL-2611-015', status: 'ON_HOLD' } });

    const lifted = await graph.query(UNHOLD, { variables: { lot: 'BRL-2611-015', reason: 'Barrels measured within spec' }, token: graph.tokenFor('qa.engineer') });
    expect(lifted.data).toEqual({ unholdLot: { lotNumber: 'BRL-2611-015', status: 'RELEASED' } });

    const history = await graph.query<{ lot: { statusHistory: unknown[] } }>(HISTORY, { variables: { lot: 'BRL-2611-015' } });
    expect(history.data!.lot.statusHistory.slice(-2)).toEqual([
      { from: 'RELEASED', to: 'ON_HOLD', reason: 'Same resin lot as EX-2026-0041', exceptionNumber: 'EX-2026-0041', changedBy: 'qc.inspector' },
      { from: 'ON_HOLD', to: 'RELEASED', reason: 'Barrels measured within spec', exceptionNumber: null, changedBy: 'qa.engineer' },
    ]);
  });

  it('changes nothing when a lot already on hold is held again', async () => {
    const before = await graph.query<{ lot: { statusHistory: unknown[] } }>(HISTORY, { variables: { lot: 'BRL-2611-014' } });
    const again = await graph.query(HOLD, { variables: { lot: 'BRL-2611-014', reason: 'retry', ex: 'EX-2026-0041' } });
    expect(again.data).toEqual({ holdLot: { lotNumber: 'BRL-2611-014', status: 'ON_HOLD' } });
    const after = await graph.query<{ lot: { statusHistory: unknown[] } }>(HISTORY, { variables: { lot: 'BRL-2611-014' } });
    expect(after.data!.lot.statusHistory).toEqual(before.data!.lot.statusHistory);
  });

  it('shows the demo plant\'s held lot with the exception that holds it', async () => {
    const history = await graph.query<{ lot: { status: string; statusHistory: Array<{ to: string; exceptionNumber: string | null }> } }>(HISTORY, { variables: { lot: 'SYR3-2611-0008' } });
    expect(history.data!.lot.status).toBe('ON_HOLD');
    expect(history.data!.lot.statusHistory.at(-1)).toMatchObject({ to: 'ON_HOLD', exceptionNumber: 'EX-2026-0041' });
  });

  it('refuses callers whose role may not make the change, and changes nothing', async () => {
    for (const user of ['operator', 'auditor', 'integrator']) {
      const response = await graph.query(HOLD, { variables: { lot: 'PLG-2611-010', reason: 'try' }, token: graph.tokenFor(user) });
      expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
      expect(response.errors![0].message).toMatch(new RegExp(`^${user.replace('.', '\\.')} \\(\\w+\\) may not call Mutation\\.holdLot; that needs QC_INSPECTOR, QA_ENGINEER or QA_MANAGER$`));
    }
    const lot = await graph.query<{ lot: { status: string; statusHistory: unknown[] } }>(HISTORY, { variables: { lot: 'PLG-2611-010' } });
    expect(lot.data!.lot.status).toBe('RELEASED');
    expect(lot.data!.lot.statusHistory).toHaveLength(2);
  });

  it('refuses illegal transitions, missing reasons and unknown lots with the record and field named', async () => {
    const rejectReleased = await graph.query(REJECT, { variables: { lot: 'PLG-2611-010', reason: 'x' } });
    expect(rejectReleased.errors![0]).toMatchObject({
      message: 'Lot PLG-2611-010 is RELEASED and cannot become REJECTED (from RELEASED it can become ON_HOLD, RECALLED)',
      extensions: { code: 'ILLEGAL_TRANSITION', lotNumber: 'PLG-2611-010', field: 'status' },
    });
    const unholdReleased = await graph.query(UNHOLD, { variables: { lot: 'PLG-2611-010', reason: 'x' } });
    expect(unholdReleased.errors![0].message).toBe('Lot PLG-2611-010 is RELEASED, not ON_HOLD: there is no hold to lift');
    const noReason = await graph.query(HOLD, { variables: { lot: 'PLG-2611-010', reason: '  ' } });
    expect(noReason.errors![0]).toMatchObject({ message: 'Lot.reason: a reason is required to change the status of lot PLG-2611-010', extensions: { code: 'BAD_USER_INPUT' } });
    const unknown = await graph.query(HOLD, { variables: { lot: 'NOPE-9', reason: 'x' } });
    expect(unknown.errors![0].message).toBe('Lot with lotNumber "NOPE-9" does not exist');
  });

  it('rejects a quarantined lot for good', async () => {
    const rejected = await graph.query(REJECT, { variables: { lot: 'GSK-2611-002', reason: 'Extractables above limit' } });
    expect(rejected.data).toEqual({ rejectLot: { lotNumber: 'GSK-2611-002', status: 'REJECTED' } });
    const again = await graph.query(HOLD, { variables: { lot: 'GSK-2611-002', reason: 'x' } });
    expect(again.errors![0].message).toBe('Lot GSK-2611-002 is REJECTED and cannot become ON_HOLD (REJECTED is final)');
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
