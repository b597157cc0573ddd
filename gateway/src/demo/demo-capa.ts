import { reportUrl } from '../reports/report-request';
import { EQUIPMENT, PARAMETER, RUNNING_LOT, USL } from './demo-plant';
import { GraphSession } from './graph-session';
import { runDemoExcursion } from './demo-excursion';
import { until } from './wait';

export interface CapaDemoOptions {
  /** The gateway's GraphQL endpoint. */
  url: string;
  /** The demo users' password (the demo plant's). */
  password: string;
  log: (line: string) => void;
  /** Pause between batches of post-fix readings, so the replay streams (ms). */
  pauseMs?: number;
  /** How long to wait for dispositions to be applied and for the check to turn PASS (ms). */
  timeoutMs?: number;
}

export interface EffectivenessView {
  version: number;
  status: string;
  baselineValue: number | null;
  baselineSampleSize: number;
  verificationValue: number | null;
  verificationSampleSize: number | null;
  target: number;
  comparison: string;
  detail: string;
}

export interface CapaDemoResult {
  exceptionNumber: string;
  capaNumber: string;
  /** The effectiveness check's results as the post-fix readings came in, first to last. */
  effectivenessSeen: EffectivenessView[];
  effectiveness: EffectivenessView;
  capaStatus: string;
  exceptionStatus: string;
  signatures: Array<{ meaning: string; signerId: string; printedName: string; valid: boolean }>;
  reports: { capa: string; lot: string };
}

interface ExceptionView {
  number: string;
  severity: string;
  status: string;
  contentHash: string;
  violations: Array<{ id: string; rule: { code: string }; evidence: Array<{ id: string; value: number; measuredAt: string }> }>;
  affectedLots: Array<{ role: string; lotNumber: string; disposition: { decision: string; appliedAt: string | null } | null }>;
  capas: Array<{ number: string; status: string }> | null;
}

interface CapaView {
  number: string;
  status: string;
  planContentHash: string;
  actions: Array<{ sequence: number; kind: string; status: string }>;
  effectiveness: EffectivenessView | null;
}

const POST_FIX_READINGS = 30;

const EXCEPTION_FIELDS = `number severity status contentHash
  violations { id rule { code } evidence { id value measuredAt } }
  affectedLots { role lotNumber disposition { decision appliedAt } }
  capas { number status }`;
const CAPA_FIELDS = `number status planContentHash actions { sequence kind status }
  effectiveness { version status baselineValue baselineSampleSize verificationValue verificationSampleSize target comparison detail }`;
const EFFECTIVENESS_LINE = (e: EffectivenessView) =>
  `${e.status.padEnd(7)} verification ${e.verificationValue ?? '–'} over ${e.verificationSampleSize ?? 0} reading(s) (target ${e.comparison === 'AT_MOST' ? '≤' : '≥'} ${e.target}; baseline ${e.baselineValue} over ${e.baselineSampleSize})`;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * `npx lotgraph demo capa`: the excursion's CRITICAL exception taken to a verified close through the gateway, as
 * the people of the demo plant would: acknowledged, its lots dispositioned and verified; a CAPA opened from it with
 * a 5-Why and fishbone (the zone 3 heater band), actions and an effectiveness check on the data, the plan approved,
 * the actions done, post-fix readings streamed until the check PASSes, the CAPA closed and then the exception.
 * Runs the excursion first when there is no open one; a second run picks up where the first stopped.
 */
export async function runDemoCapa(options: CapaDemoOptions): Promise<CapaDemoResult> {
  const { log } = options;
  const graph = new GraphSession(options.url, options.password);
  const timeoutMs = options.timeoutMs ?? 60_000;

  let exception = await excursionException(graph);
  if (!exception) {
    log(`No open excursion exception on ${EQUIPMENT}: running the excursion first (npx lotgraph demo excursion).`);
    const excursion = await runDemoExcursion({ url: options.url, password: options.password, log, pauseMs: options.pauseMs });
    exception = await readException(graph, excursion.exception.number);
  }
  log('');
  log(`Closing the loop on ${exception.number} (${exception.severity}, ${exception.status}) through ${options.url}`);
  exception = await disposition(graph, exception, log, timeoutMs);

  const capaNumber = await openCapa(graph, exception, log);
  let capa = await readCapa(graph, capaNumber);
  if (capa.status === 'OPEN' || capa.status === 'INVESTIGATING') {
    await investigate(graph, capaNumber, exception, log);
    await planActions(graph, capaNumber, log);
    capa = await readCapa(graph, capaNumber);
    if (!capa.effectiveness) await defineCheck(graph, capaNumber, log);
    capa = await readCapa(graph, capaNumber);
    await graph.as('qa.manager', 'mutation ($number: String!, $signature: SignatureInput!) { approveCapaPlan(number: $number, signature: $signature) { status } }', {
      number: capaNumber, signature: { password: graph.password, meaning: 'APPROVED', contentHash: capa.planContentHash, reason: 'Root cause shown by the data; actions and check adequate' },
    });
    log(`  plan approved and e-signed by qa.manager (APPROVED, plan ${capa.planContentHash.slice(0, 12)}…)`);
  }
  await completeActions(graph, capaNumber, log);

  const seen = await streamPostFixReadings(graph, capaNumber, options, log, timeoutMs);
  const passed = seen[seen.length - 1];
  await closeCapa(graph, capaNumber, log);
  const exceptionStatus = await closeException(graph, exception.number, log);
  const closed = await graph.as<{ capa: { status: string; signatures: CapaDemoResult['signatures'] } }>(
    'qa.manager', 'query ($number: String!) { capa(number: $number) { status signatures { meaning signerId printedName valid } } }', { number: capaNumber },
  );
  const reports = { capa: reportUrl(options.url, 'capa', capaNumber), lot: reportUrl(options.url, 'lot', RUNNING_LOT) };
  log('');
  log(`Closed: ${capaNumber} CLOSED (effectiveness ${passed.status}), then ${exception.number} ${exceptionStatus}.`);
  for (const signature of closed.capa.signatures) log(`  signed ${signature.meaning.padEnd(8)} by ${signature.printedName} (${signature.signerId})${signature.valid ? '' : ' (no longer valid)'}`);
  log(`  CAPA report:  ${reports.capa}   (add ?format=pdf, ?lang=zh-CN; bearer token required)`);
  log(`  Batch record: ${reports.lot}`);
  log(`  or from the command line: npx lotgraph report capa ${capaNumber} --pdf --out ${capaNumber}.pdf`);
  return { exceptionNumber: exception.number, capaNumber, effectivenessSeen: seen, effectiveness: passed, capaStatus: closed.capa.status, exceptionStatus, signatures: closed.capa.signatures, reports };
}

/** The exception the excursion raised: the newest on IMM-01 with rule violations that is not closed. */
async function excursionException(graph: GraphSession): Promise<ExceptionView | null> {
  const page = await graph.as<{ exceptions: { edges: Array<{ node: { number: string; violations: Array<{ id: string }> } }> } }>(
    'qa.engineer',
    `{ exceptions(filter: { equipmentCode: "${EQUIPMENT}", status: [OPEN, CONTAINED, INVESTIGATING, DISPOSITIONED, VERIFIED] }, first: 50) { edges { node { number violations { id } } } } }`,
  );
  const raised = page.exceptions.edges.map((e) => e.node).filter((e) => e.violations.length > 0).pop();
  return raised ? readException(graph, raised.number) : null;
}

async function readException(graph: GraphSession, number: string): Promise<ExceptionView> {
  return (await graph.as<{ exception: ExceptionView }>('qa.manager', `query ($number: String!) { exception(number: $number) { ${EXCEPTION_FIELDS} } }`, { number })).exception;
}

async function readCapa(graph: GraphSession, number: string): Promise<CapaView> {
  return (await graph.as<{ capa: CapaView }>('qa.engineer', `query ($number: String!) { capa(number: $number) { ${CAPA_FIELDS} } }`, { number })).capa;
}

/** Acknowledged by QA, each lot dispositioned by the QA manager (signed), verified by the second QA manager (signed). */
async function disposition(graph: GraphSession, start: ExceptionView, log: (line: string) => void, timeoutMs: number): Promise<ExceptionView> {
  let exception = start;
  if (exception.status === 'OPEN' || exception.status === 'CONTAINED') {
    await graph.as('qa.engineer', 'mutation ($number: String!) { acknowledgeException(number: $number, note: "Investigating the zone 3 excursion") { status } }', { number: exception.number });
    log(`  ${exception.number} acknowledged by qa.engineer: INVESTIGATING`);
  }
  const decisions: Record<string, { decision: string; reason: string }> = {
    RUNNING: { decision: 'SCRAP', reason: 'Moulded while zone 3 ran above the USL: resin degradation cannot be excluded' },
    DOWNSTREAM: { decision: 'REWORK', reason: '100 % re-inspection of Luer thread strength and short shots before release' },
  };
  for (const affected of (await readException(graph, exception.number)).affectedLots.filter((a) => !a.disposition)) {
    const input = { exceptionNumber: exception.number, lotNumber: affected.lotNumber, ...(decisions[affected.role] ?? decisions.DOWNSTREAM) };
    const { dispositionContentHash } = await graph.as<{ dispositionContentHash: string }>('qa.manager', 'query ($input: LotDispositionInput!) { dispositionContentHash(input: $input) }', { input });
    await graph.as('qa.manager', 'mutation ($input: LotDispositionInput!, $signature: SignatureInput) { dispositionLot(input: $input, signature: $signature) { decision } }', {
      input, signature: { password: graph.password, meaning: 'APPROVED', contentHash: dispositionContentHash },
    });
    log(`  ${affected.lotNumber.padEnd(16)} ${affected.role.padEnd(10)} → ${input.decision} (signed by qa.manager)`);
  }
  exception = await until(timeoutMs, 'the dispositions to be applied in the batch domain', async () => {
    const now = await readException(graph, exception.number);
    return now.status !== 'INVESTIGATING' && now.affectedLots.every((a) => a.disposition?.appliedAt) ? now : null;
  });
  if (exception.status === 'DISPOSITIONED') {
    await graph.as('qa.lead', 'mutation ($number: String!, $signature: SignatureInput) { verifyException(number: $number, note: "Dispositions applied and checked", signature: $signature) { status } }', {
      number: exception.number, signature: { password: graph.password, meaning: 'APPROVED', contentHash: exception.contentHash },
    });
    log(`  ${exception.number} verified by qa.lead, a second QA manager (signed): VERIFIED`);
    exception = await readException(graph, exception.number);
  }
  return exception;
}

async function openCapa(graph: GraphSession, exception: ExceptionView, log: (line: string) => void): Promise<string> {
  const existing = exception.capas?.find((c) => c.status !== 'CANCELLED');
  if (existing) return existing.number;
  const opened = await graph.as<{ openCapa: { number: string } }>('qa.engineer', 'mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }', {
    input: {
      type: 'CORRECTIVE', exceptionNumber: exception.number, title: `Barrel zone 3 over-temperature on ${EQUIPMENT} (${exception.number})`,
      problemStatement: `Zone 3 of ${EQUIPMENT} drifted above its ${USL} °C USL while moulding ${RUNNING_LOT}; barrels from it were assembled into shipped syringes.`,
      riskBefore: { severity: 8, occurrence: 5, detection: 4 }, dueOn: day(60),
    },
  });
  log(`  ${opened.openCapa.number} opened by qa.engineer from ${exception.number} (risk 8 × 5 × 4 = RPN 160)`);
  return opened.openCapa.number;
}

/** 5-Why and fishbone, with the exception's own violations and peak reading as evidence. */
async function investigate(graph: GraphSession, capaNumber: string, exception: ExceptionView, log: (line: string) => void): Promise<void> {
  const readings = exception.violations.flatMap((v) => v.evidence);
  const peak = readings.reduce((a, b) => (b.value > a.value ? b : a));
  const outOfSpec = exception.violations.find((v) => v.rule.code === 'BT3-OOS') ?? exception.violations[0];
  await graph.as('qa.engineer', 'mutation ($input: RootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { status } }', {
    input: {
      capaNumber,
      fiveWhys: [
        { question: `Why were the barrels of ${RUNNING_LOT} put at risk?`, answer: `Zone 3 reached ${peak.value} °C, above the ${USL} °C USL.`, evidence: [{ kind: 'VIOLATION', id: outOfSpec.id }, { kind: 'READING', id: peak.id }] },
        { question: 'Why did zone 3 overheat?', answer: 'The zone 3 heater band stayed on at full power after the setpoint was reached.', evidence: [{ kind: 'EXCEPTION', id: exception.number }] },
        { question: 'Why did the band stay on?', answer: 'Its solid-state relay failed closed.' },
        { question: 'Why did the relay fail?', answer: 'It had run past its rated switching life; relays are not in the PM plan.' },
        { question: 'Why are relays not in the PM plan?', answer: 'The PM plan covers thermocouples and bands, not the relays that drive them.' },
      ],
      causes: [
        { key: 'SSR-FAILED', category: 'MACHINE', description: 'Zone 3 heater band relay on IMM-01 failed closed', evidence: [{ kind: 'LOT', id: RUNNING_LOT }] },
        { key: 'PM-NO-RELAY', category: 'METHOD', description: 'The PM plan does not check heater relays' },
        { key: 'TC-READING', category: 'MEASUREMENT', description: 'Thermocouple TC-3 misreading (ruled out: checked in the bath, within 0.5 °C)' },
        { key: 'RESIN', category: 'MATERIAL', description: 'Resin lot melt flow (ruled out: the excursion follows the relay, not the resin)' },
      ],
      rootCauseKey: 'SSR-FAILED',
      justification: 'Zone 3 came back to 228 °C as soon as the relay and band were replaced, with the same resin and thermocouple.',
    },
  });
  log(`  root cause (5-Why and fishbone 人机料法测环): MACHINE — zone 3 heater band relay failed closed; evidence ${outOfSpec.rule.code} violation, peak reading ${peak.value} °C, ${RUNNING_LOT}`);
}

async function planActions(graph: GraphSession, capaNumber: string, log: (line: string) => void): Promise<void> {
  const add = 'mutation ($input: CapaActionInput!) { addCapaAction(input: $input) { sequence } }';
  const actions = [
    { kind: 'CORRECTION', description: `Replace the zone 3 heater band and its relay on ${EQUIPMENT}`, owner: 'operator', dueOn: day(0) },
    {
      kind: 'CORRECTIVE', description: `Add a heater relay and band current check to the weekly PM of ${EQUIPMENT}`, owner: 'qa.engineer', dueOn: day(14),
      changeRequests: [{ kind: 'EQUIPMENT_MAINTENANCE', reference: EQUIPMENT, description: 'PM plan: weekly relay and band current check on every barrel zone' }],
    },
    {
      kind: 'PREVENTIVE', description: 'Alarm and auto-hold when a barrel zone runs more than 3σ from its centre line on any moulding machine', owner: 'qa.manager', dueOn: day(30),
      changeRequests: [{ kind: 'PROCESS', reference: 'WI-MOULD-007', description: 'Work instruction: react to the zone temperature alarm' }],
    },
  ];
  for (const action of actions) await graph.as('qa.engineer', add, { input: { capaNumber, ...action } });
  await graph.as('operator', 'mutation ($input: CompleteCapaActionInput!) { completeCapaAction(input: $input) { status } }', {
    input: { capaNumber, sequence: 1, evidence: 'WO-IMM01-ZONE3: heater band and relay replaced; zone 3 at 228 °C at nominal output' },
  });
  log('  actions: 1 CORRECTION (done by operator), 1 CORRECTIVE (PM change request on IMM-01), 1 PREVENTIVE (process change request)');
}

/** Violations of the out-of-spec rule on IMM-01: the excursion as baseline, none in 30 readings after the fix as target. */
async function defineCheck(graph: GraphSession, capaNumber: string, log: (line: string) => void): Promise<void> {
  const now = Date.now();
  await graph.as('qa.engineer', 'mutation ($input: EffectivenessCheckInput!) { defineEffectivenessCheck(input: $input) { status } }', {
    input: {
      capaNumber, metric: { kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: EQUIPMENT },
      baselineFrom: new Date(now - 3 * 3_600_000).toISOString(), baselineTo: new Date(now).toISOString(), verificationTo: new Date(now + 30 * 86_400_000).toISOString(),
      comparison: 'AT_MOST', target: 0, minSamples: POST_FIX_READINGS,
    },
  });
  const capa = await readCapa(graph, capaNumber);
  log(`  effectiveness check: out-of-spec violations on ${EQUIPMENT}, baseline ${capa.effectiveness!.baselineValue} over ${capa.effectiveness!.baselineSampleSize} readings; target 0 in the ${POST_FIX_READINGS} readings after the fix`);
}

async function completeActions(graph: GraphSession, capaNumber: string, log: (line: string) => void): Promise<void> {
  const evidence: Record<number, [string, string]> = {
    2: ['qa.engineer', 'PM plan PM-IMM-01 rev. F released with the weekly relay and band current check'],
    3: ['qa.manager', 'Alarm rule deployed on all moulding machines; WI-MOULD-007 rev. C trained'],
  };
  for (const action of (await readCapa(graph, capaNumber)).actions.filter((a) => a.status === 'OPEN')) {
    const [user, text] = evidence[action.sequence] ?? ['qa.engineer', 'Done'];
    await graph.as(user, 'mutation ($input: CompleteCapaActionInput!) { completeCapaAction(input: $input) { status } }', { input: { capaNumber, sequence: action.sequence, evidence: text } });
  }
  log(`  every action done: ${capaNumber} is ${(await readCapa(graph, capaNumber)).status}`);
}

/** Post-fix readings, measured now, as the MES sends them; the check's result after each batch. */
async function streamPostFixReadings(graph: GraphSession, capaNumber: string, options: CapaDemoOptions, log: (line: string) => void, timeoutMs: number): Promise<EffectivenessView[]> {
  const seen: EffectivenessView[] = [];
  const wobble = [0.2, -0.3, 0.1, 0.3, -0.1, -0.2];
  const stamp = Date.now();
  log(`  post-fix readings of ${PARAMETER} on ${EQUIPMENT}:`);
  for (let i = 0; i < POST_FIX_READINGS; i += 6) {
    const at = Date.now();
    const batch = wobble.slice(0, Math.min(6, POST_FIX_READINGS - i)).map((w, j) => ({
      readingId: `DEMO-CAPA-${capaNumber}-${stamp}-${String(i + j).padStart(2, '0')}`, equipmentCode: EQUIPMENT, parameter: PARAMETER, value: (228 + w).toFixed(1),
      measuredAt: new Date(at - (5 - j)).toISOString(),
    }));
    await graph.as('integrator', 'mutation ($readings: [ReadingInput!]!) { recordReadings(readings: $readings) { accepted } }', { readings: batch });
    const effectiveness = (await readCapa(graph, capaNumber)).effectiveness!;
    seen.push(effectiveness);
    log(`    ${batch.map((r) => r.value).join(' ')} °C   ${EFFECTIVENESS_LINE(effectiveness)}`);
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
  }
  const last = await until(timeoutMs, 'the effectiveness check to be judged', async () => {
    const effectiveness = (await readCapa(graph, capaNumber)).effectiveness!;
    return effectiveness.status === 'PENDING' ? null : effectiveness;
  });
  if (seen[seen.length - 1].status !== last.status) seen.push(last);
  if (last.status !== 'PASS') throw new Error(`${capaNumber}'s effectiveness check is ${last.status}: ${last.detail}`);
  return seen;
}

async function closeCapa(graph: GraphSession, capaNumber: string, log: (line: string) => void): Promise<void> {
  const input = { number: capaNumber, riskAfter: { severity: 8, occurrence: 2, detection: 3 }, summary: 'Relay and band replaced, relays added to the PM plan, drift alarm live; no out-of-spec reading in 30 readings after the fix.' };
  const { capaClosureContentHash } = await graph.as<{ capaClosureContentHash: string }>('qa.manager', 'query ($input: CloseCapaInput!) { capaClosureContentHash(input: $input) }', { input });
  await graph.as('qa.manager', 'mutation ($input: CloseCapaInput!, $signature: SignatureInput!) { closeCapa(input: $input, signature: $signature) { status } }', {
    input, signature: { password: graph.password, meaning: 'VERIFIED', contentHash: capaClosureContentHash, reason: 'Effectiveness shown by the data' },
  });
  log(`  ${capaNumber} closed by qa.manager (VERIFIED, e-signed); residual risk 8 × 2 × 3 = RPN 48`);
}

async function closeException(graph: GraphSession, number: string, log: (line: string) => void): Promise<string> {
  const exception = await readException(graph, number);
  const closed = await graph.as<{ closeException: { status: string } }>('qa.lead', 'mutation ($number: String!, $signature: SignatureInput) { closeException(number: $number, note: "CAPA closed effective", signature: $signature) { status } }', {
    number, signature: { password: graph.password, meaning: 'APPROVED', contentHash: exception.contentHash },
  });
  log(`  ${number} closed by qa.lead (signed): ${closed.closeException.status}`);
  return closed.closeException.status;
}
