import { DEMO_PASSWORD } from '@lotgraph/compliance';
import type { QualityServer } from '@lotgraph/quality';
import { specContentHashOf, templateContentHashOf, TEMPLATE_POLICIES } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const RECORD = `mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted results { outcome reason } } }`;
const EXCEPTIONS = `query ($equipment: String!) { exceptions(filter: { equipmentCode: $equipment }) { totalCount edges { node {
  number title severity status detectedAt dueAt equipmentCode parameter productionOrderNumber reportedBy workflowTemplate grading impactSummary ownerRoles
  equipment { code } containedAt overdue escalatedAt
  affectedLots { role lot { lotNumber status } }
  violations { rule { code } evidence { readingId } }
  history { action actor { id } }
} } } }`;

type Exception = {
  number: string; severity: string; status: string; detectedAt: string; dueAt: string; productionOrderNumber: string | null; reportedBy: string | null;
  workflowTemplate: string; grading: Record<string, unknown>; impactSummary: string; ownerRoles: string[]; equipment: { code: string } | null;
  containedAt: string | null; overdue: boolean; escalatedAt: string | null; title: string; equipmentCode: string; parameter: string;
  affectedLots: Array<{ role: string; lot: { lotNumber: string; status: string } }>;
  violations: Array<{ rule: { code: string }; evidence: Array<{ readingId: string }> }>;
  history: Array<{ action: string; actor: { id: string } }>;
};

const reading = (id: string, value: number, at: string) => ({ readingId: id, equipmentCode: 'IMM-01', parameter: 'barrel_temp_zone3', value: String(value), measuredAt: at });

describe('exceptions raised by the rules: graded, with the lots the excursion reached, held at once', () => {
  let graph: TestGraph;
  const as = (user: string) => ({ token: graph.tokenFor(user) });
  const exceptions = async () =>
    (await graph.query<{ exceptions: { totalCount: number; edges: Array<{ node: Exception }> } }>(EXCEPTIONS, { variables: { equipment: 'IMM-01' }, ...as('qa.engineer') })).data!.exceptions;
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return read();
  };
  const record = async (readings: object[]) => {
    const response = await graph.query<{ recordReadings: { accepted: number } }>(RECORD, { variables: { readings }, ...as('integrator') });
    expect(response.errors).toBeUndefined();
    return response.data!.recordReadings;
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    const setup = [
      `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-01", parameter: "barrel_temp_zone3", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`,
      `mutation { createSpecificationVersion(input: { specNumber: "SPEC-BRL-MOULD", materialCode: "SA-BRL-3001", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
        parameters: [{ parameter: "barrel_temp_zone3", unit: "°C", lsl: 220, usl: 235, target: 228, lowerWarning: 223, upperWarning: 232, critical: true }] }) { status } }`,
      `mutation { defineQualityRule(input: { code: "BT3-OOS", kind: OUT_OF_SPEC, parameter: "barrel_temp_zone3", settings: { windowMinutes: 30 } }) { code } }`,
      `mutation { defineQualityRule(input: { code: "BT3-WARN", kind: OUT_OF_WARNING, parameter: "barrel_temp_zone3" }) { code } }`,
    ];
    for (const mutation of setup) expect((await graph.query(mutation, as('qa.engineer'))).errors).toBeUndefined();
    const signature = { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: await specContentHashOf(graph, 'SPEC-BRL-MOULD', 1) };
    const approved = await graph.query(
      `mutation ($signature: SignatureInput!) { approveSpecificationVersion(specNumber: "SPEC-BRL-MOULD", version: 1, signature: $signature) { status } }`,
      { variables: { signature }, ...as('qa.manager') },
    );
    expect(approved.errors).toBeUndefined();
  });

  afterAll(() => graph.stop());

  it('a reading inside the warning band only warns: a violation, no exception, no hold', async () => {
    await record([reading('W-1', 233.1, '2026-11-13T01:00:00Z')]);
    const violations = await graph.query<{ ruleViolations: { totalCount: number } }>(`{ ruleViolations(filter: { ruleCode: "BT3-WARN" }) { totalCount } }`, as('qa.engineer'));
    expect(violations.data!.ruleViolations.totalCount).toBe(1);
    await (graph.hub.subgraphs.quality as QualityServer).raising!.runOnce();
    expect((await exceptions()).totalCount).toBe(0);
  });

  it('an excursion above the USL raises one CRITICAL exception with the running, consumed and downstream lots, and holds them', async () => {
    await record([228.4, 236.2, 238.9, 237.5, 229.0].map((value, i) => reading(`X-${i}`, value, `2026-11-13T03:0${i}:00Z`)));
    const raised = await until(exceptions, (page) => page.edges[0]?.node.status === 'CONTAINED');
    expect(raised.totalCount).toBe(1);
    const exception = raised.edges[0].node;
    expect(exception).toMatchObject({
      title: 'BT3-OOS: barrel_temp_zone3 on IMM-01',
      // The batch part of the trace reached customers, and the parameter is critical: the matrix says CRITICAL.
      severity: 'CRITICAL',
      status: 'CONTAINED',
      detectedAt: '2026-11-13T03:01:00.000Z',
      dueAt: '2026-11-14T03:01:00.000Z',
      equipmentCode: 'IMM-01',
      equipment: { code: 'IMM-01' },
      parameter: 'barrel_temp_zone3',
      productionOrderNumber: 'PO-2611-0102',
      reportedBy: null,
      workflowTemplate: 'BUILT-IN/0',
      ownerRoles: ['QA_MANAGER', 'QA_ENGINEER'],
      overdue: true,
      escalatedAt: null,
    });
    expect(exception.grading).toMatchObject({ ruleKind: 'OUT_OF_SPEC', criticalParameter: true, reachedCustomers: true, customers: ['CUS-SMD', 'CUS-STM'] });
    expect(exception.impactSummary).toBe('3 lot(s) affected (1 running, 1 consumed, 1 made from them); reached 2 customer(s): CUS-SMD, CUS-STM');
    expect(exception.affectedLots.map((a) => [a.role, a.lot.lotNumber, a.lot.status]).sort()).toEqual([
      ['CONSUMED', 'RPP-2611-002', 'ON_HOLD'],
      ['DOWNSTREAM', 'SYR3-2611-0007', 'ON_HOLD'],
      ['RUNNING', 'BRL-2611-015', 'ON_HOLD'],
    ]);
    expect(exception.containedAt).not.toBeNull();
    expect(exception.violations.map((v) => [v.rule.code, v.evidence.map((e) => e.readingId)])).toEqual([['BT3-OOS', ['X-1', 'X-2', 'X-3']]]);
    expect(exception.history.slice(0, 2)).toEqual([
      { action: 'RAISE_EXCEPTION', actor: { id: 'quality.containment' } },
      { action: 'CONTAIN', actor: { id: 'quality.containment' } },
    ]);
  });

  it('the same cause again within the rule window joins the exception instead of raising another; the same readings again change nothing', async () => {
    await record([reading('X-9', 239.4, '2026-11-13T03:20:00Z')]);
    await record([228.4, 236.2, 238.9].map((value, i) => reading(`X-${i}`, value, `2026-11-13T03:0${i}:00Z`)));
    const quality = graph.hub.subgraphs.quality as QualityServer;
    await quality.raising!.runOnce();
    const page = await exceptions();
    expect(page.totalCount).toBe(1);
    expect(page.edges[0].node.violations[0].evidence.map((e) => e.readingId)).toEqual(['X-1', 'X-2', 'X-3', 'X-9']);
    expect(page.edges[0].node.status).toBe('CONTAINED');
    // A burst an hour later is a new cause: a new exception.
    await record([reading('Y-1', 241.0, '2026-11-13T05:00:00Z')]);
    await quality.raising!.runOnce();
    expect((await exceptions()).totalCount).toBe(2);
  });

  it('an exception past its due time is escalated once, to its policy’s escalation roles', async () => {
    const quality = graph.hub.subgraphs.quality as QualityServer;
    const raised = (await exceptions()).edges.map((edge) => edge.node.number);
    const escalated = await quality.escalation.runOnce();
    expect(escalated).toEqual(expect.arrayContaining(raised));
    expect(await quality.escalation.runOnce()).toEqual([]);
    const [first] = (await exceptions()).edges.map((edge) => edge.node);
    expect(first.escalatedAt).not.toBeNull();
    expect(first.history.map((entry) => entry.action)).toContain('ESCALATE_EXCEPTION');
    const overdue = await graph.query<{ exceptions: { totalCount: number } }>(`{ exceptions(filter: { overdue: true }) { totalCount } }`, as('qa.manager'));
    expect(overdue.data!.exceptions.totalCount).toBeGreaterThanOrEqual(2);
  });

  it('a product line’s approved workflow template grades its new exceptions; earlier ones keep the version that graded them', async () => {
    const define = (policies: string) =>
      graph.query<{ defineWorkflowTemplate: { code: string; version: number; status: string } }>(
        `mutation { defineWorkflowTemplate(input: { code: "SYRINGES", name: "Syringe barrels", materialCodes: ["SA-BRL-3001"], raiseOn: [OUT_OF_SPEC, OUT_OF_WARNING],
          grading: [{ severity: CRITICAL, ruleKinds: [OUT_OF_SPEC], reachedCustomers: true }, { severity: MAJOR }], policies: ${policies} }) { code version status } }`,
        as('qa.engineer'),
      );
    const incomplete = await define(TEMPLATE_POLICIES.replace(/,\s*\{ severity: MINOR[^\n]*\}/, ''));
    expect(incomplete.errors?.[0].message).toContain('WorkflowTemplate SYRINGES');
    expect(incomplete.errors?.[0].message).toContain('policies');
    expect(incomplete.errors?.[0].message).toContain('missing MINOR');
    const drafted = await define(TEMPLATE_POLICIES);
    expect(drafted.errors).toBeUndefined();
    expect(drafted.data!.defineWorkflowTemplate).toEqual({ code: 'SYRINGES', version: 1, status: 'DRAFT' });
    const signature = { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: await templateContentHashOf(graph, 'SYRINGES', 1) };
    const APPROVE = `mutation ($signature: SignatureInput!) { approveWorkflowTemplate(code: "SYRINGES", version: 1, signature: $signature) { status approvedBy signatures { meaning valid } } }`;
    expect((await graph.query(APPROVE, { variables: { signature }, ...as('qa.engineer') })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const approved = await graph.query<{ approveWorkflowTemplate: unknown }>(APPROVE, { variables: { signature }, ...as('qa.manager') });
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveWorkflowTemplate).toEqual({ status: 'APPROVED', approvedBy: 'qa.manager', signatures: [{ meaning: 'APPROVED', valid: true }] });

    // Under this template a reading in the warning band raises an exception: MAJOR, due in 48 h, owned by QA engineers.
    await record([reading('W-2', 233.4, '2026-11-13T09:00:00Z')]);
    const page = await until(exceptions, (p) => p.totalCount === 3);
    const latest = page.edges.map((edge) => edge.node).find((e) => e.detectedAt === '2026-11-13T09:00:00.000Z')!;
    expect(latest).toMatchObject({ title: 'BT3-WARN: barrel_temp_zone3 on IMM-01', severity: 'MAJOR', workflowTemplate: 'SYRINGES/1', dueAt: '2026-11-15T09:00:00.000Z', ownerRoles: ['QA_ENGINEER'] });
    expect(page.edges[0].node).toMatchObject({ workflowTemplate: 'BUILT-IN/0', ownerRoles: ['QA_MANAGER', 'QA_ENGINEER'] });
  });

  it('a cause still running after its exception was dispositioned raises a new exception, which its later readings join', async () => {
    const second = (await exceptions()).edges.map((edge) => edge.node).find((e) => e.detectedAt === '2026-11-13T05:00:00.000Z')!;
    expect((await graph.query(`mutation ($number: String!) { acknowledgeException(number: $number) { status } }`, { variables: { number: second.number }, ...as('qa.manager') })).errors).toBeUndefined();
    for (const { lot } of second.affectedLots) {
      const input = { exceptionNumber: second.number, lotNumber: lot.lotNumber, decision: 'USE_AS_IS', reason: 'Within the validated window after review' };
      const hash = await graph.query<{ dispositionContentHash: string }>(`query ($input: LotDispositionInput!) { dispositionContentHash(input: $input) }`, { variables: { input }, ...as('qa.manager') });
      const decided = await graph.query(`mutation ($input: LotDispositionInput!, $signature: SignatureInput) { dispositionLot(input: $input, signature: $signature) { decision } }`, {
        variables: { input, signature: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: hash.data!.dispositionContentHash } },
        ...as('qa.manager'),
      });
      expect(decided.errors).toBeUndefined();
    }
    await graph.settle();
    const before = await exceptions();
    expect(before.edges.find((e) => e.node.number === second.number)!.node.status).toBe('DISPOSITIONED');

    // The same violation goes on ten minutes later: the dispositioned exception takes no more, a new one opens.
    await record([reading('Y-2', 240.2, '2026-11-13T05:10:00Z')]);
    await graph.settle();
    const after = await exceptions();
    expect(after.totalCount).toBe(before.totalCount + 1);
    const third = after.edges.map((edge) => edge.node).find((e) => !before.edges.some((b) => b.node.number === e.number))!;
    expect(third.violations.map((v) => v.evidence.map((r) => r.readingId))).toEqual([['Y-1', 'Y-2']]);
    expect(third.status).toBe('CONTAINED');
    // And the cause's next reading joins it.
    await record([reading('Y-3', 239.8, '2026-11-13T05:15:00Z')]);
    await graph.settle();
    const last = await exceptions();
    expect(last.totalCount).toBe(after.totalCount);
    expect(last.edges.find((e) => e.node.number === third.number)!.node.violations[0].evidence.map((r) => r.readingId)).toEqual(['Y-1', 'Y-2', 'Y-3']);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
