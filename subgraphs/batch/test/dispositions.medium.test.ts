import { CONTAINMENT_USER, findDemoUser, querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchServer, seedBatchDemo } from '../src/server';

type LotView = {
  status: string;
  statusHistory: Array<{ from: string | null; to: string; exceptionNumber: string | null; changedBy: string }>;
  exceptionHolds: Array<{ exceptionNumber: string; disposition: { decision: string; statusAfter: string } | null }>;
};

const HOLD = `mutation ($input: HoldLotInput!) { holdLot(input: $input) { status } }`;
const APPLY = `mutation ($input: ApplyDispositionInput!) { applyDisposition(input: $input) { status } }`;
const UNHOLD = `mutation ($lot: String!) { unholdLot(input: { lotNumber: $lot, reason: "Lift" }) { status } }`;
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) {
  status statusHistory { from to exceptionNumber changedBy } exceptionHolds { exceptionNumber disposition { decision statusAfter } } } }`;

describe('quality exception holds and the dispositions that lift them', () => {
  let running: RunningSubgraph;
  const engineer = findDemoUser('qa.engineer')!;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
  });

  afterAll(() => running.stop());

  const call = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, as: Identity = CONTAINMENT_USER) =>
    querySubgraph<T>(running.server, query, variables, as);
  const ok = async (query: string, variables: Record<string, unknown>, as?: Identity) => {
    const response = await call(query, variables, as);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const contain = (lotNumber: string, exceptionNumber: string) => ok(HOLD, { input: { lotNumber, exceptionNumber, reason: `Contained by ${exceptionNumber}` } });
  const apply = (lotNumber: string, exceptionNumber: string, decision: string) => call<{ applyDisposition: { status: string } }>(APPLY, { input: { lotNumber, exceptionNumber, decision, reason: 'Decided' } });
  const lot = async (lotNumber: string) => ((await ok(LOT, { lot: lotNumber })) as { lot: LotView }).lot;

  it('returns a released lot to RELEASED on RELEASE, once, and keeps the hold and its disposition', async () => {
    await contain('RPP-2611-001', 'EX-2026-0101');
    expect((await apply('RPP-2611-001', 'EX-2026-0101', 'RELEASE')).data!.applyDisposition.status).toBe('RELEASED');
    expect((await apply('RPP-2611-001', 'EX-2026-0101', 'RELEASE')).data!.applyDisposition.status).toBe('RELEASED');
    const view = await lot('RPP-2611-001');
    expect(view.exceptionHolds).toEqual([{ exceptionNumber: 'EX-2026-0101', disposition: { decision: 'RELEASE', statusAfter: 'RELEASED' } }]);
    expect(view.statusHistory.slice(-2)).toEqual([
      { from: 'RELEASED', to: 'ON_HOLD', exceptionNumber: 'EX-2026-0101', changedBy: 'quality.containment' },
      { from: 'ON_HOLD', to: 'RELEASED', exceptionNumber: 'EX-2026-0101', changedBy: 'quality.containment' },
    ]);
    const other = await apply('RPP-2611-001', 'EX-2026-0101', 'SCRAP');
    expect(other.errors![0].message).toBe('Lot.decision: EX-2026-0101 already dispositioned lot RPP-2611-001 as RELEASE; a disposition is final');
  });

  it('keeps a lot held by two exceptions ON_HOLD until both decided; a REWORK sends it back to QUARANTINE', async () => {
    await contain('RPE-2611-001', 'EX-2026-0102');
    await contain('RPE-2611-001', 'EX-2026-0103');
    expect((await call<{ unholdLot: unknown }>(UNHOLD, { lot: 'RPE-2611-001' }, engineer)).errors![0]).toMatchObject({
      message: 'Lot RPE-2611-001 is held by quality exception EX-2026-0102: that hold is lifted only by a disposition of EX-2026-0102 (dispositionLot), not by unholdLot',
      extensions: { code: 'HELD_BY_EXCEPTION' },
    });
    expect((await apply('RPE-2611-001', 'EX-2026-0102', 'REWORK')).data!.applyDisposition.status).toBe('ON_HOLD');
    expect((await call<{ unholdLot: unknown }>(UNHOLD, { lot: 'RPE-2611-001' }, engineer)).errors![0].message).toMatch(/held by quality exception EX-2026-0103/);
    expect((await apply('RPE-2611-001', 'EX-2026-0103', 'USE_AS_IS')).data!.applyDisposition.status).toBe('QUARANTINE');
    expect((await lot('RPE-2611-001')).exceptionHolds.map((h) => [h.exceptionNumber, h.disposition?.decision, h.disposition?.statusAfter])).toEqual([
      ['EX-2026-0102', 'REWORK', 'ON_HOLD'],
      ['EX-2026-0103', 'USE_AS_IS', 'QUARANTINE'],
    ]);
  });

  it('rejects at once on SCRAP even while another exception holds the lot (REJECTED wins)', async () => {
    await contain('PLG-2611-010', 'EX-2026-0104');
    await contain('PLG-2611-010', 'EX-2026-0105');
    expect((await apply('PLG-2611-010', 'EX-2026-0104', 'SCRAP')).data!.applyDisposition.status).toBe('REJECTED');
    expect((await apply('PLG-2611-010', 'EX-2026-0105', 'RELEASE')).data!.applyDisposition.status).toBe('REJECTED');
  });

  it('a hold arriving late changes nothing: on a lot the exception already dispositioned, or on a rejected lot', async () => {
    // Delivered twice: the second delivery comes after the disposition was applied.
    const before = (await lot('RPE-2611-001')).status;
    await contain('RPE-2611-001', 'EX-2026-0108');
    expect((await apply('RPE-2611-001', 'EX-2026-0108', 'USE_AS_IS')).data!.applyDisposition.status).toBe(before);
    expect(await contain('RPE-2611-001', 'EX-2026-0108')).toEqual({ holdLot: { status: before } });
    expect((await lot('RPE-2611-001')).status).toBe(before);
    // PLG-2611-010 was scrapped above: containment finds it REJECTED and leaves it so, with no hold to lift later.
    expect(await contain('PLG-2611-010', 'EX-2026-0109')).toEqual({ holdLot: { status: 'REJECTED' } });
    expect((await lot('PLG-2611-010')).exceptionHolds.map((h) => h.exceptionNumber)).not.toContain('EX-2026-0109');
  });

  it('records a disposition on a lot recalled meanwhile, which stays RECALLED', async () => {
    await contain('SYR3-2611-0007', 'EX-2026-0107');
    await ok(`mutation { initiateRecall(input: { recallNumber: "RC-T-1", lotNumber: "SYR3-2611-0007", reason: "Field complaint" }) { number } }`, {}, findDemoUser('qa.manager')!);
    expect((await apply('SYR3-2611-0007', 'EX-2026-0107', 'SCRAP')).data!.applyDisposition.status).toBe('RECALLED');
    expect((await lot('SYR3-2611-0007')).exceptionHolds).toEqual([{ exceptionNumber: 'EX-2026-0107', disposition: { decision: 'SCRAP', statusAfter: 'RECALLED' } }]);
  });

  it('takes applyDisposition only from the quality domain\'s delivery, and lets a person lift a hold they placed', async () => {
    await ok(HOLD, { input: { lotNumber: 'GSK-2611-001', reason: 'Looks odd', exceptionNumber: 'EX-2026-0106' } }, engineer);
    const bypass = await call<{ applyDisposition: unknown }>(APPLY, { input: { lotNumber: 'GSK-2611-001', exceptionNumber: 'EX-2026-0106', decision: 'RELEASE', reason: 'x' } }, engineer);
    expect(bypass.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await lot('GSK-2611-001')).exceptionHolds).toEqual([]);
    expect(await ok(UNHOLD, { lot: 'GSK-2611-001' }, engineer)).toEqual({ unholdLot: { status: 'RELEASED' } });
  });

  it('keeps exception holds and their dispositions in the database for good', async () => {
    for (const table of ['lot_exception_hold', 'lot_exception_disposition']) {
      await expect(running.database.dataSource.query(`DELETE FROM batch.${table}`)).rejects.toThrow(new RegExp(`${table} is append-only`));
    }
  });
});
