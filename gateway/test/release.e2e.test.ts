import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { contentHashOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const RELEASE = `mutation ($lot: String!, $reason: String!, $signature: SignatureInput!) {
  releaseLot(input: { lotNumber: $lot, reason: $reason }, signature: $signature) { lotNumber status }
}`;
const UNHOLD = `mutation ($lot: String!, $reason: String!) { unholdLot(input: { lotNumber: $lot, reason: $reason }) { status } }`;
const RECORD = `mutation ($input: RecordInspectionInput!) {
  recordInspection(input: $input) { id lotNumber lot { lotNumber status } testName result measuredValue unit inspectedBy recordedBy }
}`;
const LOT = `query ($lot: String!) {
  lot(lotNumber: $lot) {
    status
    statusHistory { from to reason changedBy }
    inspections { sampleId testName result }
    releaseCheck { releasable reasons }
  }
}`;

type Lot = {
  status: string;
  statusHistory: Array<{ from: string | null; to: string; reason: string; changedBy: string }>;
  inspections: Array<{ sampleId: string; testName: string; result: string }>;
  releaseCheck: { releasable: boolean; reasons: string[] } | null;
};

describe('releasing a lot, checked by the quality domain through the graph', () => {
  let graph: TestGraph;
  const lot = async (lotNumber: string) => (await graph.query<{ lot: Lot }>(LOT, { variables: { lot: lotNumber } })).data!.lot;
  /** Releases as a QA user does: reads the lot's contentHash, then signs it with their password. */
  const release = async (lotNumber: string, user = 'qa.engineer', reason = 'Batch record reviewed, inspections passed') => {
    const signature = { password: DEMO_PASSWORD, meaning: 'RELEASED', contentHash: await contentHashOf(graph, lotNumber) };
    return graph.query<{ releaseLot: { lotNumber: string; status: string } }>(RELEASE, { variables: { lot: lotNumber, reason, signature }, token: graph.tokenFor(user) });
  };
  const record = (input: Record<string, unknown>, user = 'qc.inspector') =>
    graph.query<{ recordInspection: Record<string, unknown> }>(RECORD, { variables: { input }, token: graph.tokenFor(user) });

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('refuses a lot an open exception affects, naming the exception, and changes nothing', async () => {
    const before = await lot('GSK-2611-002');
    const response = await release('GSK-2611-002');
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions).toMatchObject({ code: 'RELEASE_BLOCKED', lotNumber: 'GSK-2611-002' });
    expect(error.extensions!.reasons).toEqual([
      'Exception EX-2026-0042 (MINOR, OPEN) is open: Gasket CoA lacks the extractables result',
      'Required INCOMING inspection "Extractables (ISO 10993-18)" on sample LS-2611-0141 has no result yet (PENDING)',
    ]);
    expect(error.message).toBe(`Lot GSK-2611-002 cannot be released: ${(error.extensions!.reasons as string[]).join('; ')}`);
    expect(await lot('GSK-2611-002')).toEqual(before);
  });

  it('refuses a lot with a failed required inspection, even once its hold is lifted', async () => {
    const onHold = await release('BRL-2611-014');
    expect(onHold.errors![0]).toMatchObject({
      message: 'Lot BRL-2611-014 is ON_HOLD: only a QUARANTINE lot can be released: lift the hold first (unholdLot)',
      extensions: { code: 'ILLEGAL_TRANSITION', field: 'status' },
    });
    const unheld = await graph.query(UNHOLD, { variables: { lot: 'BRL-2611-014', reason: 'Hold reviewed' }, token: graph.tokenFor('qa.engineer') });
    expect(unheld.data).toEqual({ unholdLot: { status: 'QUARANTINE' } });

    const refused = await release('BRL-2611-014');
    expect(refused.errors![0].extensions).toMatchObject({ code: 'RELEASE_BLOCKED' });
    expect(refused.errors![0].extensions!.reasons).toEqual([
      'Exception EX-2026-0041 (MAJOR, INVESTIGATING) is open: Barrel temperature zone 3 above USL on IMM-01',
      'Required IN_PROCESS inspection "Luer lock thread, ISO 80369-7 gauge" on sample LS-2611-0150 FAILED: "Gauge does not engage fully on 3 of 32 barrels" against ISO 80369-7 go/no-go',
    ]);
    expect((await lot('BRL-2611-014')).status).toBe('QUARANTINE');
  });

  it('refuses a lot while a required inspection is pending, and releases it once the inspection passes', async () => {
    expect((await lot('SYR5-2611-0003')).releaseCheck).toEqual({ releasable: true, reasons: [] });

    const pending = { lotNumber: 'SYR5-2611-0003', sampleId: 'LS-2611-0190', stage: 'FINAL', testName: 'Break-loose force', result: 'PENDING', specReference: 'ISO 7886-1 Annex G' };
    const recorded = await record(pending);
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordInspection).toMatchObject({ lotNumber: 'SYR5-2611-0003', lot: { lotNumber: 'SYR5-2611-0003', status: 'QUARANTINE' }, result: 'PENDING', inspectedBy: 'qc.inspector', recordedBy: 'qc.inspector' });
    expect((await record(pending)).data).toEqual(recorded.data);

    const refused = await release('SYR5-2611-0003');
    expect(refused.errors![0]).toMatchObject({
      message: 'Lot SYR5-2611-0003 cannot be released: Required FINAL inspection "Break-loose force" on sample LS-2611-0190 has no result yet (PENDING)',
      extensions: { code: 'RELEASE_BLOCKED', lotNumber: 'SYR5-2611-0003' },
    });

    const passed = await record({ ...pending, result: 'PASS', measuredValue: 4.2, unit: 'N' });
    expect(passed.data!.recordInspection).toMatchObject({ id: recorded.data!.recordInspection.id, result: 'PASS', measuredValue: 4.2, unit: 'N' });
    expect((await lot('SYR5-2611-0003')).inspections.filter((i) => i.sampleId === 'LS-2611-0190')).toEqual([
      { sampleId: 'LS-2611-0190', testName: 'Break-loose force', result: 'PASS' },
    ]);

    const released = await release('SYR5-2611-0003', 'qa.engineer', 'All FINAL inspections passed; DHR reviewed');
    expect(released.errors).toBeUndefined();
    expect(released.data).toEqual({ releaseLot: { lotNumber: 'SYR5-2611-0003', status: 'RELEASED' } });
    const after = await lot('SYR5-2611-0003');
    expect(after.statusHistory.at(-1)).toEqual({ from: 'QUARANTINE', to: 'RELEASED', reason: 'All FINAL inspections passed; DHR reviewed', changedBy: 'qa.engineer' });

    // A retried release changes nothing.
    const again = await release('SYR5-2611-0003', 'qa.manager', 'retry');
    expect(again.data).toEqual({ releaseLot: { lotNumber: 'SYR5-2611-0003', status: 'RELEASED' } });
    expect((await lot('SYR5-2611-0003')).statusHistory).toEqual(after.statusHistory);
  });

  it('records inspections only for lots the batch domain knows, and only for QC inspectors and integrations', async () => {
    const input = { lotNumber: 'NO-SUCH-LOT', sampleId: 'S1', stage: 'INCOMING', testName: 'Hardness (Shore A)', result: 'PASS', measuredValue: 40, unit: 'Shore A' };
    const unknown = await record(input);
    expect(unknown.errors![0]).toMatchObject({ message: 'Lot with lotNumber "NO-SUCH-LOT" does not exist', extensions: { code: 'NOT_FOUND' } });
    const forbidden = await record({ ...input, lotNumber: 'GSK-2611-002' }, 'operator');
    expect(forbidden.errors![0]).toMatchObject({ message: 'operator (OPERATOR) may not call Mutation.recordInspection; that needs QC_INSPECTOR or INTEGRATOR', extensions: { code: 'FORBIDDEN' } });
  });

  it('refuses callers whose role may not release lots, and changes nothing', async () => {
    for (const user of ['operator', 'qc.inspector', 'auditor', 'integrator']) {
      const response = await release('GSK-2611-002', user);
      expect(response.errors![0]).toMatchObject({
        message: `${user} (${user === 'qc.inspector' ? 'QC_INSPECTOR' : user.toUpperCase()}) may not call Mutation.releaseLot; that needs QA_ENGINEER or QA_MANAGER`,
        extensions: { code: 'FORBIDDEN' },
      });
    }
    expect((await lot('GSK-2611-002')).status).toBe('QUARANTINE');
  });

  it('refuses to release, naming the lot, when the quality domain cannot answer', async () => {
    const before = await lot('GSK-2611-002');
    await graph.hub.subgraphs.quality!.stop();

    const response = await release('GSK-2611-002');
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code: 'QUALITY_CHECK_UNAVAILABLE', lotNumber: 'GSK-2611-002' });
    expect(response.errors![0].message).toMatch(
      /^Lot GSK-2611-002 was not released: the quality domain could not answer its release check \(The quality subgraph is unavailable: /,
    );
    const after = (await graph.query<{ lot: { status: string; statusHistory: unknown[] } }>('query ($lot: String!) { lot(lotNumber: $lot) { status statusHistory { to } } }', { variables: { lot: 'GSK-2611-002' } })).data!.lot;
    expect(after).toEqual({ status: 'QUARANTINE', statusHistory: before.statusHistory.map(({ to }) => ({ to })) });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
