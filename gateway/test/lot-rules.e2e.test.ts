import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const LOT_EXCEPTIONS = `query ($lot: String!) { lot(lotNumber: $lot) { exceptions {
  number title severity status workflowTemplate grading parameter
  affectedLots { role lot { lotNumber status } }
  findings { rule { code kind } lotNumber detail inspections { source sampleId measuredValue } refusals { attemptedUse lotStatus reference attemptedBy } }
  history { action actor { id } }
} } }`;
const DOWNSTREAM = `query ($lot: String!) { trace(lotNumber: $lot, direction: DOWNSTREAM) { lots { lotNumber } } }`;
const INSPECT = `mutation ($input: RecordInspectionInput!) { recordInspection(input: $input) { id source } }`;
const PRODUCE = `mutation ($input: RecordProductionInput!) { recordProduction(input: $input) { order { number } } }`;

type Exception = {
  number: string; title: string; severity: string; status: string; workflowTemplate: string; grading: Record<string, unknown>; parameter: string | null;
  affectedLots: Array<{ role: string; lot: { lotNumber: string; status: string } }>;
  findings: Array<{ rule: { code: string; kind: string }; lotNumber: string; detail: string; inspections: Array<{ source: string; sampleId: string; measuredValue: number }>; refusals: Array<Record<string, string>> }>;
  history: Array<{ action: string; actor: { id: string } }>;
};

describe('lot rules through the gateway: LIMS results, supplier CoA values and refused uses of held lots raise exceptions', () => {
  let graph: TestGraph;
  const as = (user: string) => ({ token: graph.tokenFor(user) });
  const ok = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown>, user: string): Promise<T> => {
    const response = await graph.query<T>(query, { variables, ...as(user) });
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const exceptionsOf = async (lotNumber: string, kind: string): Promise<Exception[]> =>
    (await ok<{ lot: { exceptions: Exception[] } }>(LOT_EXCEPTIONS, { lot: lotNumber }, 'qa.engineer')).lot.exceptions.filter((e) => e.findings.some((f) => f.rule.kind === kind));
  /** Waits for the background work (batch's and quality's outboxes) until the lot's exception of that kind is CONTAINED. */
  const contained = async (lotNumber: string, kind: string): Promise<Exception[]> => {
    for (let i = 0; i < 50; i++) {
      await graph.settle();
      const found = await exceptionsOf(lotNumber, kind);
      if (found.length > 0 && found.every((e) => e.status === 'CONTAINED')) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return exceptionsOf(lotNumber, kind);
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    for (const input of [
      `{ code: "LIMS-OOS", kind: LIMS_OUT_OF_SPEC, parameter: "*" }`,
      `{ code: "COA-MFR", kind: COA_DISAGREEMENT, parameter: "Melt flow rate", settings: { absoluteTolerance: 0.5, relativeTolerance: 0.02 } }`,
      `{ code: "HELD-USE", kind: HELD_LOT_USE, parameter: "*" }`,
    ]) {
      await ok(`mutation { defineQualityRule(input: ${input}) { code } }`, {}, 'qa.engineer');
    }
  });

  afterAll(() => graph.stop());

  it('an own FAIL from the LIMS raises an exception on the lot and everything made from it, and holds them', async () => {
    const recorded = await ok<{ recordInspection: { source: string } }>(
      INSPECT,
      { input: { lotNumber: 'RPP-2611-001', sampleId: 'LIMS-4471', stage: 'INCOMING', testName: 'Melt flow rate', result: 'FAIL', measuredValue: 15.2, unit: 'g/10 min', lowerLimit: 10, upperLimit: 14 } },
      'integrator',
    );
    expect(recorded.recordInspection.source).toBe('OWN');
    const [exception, ...others] = await contained('RPP-2611-001', 'LIMS_OUT_OF_SPEC');
    expect(others).toEqual([]);
    const downstream = (await ok<{ trace: { lots: Array<{ lotNumber: string }> } }>(DOWNSTREAM, { lot: 'RPP-2611-001' }, 'qa.engineer')).trace.lots.slice(1).map((l) => l.lotNumber);
    expect(downstream.length).toBeGreaterThan(0);
    expect(exception).toMatchObject({
      title: 'LIMS-OOS: "Melt flow rate" of lot RPP-2611-001 out of specification',
      status: 'CONTAINED',
      parameter: 'Melt flow rate',
      workflowTemplate: 'BUILT-IN/0',
      // Resin for barrels is a critical material (nothing made from this lot has reached a customer yet).
      severity: 'MAJOR',
      grading: { ruleKind: 'LIMS_OUT_OF_SPEC', criticalParameter: true, reachedCustomers: false, materialCode: 'RM-PP-1001' },
      findings: [
        {
          rule: { code: 'LIMS-OOS', kind: 'LIMS_OUT_OF_SPEC' },
          lotNumber: 'RPP-2611-001',
          detail: '"Melt flow rate" on sample LIMS-4471 of lot RPP-2611-001 FAILED (15.2 g/10 min, limits 10..14)',
          inspections: [{ source: 'OWN', sampleId: 'LIMS-4471', measuredValue: 15.2 }],
          refusals: [],
        },
      ],
    });
    expect(exception.affectedLots.map((a) => [a.lot.lotNumber, a.role]).sort()).toEqual(
      [['RPP-2611-001', 'REPORTED'], ...downstream.map((lotNumber) => [lotNumber, 'DOWNSTREAM'])].sort(),
    );
    expect(exception.affectedLots.find((a) => a.lot.lotNumber === 'RPP-2611-001')!.lot.status).toBe('ON_HOLD');
    expect(exception.history.map((h) => [h.action, h.actor.id])).toEqual([['RAISE_EXCEPTION', 'quality.containment'], ['CONTAIN', 'quality.containment']]);
  });

  it('our value against the supplier CoA value beyond the tolerance raises an exception on the lot; within it, none', async () => {
    const coa = { lotNumber: 'GSK-2611-002', source: 'SUPPLIER_COA', sampleId: 'COA-HM-G-5602', stage: 'INCOMING', testName: 'Melt flow rate', result: 'PASS', measuredValue: 12.0, unit: 'g/10 min' };
    await ok(INSPECT, { input: coa }, 'integrator');
    // 12.6 is 0.6 from 12.0: more than max(0.5, 2 % of 12.0 = 0.24).
    await ok(INSPECT, { input: { ...coa, source: 'OWN', sampleId: 'LIMS-4480', measuredValue: 12.3 } }, 'integrator');
    await graph.settle();
    expect(await exceptionsOf('GSK-2611-002', 'COA_DISAGREEMENT')).toEqual([]);
    await ok(INSPECT, { input: { ...coa, source: 'OWN', sampleId: 'LIMS-4481', measuredValue: 12.6 } }, 'integrator');
    const [exception, ...others] = await contained('GSK-2611-002', 'COA_DISAGREEMENT');
    expect(others).toEqual([]);
    expect(exception).toMatchObject({
      title: `COA-MFR: "Melt flow rate" of lot GSK-2611-002 disagrees with the supplier's CoA`,
      severity: 'MAJOR',
      affectedLots: [{ role: 'REPORTED', lot: { lotNumber: 'GSK-2611-002', status: 'ON_HOLD' } }],
      findings: [
        {
          rule: { code: 'COA-MFR', kind: 'COA_DISAGREEMENT' },
          detail: `"Melt flow rate" of lot GSK-2611-002: our 12.6 g/10 min (sample LIMS-4481) and the supplier's CoA 12 g/10 min (COA-HM-G-5602) differ by 0.6, more than the 0.5 allowed`,
          inspections: [{ source: 'OWN', sampleId: 'LIMS-4481', measuredValue: 12.6 }, { source: 'SUPPLIER_COA', sampleId: 'COA-HM-G-5602', measuredValue: 12 }],
        },
      ],
    });
  });

  it('consuming a held lot is refused in batch, and quality raises one HELD_LOT_USE exception that later attempts join', async () => {
    await ok(`mutation { createProductionOrder(input: { number: "PO-LR-1", materialCode: "FG-SYR-3ML", plannedQuantity: 500 }) { number } }`, {}, 'operator');
    const attempt = (reportId: string) =>
      graph.query(PRODUCE, {
        variables: {
          input: {
            reportId, orderNumber: 'PO-LR-1', operation: 'ASSEMBLY', equipmentCode: 'ASM-01', startedAt: '2026-11-21T06:00:00Z',
            consumed: [{ lotNumber: 'BRL-2611-014', quantity: 500, uom: 'pcs' }], produced: [{ lotNumber: `SYR3-${reportId}`, quantity: 500, uom: 'pcs' }],
          },
        },
        ...as('operator'),
      });
    const refused = await attempt('LR-1');
    expect(refused.errors?.[0]).toMatchObject({ message: 'Lot BRL-2611-014 is ON_HOLD: it cannot be consumed', extensions: { code: 'LOT_NOT_USABLE' } });
    const [raised] = await contained('BRL-2611-014', 'HELD_LOT_USE');
    expect(raised).toMatchObject({
      title: 'HELD-USE: CONSUME of blocked lot BRL-2611-014 refused',
      severity: 'MAJOR',
      parameter: null,
      findings: [{ rule: { code: 'HELD-USE', kind: 'HELD_LOT_USE' }, inspections: [], refusals: [{ attemptedUse: 'CONSUME', lotStatus: 'ON_HOLD', reference: 'PO-LR-1', attemptedBy: 'operator' }] }],
    });
    // The held lot itself, and the syringes already made from it.
    expect(raised.affectedLots.map((a) => [a.lot.lotNumber, a.role])).toEqual([['SYR3-2611-0008', 'DOWNSTREAM'], ['BRL-2611-014', 'REPORTED']]);

    expect((await attempt('LR-2')).errors?.[0]).toMatchObject({ extensions: { code: 'LOT_NOT_USABLE' } });
    for (let i = 0; i < 50; i++) {
      await graph.settle();
      if ((await exceptionsOf('BRL-2611-014', 'HELD_LOT_USE'))[0].findings.length === 2) break;
    }
    const after = await exceptionsOf('BRL-2611-014', 'HELD_LOT_USE');
    expect(after.map((e) => e.number)).toEqual([raised.number]);
    expect(after[0].findings.map((f) => f.refusals.length)).toEqual([1, 1]);
    expect(after[0].history.map((h) => h.action)).toEqual(['RAISE_EXCEPTION', 'CONTAIN', 'GROW_EXCEPTION']);
    // Found again by the kind of rule that raised it, through its lot findings.
    const byKind = await ok<{ exceptions: { edges: Array<{ node: { number: string } }> } }>(`{ exceptions(filter: { ruleKind: [HELD_LOT_USE] }) { edges { node { number } } } }`, {}, 'qa.engineer');
    expect(byKind.exceptions.edges.map((e) => e.node.number)).toEqual([raised.number]);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
