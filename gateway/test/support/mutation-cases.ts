import { DEMO_PASSWORD } from '@lotgraph/compliance';
import type { TestGraph } from './test-graph';

export interface MutationCase {
  mutation: string;
  user: string;
  /** The call, or how to build it from what the graph shows first (the contentHash a signature names). */
  query: string | ((graph: TestGraph) => Promise<string>);
  /** What the call needs first that no earlier case leaves behind (an account locked by wrong passwords). */
  prepare?: (graph: TestGraph) => Promise<void>;
  /**
   * Why AUDITOR may make this call: it changes no GxP record, only the caller's own session or password. Every
   * other mutation is refused to AUDITOR.
   */
  auditorMay?: string;
  /**
   * The system user that carries the call's effect into another domain afterwards, through an outbox (a
   * disposition applied in batch by quality.containment): its entries may follow the caller's.
   */
  appliedBy?: string;
}

/** A lot's contentHash as the graph shows it, for a signature to name. */
export async function contentHashOf(graph: TestGraph, lotNumber: string): Promise<string> {
  const response = await graph.query<{ lot: { contentHash: string } }>('query ($lot: String!) { lot(lotNumber: $lot) { contentHash } }', { variables: { lot: lotNumber } });
  return response.data!.lot.contentHash;
}

/** A specification version's contentHash as the graph shows it, for an approval signature to name. */
export async function specContentHashOf(graph: TestGraph, specNumber: string, version: number): Promise<string> {
  const response = await graph.query<{ specifications: Array<{ version: number; contentHash: string }> }>(
    'query ($spec: String!) { specifications(specNumber: $spec) { version contentHash } }',
    { variables: { spec: specNumber } },
  );
  return response.data!.specifications.find((s) => s.version === version)!.contentHash;
}

/** A workflow template version's contentHash as the graph shows it, for an approval signature to name. */
export async function templateContentHashOf(graph: TestGraph, code: string, version: number): Promise<string> {
  const response = await graph.query<{ workflowTemplates: Array<{ version: number; contentHash: string }> }>(
    'query ($code: String!) { workflowTemplates(code: $code) { version contentHash } }',
    { variables: { code } },
  );
  return response.data!.workflowTemplates.find((t) => t.version === version)!.contentHash;
}

/** A template's policies written out, every severity, for a defineWorkflowTemplate call. */
export const TEMPLATE_POLICIES = `[
  { severity: CRITICAL, dueHours: 12, ownerRoles: ["QA_MANAGER"], escalateToRoles: ["QA_MANAGER"], dispositionRoles: ["QA_MANAGER"], dispositionSignature: APPROVED, closeRoles: ["QA_MANAGER"], closeSignature: APPROVED, requiresCapa: true },
  { severity: MAJOR, dueHours: 48, ownerRoles: ["QA_ENGINEER"], escalateToRoles: ["QA_MANAGER"], dispositionRoles: ["QA_ENGINEER", "QA_MANAGER"], dispositionSignature: APPROVED, closeRoles: ["QA_ENGINEER", "QA_MANAGER"], closeSignature: VERIFIED },
  { severity: MINOR, dueHours: 120, ownerRoles: ["QA_ENGINEER", "QC_INSPECTOR"], escalateToRoles: ["QA_ENGINEER"], dispositionRoles: ["QA_ENGINEER", "QA_MANAGER"], closeRoles: ["QA_ENGINEER", "QA_MANAGER"] }
]`;
/** Reports a MINOR exception on one lot as the operator and waits until containment has held the lot. */
async function reportContained(graph: TestGraph, title: string, lotNumber: string): Promise<string> {
  const reported = await graph.query<{ reportException: { number: string } }>(
    `mutation ($title: String!, $lot: String!) { reportException(input: { title: $title, severity: MINOR, lots: [{ lotNumber: $lot }] }) { number } }`,
    { variables: { title, lot: lotNumber }, token: graph.tokenFor('operator') },
  );
  const number = reported.data!.reportException.number;
  await until(graph, number, (exception) => exception.status === 'CONTAINED');
  return number;
}

async function until(graph: TestGraph, number: string, done: (exception: { status: string; dispositions: Array<{ appliedAt: string | null }> }) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const response = await graph.query<{ exception: { status: string; dispositions: Array<{ appliedAt: string | null }> } }>(
      'query ($number: String!) { exception(number: $number) { status dispositions { appliedAt } } }',
      { variables: { number } },
    );
    if (done(response.data!.exception)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${number} did not get there in time`);
}

/** The exception the workflow cases take from CONTAINED to CLOSED, and the one applyDisposition is sent for. */
const workflow = { number: '', applied: '' };

/** The CAPA the capa cases take from OPEN to CLOSED (for EX-2026-0042), and the one cancelCapa cancels. */
const capaCase = { number: '', cancelled: '' };
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function capaNumberFor(graph: TestGraph, exceptionNumber: string): Promise<string> {
  const response = await graph.query<{ capas: { edges: Array<{ node: { number: string } }> } }>(
    'query ($exception: String!) { capas(filter: { exceptionNumber: $exception }) { edges { node { number } } } }',
    { variables: { exception: exceptionNumber } },
  );
  return response.data!.capas.edges[0].node.number;
}

async function capaHash(graph: TestGraph, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await graph.query<Record<string, string | { planContentHash: string }>>(query, { variables });
  const value = Object.values(response.data!)[0];
  return typeof value === 'string' ? value : value.planContentHash;
}

/** The call a case makes. */
export function queryOf(c: MutationCase, graph: TestGraph): Promise<string> {
  return typeof c.query === 'string' ? Promise.resolve(c.query) : c.query(graph);
}

/**
 * One valid call of every mutation in the supergraph, in an order where each finds what it needs. A mutation
 * added to any subgraph without a case here fails audit-coverage.e2e.test.ts, so nothing escapes the audit trail;
 * authorization.e2e.test.ts sends each as AUDITOR first, who must be refused (unless `auditorMay` says why not).
 */
export const MUTATION_CASES: MutationCase[] = [
  { mutation: 'holdLot', user: 'qa.engineer', query: `mutation { holdLot(input: { lotNumber: "BRL-2611-015", reason: "Audit coverage", exceptionNumber: "EX-2026-0041" }) { status } }` },
  { mutation: 'unholdLot', user: 'qa.engineer', query: `mutation { unholdLot(input: { lotNumber: "BRL-2611-015", reason: "Audit coverage" }) { status } }` },
  { mutation: 'rejectLot', user: 'qa.manager', query: `mutation { rejectLot(input: { lotNumber: "GSK-2611-002", reason: "Audit coverage" }) { status } }` },
  {
    mutation: 'releaseLot',
    user: 'qa.manager',
    query: async (graph) =>
      `mutation { releaseLot(input: { lotNumber: "SYR5-2611-0003", reason: "Batch record reviewed" },
        signature: { password: "${DEMO_PASSWORD}", meaning: RELEASED, contentHash: "${await contentHashOf(graph, 'SYR5-2611-0003')}" }) { status } }`,
  },
  { mutation: 'shipLot', user: 'operator', query: `mutation { shipLot(input: { shipmentNumber: "SH-AUDIT-1", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0007", quantity: 10, uom: "pcs" }) { number } }` },
  {
    mutation: 'receiveLot',
    user: 'integrator',
    query: `mutation { receiveLot(input: { lotNumber: "RPP-AUDIT-1", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 100, uom: "kg", storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-AUDIT-1" }) { status } }`,
  },
  { mutation: 'moveLot', user: 'operator', query: `mutation { moveLot(input: { lotNumber: "RPP-AUDIT-1", toLocation: "SZ1-WH-RM-01", transferNumber: "TO-AUDIT-1" }) { storageLocation } }` },
  { mutation: 'createProductionOrder', user: 'operator', query: `mutation { createProductionOrder(input: { number: "PO-AUDIT-1", materialCode: "SA-BRL-3001", plannedQuantity: 100 }) { status } }` },
  {
    mutation: 'recordProduction',
    user: 'operator',
    query: `mutation { recordProduction(input: { reportId: "R-AUDIT-1", orderNumber: "PO-AUDIT-1", operation: "MOULDING", equipmentCode: "IMM-01", startedAt: "2026-11-21T06:00:00Z",
      consumed: [{ lotNumber: "RPP-2611-001", quantity: 1, uom: "kg" }], produced: [{ lotNumber: "BRL-AUDIT-1", quantity: 100, uom: "pcs" }] }) { id } }`,
  },
  { mutation: 'initiateRecall', user: 'qa.manager', query: `mutation { initiateRecall(input: { recallNumber: "RC-AUDIT-1", lotNumber: "BRL-AUDIT-1", reason: "Audit coverage" }) { number } }` },
  {
    mutation: 'recordInspection',
    user: 'qc.inspector',
    query: `mutation { recordInspection(input: { lotNumber: "RPP-AUDIT-1", sampleId: "S-AUDIT-1", stage: INCOMING, testName: "Melt flow rate", result: PASS, measuredValue: 12.1, unit: "g/10 min" }) { id } }`,
  },
  {
    mutation: 'recordInspections',
    user: 'integrator',
    query: `mutation { recordInspections(input: [{ lotNumber: "RPP-AUDIT-1", sampleId: "S-AUDIT-2", stage: INCOMING, testName: "Density", result: PASS, measuredValue: 0.905, unit: "g/cm3" }]) { status } }`,
  },
  {
    mutation: 'registerEquipmentParameter',
    user: 'qa.engineer',
    query: `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-AUDIT", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`,
  },
  {
    mutation: 'createSpecificationVersion',
    user: 'qa.engineer',
    query: `mutation { createSpecificationVersion(input: { specNumber: "SPEC-AUDIT", materialCode: "SA-BRL-3001", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
      parameters: [{ parameter: "BARREL_TEMP", unit: "°C", lsl: 220, usl: 240 }] }) { status } }`,
  },
  {
    mutation: 'approveSpecificationVersion',
    user: 'qa.manager',
    query: async (graph) =>
      `mutation { approveSpecificationVersion(specNumber: "SPEC-AUDIT", version: 1,
        signature: { password: "${DEMO_PASSWORD}", meaning: APPROVED, contentHash: "${await specContentHashOf(graph, 'SPEC-AUDIT', 1)}" }) { status } }`,
  },
  {
    mutation: 'defineWorkflowTemplate',
    user: 'qa.engineer',
    query: `mutation { defineWorkflowTemplate(input: { code: "AUDIT-LINE", name: "Audit line", materialCodes: ["SA-PLG-3002"], raiseOn: [OUT_OF_SPEC],
      grading: [{ severity: MAJOR, criticalParameter: true }, { severity: MINOR }], policies: ${TEMPLATE_POLICIES} }) { version } }`,
  },
  {
    mutation: 'approveWorkflowTemplate',
    user: 'qa.manager',
    query: async (graph) =>
      `mutation { approveWorkflowTemplate(code: "AUDIT-LINE", version: 1,
        signature: { password: "${DEMO_PASSWORD}", meaning: APPROVED, contentHash: "${await templateContentHashOf(graph, 'AUDIT-LINE', 1)}" }) { status } }`,
  },
  {
    mutation: 'defineQualityRule',
    user: 'qa.engineer',
    query: `mutation { defineQualityRule(input: { code: "R-AUDIT-OOS", kind: OUT_OF_SPEC, parameter: "BARREL_TEMP" }) { code } }`,
  },
  {
    mutation: 'recordReadings',
    user: 'integrator',
    query: `mutation { recordReadings(readings: [{ readingId: "RD-AUDIT-1", equipmentCode: "IMM-AUDIT", parameter: "BARREL_TEMP", value: "241", measuredAt: "2026-11-20T08:00:00Z" }]) { accepted } }`,
  },
  {
    // Only the batch domain's usage guard tells quality of refused uses (from batch's outbox); here it calls as itself.
    mutation: 'recordLotUsageRefusal',
    user: 'batch.usage-guard',
    query: `mutation { recordLotUsageRefusal(input: { refusalId: "6f1c2a3e-0000-4000-8000-00000000a0d1", lotId: "6f1c2a3e-0000-4000-8000-00000000a0d2", lotNumber: "BRL-AUDIT-REFUSED",
      attemptedUse: "CONSUME", lotStatus: "ON_HOLD", reference: "PO-AUDIT-1", attemptedBy: "operator", attemptedAt: "2026-11-21T06:00:00Z" }) { refusalId } }`,
  },
  {
    // Only the capa domain's notifier tells quality's notifications of CAPA events (from capa's outbox); here it calls as itself.
    mutation: 'publishCapaEvent',
    user: 'capa.notifier',
    query: `mutation { publishCapaEvent(input: { eventKey: "capa-outbox:audit-coverage-1", type: CAPA_STATUS_CHANGED, capaNumber: "CAPA-2026-0017",
      title: "Audit coverage", status: "IMPLEMENTING", previousStatus: "PLAN_APPROVED", exceptionNumbers: ["EX-2026-0041"], detail: "Audit coverage" }) { eventId } }`,
  },
  { mutation: 'reportException', user: 'operator', query: `mutation { reportException(input: { title: "Audit coverage: flash on parting line", severity: MINOR, parameter: "visual" }) { number } }` },
  {
    mutation: 'registerWebhook',
    user: 'qa.manager',
    query: `mutation { registerWebhook(input: { name: "audit-coverage", url: "http://127.0.0.1:9/hook", secret: "audit coverage secret", events: [EXCEPTION_CREATED] }) { name } }`,
  },
  { mutation: 'disableWebhook', user: 'admin', query: `mutation { disableWebhook(name: "audit-coverage") { enabled } }` },
  {
    mutation: 'acknowledgeException',
    user: 'qa.engineer',
    prepare: async (graph) => {
      workflow.number = await reportContained(graph, 'Audit coverage: sink marks', 'RPE-2611-001');
    },
    query: () => Promise.resolve(`mutation { acknowledgeException(number: "${workflow.number}", note: "Audit coverage") { status } }`),
  },
  {
    mutation: 'dispositionLot',
    user: 'qa.engineer',
    appliedBy: 'quality.containment',
    query: () =>
      Promise.resolve(`mutation { dispositionLot(input: { exceptionNumber: "${workflow.number}", lotNumber: "RPE-2611-001", decision: USE_AS_IS, reason: "Audit coverage" }) { decision } }`),
  },
  {
    mutation: 'verifyException',
    user: 'qa.manager',
    prepare: (graph) => until(graph, workflow.number, (exception) => exception.dispositions.every((d) => d.appliedAt !== null)),
    query: () => Promise.resolve(`mutation { verifyException(number: "${workflow.number}", note: "Audit coverage") { status } }`),
  },
  { mutation: 'closeException', user: 'qa.manager', query: () => Promise.resolve(`mutation { closeException(number: "${workflow.number}", note: "Audit coverage") { status } }`) },
  {
    mutation: 'applyDisposition',
    user: 'quality.containment',
    prepare: async (graph) => {
      workflow.applied = await reportContained(graph, 'Audit coverage: short shots', 'PLG-2611-010');
    },
    query: () =>
      Promise.resolve(`mutation { applyDisposition(input: { lotNumber: "PLG-2611-010", exceptionNumber: "${workflow.applied}", decision: RELEASE, reason: "Audit coverage" }) { status } }`),
  },
  {
    mutation: 'openCapa',
    user: 'qa.engineer',
    query: () =>
      Promise.resolve(`mutation { openCapa(input: { exceptionNumber: "EX-2026-0042", title: "Audit coverage: gasket CoA gaps", problemStatement: "CoAs of SUP-HME lack results",
        riskBefore: { severity: 4, occurrence: 3, detection: 3 }, dueOn: "${day(30)}" }) { number } }`),
  },
  {
    mutation: 'recordRootCauseAnalysis',
    user: 'qa.engineer',
    prepare: async (graph) => {
      capaCase.number = await capaNumberFor(graph, 'EX-2026-0042');
    },
    query: () =>
      Promise.resolve(`mutation { recordRootCauseAnalysis(input: { capaNumber: "${capaCase.number}",
        fiveWhys: [{ question: "Why was the result missing?", answer: "The supplier's CoA template has no extractables line", evidence: [{ kind: LOT, id: "GSK-2611-002" }] }],
        causes: [{ key: "COA-TEMPLATE", category: MATERIAL, description: "Supplier CoA template incomplete" }], rootCauseKey: "COA-TEMPLATE", justification: "Every CoA of the template lacks it" }) { status } }`),
  },
  {
    mutation: 'addCapaAction',
    user: 'qa.engineer',
    query: () =>
      Promise.resolve(`mutation { addCapaAction(input: { capaNumber: "${capaCase.number}", kind: CORRECTIVE, description: "Agree a complete CoA template with SUP-HME", owner: "qa.engineer", dueOn: "${day(10)}",
        changeRequests: [{ kind: SUPPLIER, reference: "SUP-HME", description: "Quality agreement: CoA content" }] }) { sequence } }`),
  },
  {
    // A count of the out-of-spec rule's violations on IMM-AUDIT, whose one reading (241 °C) is the baseline.
    mutation: 'defineEffectivenessCheck',
    user: 'qa.engineer',
    query: () =>
      Promise.resolve(`mutation { defineEffectivenessCheck(input: { capaNumber: "${capaCase.number}", metric: { kind: VIOLATION_COUNT, ruleCode: "R-AUDIT-OOS", equipmentCode: "IMM-AUDIT" },
        baselineFrom: "2026-11-20T07:00:00Z", baselineTo: "2026-11-20T09:00:00Z", verificationTo: "${new Date(Date.now() + 86_400_000).toISOString()}", comparison: AT_MOST, target: 0, minSamples: 1 }) { status } }`),
  },
  {
    mutation: 'approveCapaPlan',
    user: 'qa.manager',
    query: async (graph) =>
      `mutation { approveCapaPlan(number: "${capaCase.number}", signature: { password: "${DEMO_PASSWORD}", meaning: APPROVED,
        contentHash: "${await capaHash(graph, 'query ($n: String!) { capa(number: $n) { planContentHash } }', { n: capaCase.number })}" }) { status } }`,
  },
  {
    mutation: 'completeCapaAction',
    user: 'qa.engineer',
    query: () => Promise.resolve(`mutation { completeCapaAction(input: { capaNumber: "${capaCase.number}", sequence: 1, evidence: "Quality agreement QA-HME-2026 rev. 2 signed" }) { status } }`),
  },
  {
    mutation: 'closeCapa',
    user: 'qa.manager',
    prepare: async (graph) => {
      // One in-spec reading after the fix: the check's one sample, no violation.
      await graph.query(`mutation { recordReadings(readings: [{ readingId: "RD-AUDIT-2", equipmentCode: "IMM-AUDIT", parameter: "BARREL_TEMP", value: "230", measuredAt: "${new Date().toISOString()}" }]) { accepted } }`, {
        token: graph.tokenFor('integrator'),
      });
    },
    query: async (graph) => {
      const input = `{ number: "${capaCase.number}", riskAfter: { severity: 4, occurrence: 1, detection: 3 }, summary: "Complete CoAs received" }`;
      const hash = await capaHash(graph, `{ capaClosureContentHash(input: ${input}) }`, {});
      return `mutation { closeCapa(input: ${input}, signature: { password: "${DEMO_PASSWORD}", meaning: VERIFIED, contentHash: "${hash}" }) { status } }`;
    },
  },
  {
    mutation: 'cancelCapa',
    user: 'qa.manager',
    prepare: async (graph) => {
      const opened = await graph.query<{ openCapa: { number: string } }>(
        `mutation { openCapa(input: { sources: [{ kind: AUDIT_FINDING, reference: "IA-2026-07", description: "Audit coverage: training records" }], title: "Audit coverage: to cancel",
          problemStatement: "Raised twice", riskBefore: { severity: 2, occurrence: 2, detection: 2 }, dueOn: "${day(30)}" }) { number } }`,
        { token: graph.tokenFor('qa.engineer') },
      );
      capaCase.cancelled = opened.data!.openCapa.number;
    },
    query: () => Promise.resolve(`mutation { cancelCapa(number: "${capaCase.cancelled}", reason: "Audit coverage: a duplicate") { status } }`),
  },
  { mutation: 'login', user: 'qa.engineer', query: `mutation { login(userId: "qa.engineer", password: "${DEMO_PASSWORD}") { token } }`, auditorMay: 'logging in' },
  { mutation: 'logout', user: 'operator', query: `mutation { logout }`, auditorMay: 'ending their own session' },
  { mutation: 'verifySigner', user: 'qa.manager', query: `mutation { verifySigner(password: "${DEMO_PASSWORD}", purpose: "Audit coverage") { verifiedAt } }` },
  {
    mutation: 'changePassword',
    user: 'qc.inspector',
    query: `mutation { changePassword(currentPassword: "${DEMO_PASSWORD}", newPassword: "audit coverage passphrase") { token } }`,
    auditorMay: 'changing their own password',
  },
  {
    mutation: 'createUser',
    user: 'admin',
    query: `mutation { createUser(input: { userId: "audit.user", printedName: "Audit User", roles: [OPERATOR], password: "audit user passphrase" }) { id } }`,
  },
  { mutation: 'disableUser', user: 'admin', query: `mutation { disableUser(userId: "audit.user", reason: "Audit coverage") { enabled } }` },
  { mutation: 'enableUser', user: 'admin', query: `mutation { enableUser(userId: "audit.user", reason: "Audit coverage") { enabled } }` },
  { mutation: 'resetPassword', user: 'admin', query: `mutation { resetPassword(userId: "audit.user", newPassword: "another passphrase", reason: "Audit coverage") { id } }` },
  {
    mutation: 'unlockUser',
    user: 'admin',
    query: `mutation { unlockUser(userId: "audit.user", reason: "Audit coverage") { lockedAt } }`,
    prepare: async (graph) => {
      // The third wrong password in a row locks; after the second, a login of the id waits a second first.
      for (const [guess, pause] of [['one', 0], ['two', 0], ['three', 1050]] as const) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        await graph.query(`mutation { login(userId: "audit.user", password: "wrong ${guess}") { token } }`, { token: null });
      }
    },
  },
  {
    mutation: 'recordIngestRejections',
    user: 'integrator',
    query: `mutation { recordIngestRejections(input: [{ adapter: "lims-csv", source: "coverage.csv", position: "line 2", record: { lot: "PP-404" }, problems: [{ field: "lot", value: "PP-404", rule: "unknown-lot", reason: "no lot has the lot number PP-404" }], idempotencyKey: "coverage-1" }]) { id } }`,
  },
  {
    mutation: 'replayIngestRejections',
    user: 'integrator',
    // The rejection the case before kept (still refused on replay: the row names no sample or test).
    query: async (graph) => {
      const kept = await graph.query<{ ingestRejections: Array<{ id: string }> }>('{ ingestRejections(adapter: "lims-csv") { id } }', { token: graph.tokenFor('integrator') });
      return `mutation { replayIngestRejections(ids: ["${kept.data!.ingestRejections[0].id}"]) { status } }`;
    },
  },
];
