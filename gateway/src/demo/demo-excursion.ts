import { randomBytes } from 'node:crypto';
import { GraphSession } from './graph-session';
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
  violations: Array<{ rule: { code: string } }>;
}

export interface KpiRow {
  group: string;
  exceptions: number;
  open: number;
  meanHoursToContain: number | null;
}

export interface ExcursionResult {
  exception: ExceptionView;
  /** From posting the first out-of-spec reading to every affected lot on hold (null on a replay already made). */
  detectionToHoldMs: number | null;
  webhook: ReceivedWebhook | null;
  kpisBefore: KpiRow | null;
  kpisAfter: KpiRow | null;
}

const EQUIPMENT = 'IMM-01';
const PARAMETER = 'barrel_temp_zone3';
const SPEC = 'SPEC-IMM01-BT3';
const USL = 235;
const SHIFT_START = Date.parse('2026-11-13T02:30:00Z');

/**
 * The replayed night shift: zone 3 of IMM-01's barrel, one reading a minute from 02:30 while PO-2611-0102 moulds
 * barrel lot BRL-2611-015, drifting up from 03:00 and above the USL from 03:04 to 03:11 (a heater band's
 * controller failing), then back once the band is changed.
 */
export function replayReadings(): Array<{ readingId: string; equipmentCode: string; parameter: string; value: string; measuredAt: string }> {
  return Array.from({ length: 60 }, (_, minute) => {
    const wobble = [0.3, -0.4, 0.1, 0.5, -0.2, -0.5, 0.2, 0.4, -0.1, 0][minute % 10];
    const drift = minute < 30 ? 0 : minute <= 41 ? [1.2, 2.5, 4.1, 6.0, 8.2, 10.6, 12.9, 14.7, 15.8, 12.4, 8.3, 4.6][minute - 30] : 0;
    const measuredAt = new Date(SHIFT_START + minute * 60_000).toISOString().replace('.000Z', 'Z');
    return { readingId: `DEMO-EXC-${EQUIPMENT}-${measuredAt}`, equipmentCode: EQUIPMENT, parameter: PARAMETER, value: (228 + wobble + drift).toFixed(1), measuredAt };
  });
}

const EXCEPTION_FIELDS = 'number title severity status detectedAt impactSummary affectedLots { role lot { lotNumber status } } violations { rule { code } }';

/**
 * `npx lotgraph demo excursion`: streams the shift's readings into the graph as the MES integration would, and
 * shows the whole chain through the gateway: the exception raised and graded, its lots on hold, the webhook
 * received with a valid signature, the KPIs updated.
 */
export async function runDemoExcursion(options: ExcursionOptions): Promise<ExcursionResult> {
  const { log } = options;
  const graph = new GraphSession(options.url, options.password);
  const timeoutMs = options.timeoutMs ?? 30_000;
  log(`Demo: barrel temperature excursion on ${EQUIPMENT}, a replay of the 2026-11-13 night shift, through ${options.url}`);
  await setUp(graph, log);

  const receiver = new WebhookReceiver(randomBytes(24).toString('hex'));
  const webhookUrl = await receiver.listen();
  await graph.as('qa.manager', `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name } }`, {
    input: { name: 'demo-excursion', url: webhookUrl, secret: receiver.secret, events: ['EXCEPTION_CREATED', 'EXCEPTION_STATUS_CHANGED'] },
  });
  log(`  webhook demo-excursion → ${webhookUrl} (signed with HMAC-SHA256)`);
  try {
    const kpisBefore = await kpis(graph);
    const readings = replayReadings();
    let firstOutOfSpecAt: number | null = null;
    let accepted = 0;
    for (let i = 0; i < readings.length; i += 6) {
      const batch = readings.slice(i, i + 6);
      const postedAt = Date.now();
      const report = await graph.as<{ recordReadings: { accepted: number; duplicates: number } }>(
        'integrator',
        'mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted duplicates } }',
        { readings: batch },
      );
      accepted += report.recordReadings.accepted;
      const high = batch.filter((r) => Number(r.value) > USL);
      if (high.length && firstOutOfSpecAt === null && report.recordReadings.accepted > 0) firstOutOfSpecAt = postedAt;
      log(`  ${batch[0].measuredAt.slice(11, 16)}  ${batch.map((r) => r.value.padStart(5)).join(' ')} °C${high.length ? `   ← above the USL ${USL} °C` : ''}`);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
    if (accepted === 0) log('  (these readings were replayed before: nothing changes; showing the exception they raised)');

    const exception = await until(timeoutMs, async () => {
      const found = await shiftException(graph);
      return found && found.affectedLots.length > 0 && found.affectedLots.every((a) => a.lot.status === 'ON_HOLD') ? found : null;
    });
    const detectionToHoldMs = firstOutOfSpecAt === null ? null : Date.now() - firstOutOfSpecAt;
    log('');
    log(`Exception ${exception.number} ${exception.severity} ${exception.status}: ${exception.title}`);
    log(`  rules: ${[...new Set(exception.violations.map((v) => v.rule.code))].join(', ')}; ${exception.impactSummary ?? ''}`);
    for (const affected of exception.affectedLots) log(`  ${affected.lot.lotNumber.padEnd(16)} ${affected.role.padEnd(11)} ${affected.lot.status}`);
    if (detectionToHoldMs !== null) log(`  detection to hold: ${detectionToHoldMs} ms (first out-of-spec reading posted → every affected lot ON_HOLD)`);

    const webhook =
      accepted === 0
        ? null
        : await until(timeoutMs, async () => receiver.received.find((w) => w.event === 'exception.created' && (w.body.exception as { number?: string })?.number === exception.number) ?? null);
    if (webhook) log(`  webhook: ${webhook.event} delivery ${webhook.deliveryId}, signature ${webhook.signatureValid ? 'valid' : 'INVALID'}`);
    const kpisAfter = await kpis(graph);
    log(`  KPIs for ${EQUIPMENT}: exceptions ${kpisBefore?.exceptions ?? 0} → ${kpisAfter?.exceptions ?? 0}, open ${kpisBefore?.open ?? 0} → ${kpisAfter?.open ?? 0}, mean hours to contain ${kpisAfter?.meanHoursToContain ?? '–'}`);
    return { exception, detectionToHoldMs, webhook, kpisBefore, kpisAfter };
  } finally {
    await graph.tryAs('qa.manager', 'mutation { disableWebhook(name: "demo-excursion") { enabled } }');
    await receiver.close();
  }
}

/** The parameter, an approved specification and the rules, each made once (a second run finds them). */
async function setUp(graph: GraphSession, log: (line: string) => void): Promise<void> {
  await graph.as('qa.engineer', `mutation { registerEquipmentParameter(input: { equipmentCode: "${EQUIPMENT}", parameter: "${PARAMETER}", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`);
  const specs = await graph.as<{ specifications: Array<{ version: number; status: string; contentHash: string }> }>('qa.engineer', `{ specifications(specNumber: "${SPEC}") { version status contentHash } }`);
  if (specs.specifications.length === 0) {
    await graph.as('qa.engineer', `mutation { createSpecificationVersion(input: { specNumber: "${SPEC}", materialCode: "SA-BRL-3001", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
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

async function shiftException(graph: GraphSession): Promise<ExceptionView | null> {
  const page = await graph.as<{ exceptions: { edges: Array<{ node: ExceptionView }> } }>(
    'qa.engineer',
    `{ exceptions(filter: { equipmentCode: "${EQUIPMENT}" }, first: 100) { edges { node { ${EXCEPTION_FIELDS} } } } }`,
  );
  const shiftEnd = SHIFT_START + 60 * 60_000;
  return page.exceptions.edges.map((e) => e.node).find((e) => Date.parse(e.detectedAt) >= SHIFT_START && Date.parse(e.detectedAt) < shiftEnd) ?? null;
}

async function kpis(graph: GraphSession): Promise<KpiRow | null> {
  const rows = await graph.as<{ exceptionKpis: KpiRow[] }>(
    'qa.manager',
    `{ exceptionKpis(groupBy: EQUIPMENT, filter: { equipmentCode: "${EQUIPMENT}" }) { group exceptions open meanHoursToContain } }`,
  );
  return rows.exceptionKpis[0] ?? null;
}

async function until<T>(timeoutMs: number, read: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`the demo waited ${timeoutMs} ms and the chain did not complete; see the exception's containment in the graph`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
