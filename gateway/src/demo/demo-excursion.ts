import { randomBytes } from 'node:crypto';
import { EQUIPMENT, MATERIAL, PARAMETER, RUNNING_LOT, RUNNING_ORDER, SPEC, USL } from './demo-plant';
import { GraphSession } from './graph-session';
import { until } from './wait';
import { WebhookReceiver, type ReceivedWebhook } from './webhook-receiver';

export interface ExcursionOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** The demo users' password (the demo plant's). */
  password: string;
  log: (line: string) => void;
  /** Pause between batches of readings, so the replay streams (ms). */
  pauseMs?: number;
  /** How long to wait for the holds and the webhook (ms). */
  timeoutMs?: number;
}

export interface AffectedLotView {
  role: string;
  lot: { lotNumber: string; status: string };
}

export interface ExceptionView {
  number: string;
  title: string;
  severity: string;
  status: string;
  detectedAt: string;
  impactSummary: string | null;
  affectedLots: AffectedLotView[];
  violations: Array<{ id: string; rule: { code: string }; evidence: Array<{ readingId: string }> }>;
}

export interface KpiRow {
  group: string;
  exceptions: number;
  open: number;
  meanHoursToContain: number | null;
}

export interface ExcursionResult {
  exception: ExceptionView;
  /** From posting the first out-of-spec reading to every affected lot on hold. */
  detectionToHoldMs: number;
  /** The excursion joined an exception still open from an earlier run (the same cause within the rule's window). */
  joined: boolean;
  webhook: ReceivedWebhook | null;
  kpisBefore: KpiRow | null;
  kpisAfter: KpiRow | null;
}

const MINUTES = 60;

export interface DemoReading {
  readingId: string;
  equipmentCode: string;
  parameter: string;
  value: string;
  measuredAt: string;
  lotNumber: string;
  productionOrder: string;
}

/**
 * The replayed hour, ending now: zone 3 of IMM-01's barrel, one reading a minute as the MES sends it (naming the
 * order and lot it is moulding), drifting up after half an hour and above the USL for eight minutes (a heater
 * band's controller failing), then back once the band is changed.
 */
export function replayReadings(now = Date.now()): DemoReading[] {
  const start = Math.floor(now / 60_000) * 60_000 - MINUTES * 60_000;
  return Array.from({ length: MINUTES }, (_, minute) => {
    const wobble = [0.3, -0.4, 0.1, 0.5, -0.2, -0.5, 0.2, 0.4, -0.1, 0][minute % 10];
    const drift = minute < 30 ? 0 : minute <= 41 ? [1.2, 2.5, 4.1, 6.0, 8.2, 10.6, 12.9, 14.7, 15.8, 12.4, 8.3, 4.6][minute - 30] : 0;
    const measuredAt = new Date(start + minute * 60_000).toISOString().replace('.000Z', 'Z');
    return {
      readingId: `DEMO-${EQUIPMENT}-${new Date(now).toISOString()}-${String(minute).padStart(2, '0')}`, equipmentCode: EQUIPMENT, parameter: PARAMETER, value: (228 + wobble + drift).toFixed(1), measuredAt,
      lotNumber: RUNNING_LOT, productionOrder: RUNNING_ORDER,
    };
  });
}

const EXCEPTION_FIELDS = 'number title severity status detectedAt impactSummary affectedLots { role lot { lotNumber status } } violations { id rule { code } evidence { readingId } }';

/**
 * `npx lotgraph demo excursion`: streams the shift's readings into the graph as the MES integration would, and
 * shows the whole chain through the gateway: the exception raised and graded, its lots on hold, the webhook
 * received with a valid signature, the KPIs updated.
 */
export async function runDemoExcursion(options: ExcursionOptions): Promise<ExcursionResult> {
  const { log } = options;
  const graph = new GraphSession(options.url, options.password);
  const timeoutMs = options.timeoutMs ?? 30_000;
  log(`Demo: barrel temperature excursion on ${EQUIPMENT} while ${RUNNING_ORDER} moulds ${RUNNING_LOT}: the last hour replayed through ${options.url}`);
  await setUp(graph, log);

  const receiver = new WebhookReceiver(randomBytes(24).toString('hex'));
  const webhookUrl = await receiver.listen();
  await graph.as('qa.manager', `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name } }`, {
    input: { name: 'demo-excursion', url: webhookUrl, secret: receiver.secret, events: ['EXCEPTION_CREATED', 'EXCEPTION_STATUS_CHANGED'] },
  });
  log(`  webhook demo-excursion → ${webhookUrl} (signed with HMAC-SHA256)`);
  try {
    const kpisBefore = await kpis(graph);
    const openBefore = new Set((await openExceptions(graph)).map((e) => e.number));
    const readings = replayReadings();
    const ids = new Set(readings.map((r) => r.readingId));
    let firstOutOfSpecAt: number | null = null;
    for (let i = 0; i < readings.length; i += 6) {
      const batch = readings.slice(i, i + 6);
      const postedAt = Date.now();
      await graph.as('integrator', 'mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }', { readings: batch });
      const high = batch.filter((r) => Number(r.value) > USL);
      if (high.length && firstOutOfSpecAt === null) firstOutOfSpecAt = postedAt;
      log(`  ${batch[0].measuredAt.slice(11, 16)}  ${batch.map((r) => r.value.padStart(5)).join(' ')} °C${high.length ? `   ← above the USL ${USL} °C` : ''}`);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }

    const raiseOn = await raisingKinds(graph);
    // Done when every violation of this run that raises exceptions has joined the exception, and its lots are held.
    const chain = "the exception to be raised with this run's violations and every affected lot held; see the exception's containment in the graph";
    const exception = await until(timeoutMs, chain, async () => {
      const found = await excursionException(graph, ids);
      if (!found || found.affectedLots.length === 0 || found.affectedLots.some((a) => a.lot.status !== 'ON_HOLD')) return null;
      const grouped = new Set(found.violations.map((v) => v.id));
      return (await runViolations(graph, ids)).every((v) => !raiseOn.has(v.rule.kind) || grouped.has(v.id)) ? found : null;
    });
    const detectionToHoldMs = Date.now() - firstOutOfSpecAt!;
    const joined = openBefore.has(exception.number);
    log('');
    log(`Exception ${exception.number} ${exception.severity} ${exception.status}: ${exception.title}`);
    if (joined) log('  (an earlier run’s exception is still open: the same cause within the rule’s window joins it)');
    log(`  rules: ${[...new Set(exception.violations.map((v) => v.rule.code))].join(', ')}; ${exception.impactSummary ?? ''}`);
    for (const affected of exception.affectedLots) log(`  ${affected.lot.lotNumber.padEnd(16)} ${affected.role.padEnd(11)} ${affected.lot.status}`);
    log(`  detection to hold: ${detectionToHoldMs} ms (first out-of-spec reading posted → every affected lot ON_HOLD)`);

    const webhook = joined
      ? null
      : await until(timeoutMs, 'the webhook of the new exception', async () => receiver.received.find((w) => w.event === 'exception.created' && (w.body.exception as { number?: string })?.number === exception.number) ?? null);
    if (webhook) log(`  webhook: ${webhook.event} delivery ${webhook.deliveryId}, signature ${webhook.signatureValid ? 'valid' : 'INVALID'}`);
    const kpisAfter = await kpis(graph);
    log(`  KPIs for ${EQUIPMENT}: exceptions ${kpisBefore?.exceptions ?? 0} → ${kpisAfter?.exceptions ?? 0}, open ${kpisBefore?.open ?? 0} → ${kpisAfter?.open ?? 0}, mean hours to contain ${kpisAfter?.meanHoursToContain ?? '–'}`);
    return { exception, detectionToHoldMs, joined, webhook, kpisBefore, kpisAfter };
  } finally {
    await graph.tryAs('qa.manager', 'mutation { disableWebhook(name: "demo-excursion") { enabled } }');
    await receiver.close();
  }
}

/** The parameter, an approved specification and the rules, each made once (a second run finds them). */
async function setUp(graph: GraphSession, log: (line: string) => void): Promise<void> {
  await graph.as('qa.engineer', `mutation { registerEquipmentParameter(input: { equipmentCode: "${EQUIPMENT}", parameter: "${PARAMETER}", materialCode: "${MATERIAL}", operation: "MOULDING", unit: "°C" }) { unit } }`);
  const specs = await graph.as<{ specifications: Array<{ version: number; status: string; contentHash: string }> }>('qa.engineer', `{ specifications(specNumber: "${SPEC}") { version status contentHash } }`);
  if (specs.specifications.length === 0) {
    await graph.as('qa.engineer', `mutation { createSpecificationVersion(input: { specNumber: "${SPEC}", materialCode: "${MATERIAL}", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
      parameters: [{ parameter: "${PARAMETER}", unit: "°C", lsl: 220, usl: ${USL}, target: 228, lowerWarning: 223, upperWarning: 232, critical: true }] }) { status } }`);
  }
  const draft = (await graph.as<typeof specs>('qa.engineer', `{ specifications(specNumber: "${SPEC}") { version status contentHash } }`)).specifications.find((s) => s.status === 'DRAFT');
  if (draft) {
    await graph.as('qa.manager', `mutation ($signature: SignatureInput!) { approveSpecificationVersion(specNumber: "${SPEC}", version: ${draft.version}, signature: $signature) { status } }`, {
      signature: { password: graph.password, meaning: 'APPROVED', contentHash: draft.contentHash, reason: 'Demo: moulding window for barrels' },
    });
  }
  const rules = [
    `{ code: "BT3-OOS", kind: OUT_OF_SPEC, parameter: "${PARAMETER}" }`,
    `{ code: "BT3-WARN", kind: OUT_OF_WARNING, parameter: "${PARAMETER}" }`,
    `{ code: "BT3-3SIGMA", kind: SPC_BEYOND_3_SIGMA, parameter: "${PARAMETER}", settings: { centre: 228, sigma: 0.8 } }`,
  ];
  for (const rule of rules) await graph.as('qa.engineer', `mutation { defineQualityRule(input: ${rule}) { code } }`);
  log(`  set-up: ${EQUIPMENT} ${PARAMETER}; specification ${SPEC} (USL ${USL} °C, critical) approved by qa.manager; rules BT3-OOS, BT3-WARN, BT3-3SIGMA`);
}

async function openExceptions(graph: GraphSession): Promise<ExceptionView[]> {
  const page = await graph.as<{ exceptions: { edges: Array<{ node: ExceptionView }> } }>(
    'qa.engineer',
    `{ exceptions(filter: { equipmentCode: "${EQUIPMENT}", status: [OPEN, CONTAINED, INVESTIGATING] }, first: 10) { edges { node { ${EXCEPTION_FIELDS} } } } }`,
  );
  return page.exceptions.edges.map((e) => e.node);
}

/** The rule kinds that raise exceptions for the barrels' material, under the workflow template in force. */
async function raisingKinds(graph: GraphSession): Promise<Set<string>> {
  const answer = await graph.as<{ workflowTemplateInForce: { raiseOn: string[] } }>('qa.engineer', '{ workflowTemplateInForce(materialCode: "${MATERIAL}") { raiseOn } }');
  return new Set(answer.workflowTemplateInForce.raiseOn);
}

/** The violations this run's readings showed. */
async function runViolations(graph: GraphSession, readingIds: Set<string>): Promise<Array<{ id: string; rule: { kind: string } }>> {
  const page = await graph.as<{ ruleViolations: { edges: Array<{ node: { id: string; rule: { kind: string }; evidence: Array<{ readingId: string }> } }> } }>(
    'qa.engineer',
    `{ ruleViolations(filter: { equipmentCode: "${EQUIPMENT}", parameter: "${PARAMETER}" }, first: 20) { edges { node { id rule { kind } evidence { readingId } } } } }`,
  );
  return page.ruleViolations.edges.map((e) => e.node).filter((v) => v.evidence.some((r) => readingIds.has(r.readingId)));
}

/** The exception whose evidence holds this run's readings. */
async function excursionException(graph: GraphSession, readingIds: Set<string>): Promise<ExceptionView | null> {
  return (await openExceptions(graph)).find((e) => e.violations.some((v) => v.evidence.some((r) => readingIds.has(r.readingId)))) ?? null;
}

async function kpis(graph: GraphSession): Promise<KpiRow | null> {
  const rows = await graph.as<{ exceptionKpis: KpiRow[] }>(
    'qa.manager',
    `{ exceptionKpis(groupBy: EQUIPMENT, filter: { equipmentCode: "${EQUIPMENT}" }) { group exceptions open meanHoursToContain } }`,
  );
  return rows.exceptionKpis[0] ?? null;
}
