import { DEMO_PASSWORD } from '@lotgraph/compliance';
import type { CapaServer } from '@lotgraph/capa';
import { runDemoExcursion } from '../src/demo/demo-excursion';
import { runDemoCapa, type CapaDemoResult } from '../src/demo/demo-capa';
import { WebhookReceiver } from '../src/demo/webhook-receiver';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/test-graph';
import { pdfText } from './support/pdf-text';
import { charactersWithoutGlyph } from './support/font-coverage';
import { expectTrailsVerified } from './support/trails-verified';

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe('CAPA: the closed loop through the gateway', () => {
  let graph: TestGraph;
  let demo: CapaDemoResult;
  const lines: string[] = [];

  const as = <T = Record<string, unknown>>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
    graph.query<T>(query, { variables, token: graph.tokenFor(user) });
  const ok = async <T = Record<string, unknown>>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await as<T>(user, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const capaEntries = async () => Number((await graph.hub.databases.capa!.dataSource.query(`SELECT count(*) AS n FROM capa.audit_entry`))[0].n);

  beforeAll(async () => {
    graph = await startTestGraph();
    await runDemoExcursion({ url: graph.hub.url, password: DEMO_PASSWORD, log: () => undefined, pauseMs: 0 });
    demo = await runDemoCapa({ url: graph.hub.url, password: DEMO_PASSWORD, log: (line) => lines.push(line), pauseMs: 0 });
  });

  afterAll(() => graph.stop());

  describe('npx lotgraph demo capa on the excursion\'s CRITICAL exception', () => {
    it('closes the CAPA on a PASS computed from post-fix readings, then the exception', () => {
      expect(demo).toMatchObject({ capaStatus: 'CLOSED', exceptionStatus: 'CLOSED' });
      const seen = demo.effectivenessSeen;
      // PENDING while fewer than 30 post-fix readings are in, PASS once they are, none out of spec.
      expect(seen[0]).toMatchObject({ status: 'PENDING', verificationValue: 0, verificationSampleSize: 6 });
      expect(seen.map((e) => e.verificationSampleSize)).toEqual([6, 12, 18, 24, 30]);
      expect(seen.at(-1)).toMatchObject({ status: 'PASS', verificationValue: 0, verificationSampleSize: 30, target: 0, comparison: 'AT_MOST' });
      // The baseline is the excursion hour: its out-of-spec violation over its readings.
      expect(demo.effectiveness.baselineValue).toBeGreaterThanOrEqual(1);
      expect(demo.effectiveness.baselineSampleSize).toBeGreaterThanOrEqual(60);
      expect(demo.signatures).toEqual([
        { meaning: 'APPROVED', signerId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', valid: true },
        { meaning: 'VERIFIED', signerId: 'qa.manager', printedName: 'Wang Qiang (QA manager)', valid: true },
      ]);
      expect(lines.join('\n')).toContain(`Closed: ${demo.capaNumber} CLOSED (effectiveness PASS), then ${demo.exceptionNumber} CLOSED.`);
    });

    it('leaves the CAPA, its exception, their lots and signers agreeing with their audit trails once both are closed', () => expectTrailsVerified(graph));

    it('shows the whole record: sources, containment, root cause with its evidence resolved from quality and batch, actions, risk, the kept result', async () => {
      const { capa } = await ok<{ capa: Record<string, unknown> }>('auditor', `query ($n: String!) { capa(number: $n) {
          status type riskBefore { rpn } riskAfter { severity occurrence detection rpn } closedBy closingSummary overdue
          sources { kind exceptionNumber exception { number severity status } }
          exception { number capas { number } }
          containmentSummary
          scope { equipmentCodes parameters lotNumbers }
          rootCause rootCauseCategory
          rootCauseAnalysis { fiveWhys { position evidence { kind violation { rule { code } } reading { value } exception { number } } } causes { key category evidence { kind lot { status } } } rootCause { key } }
          actions { sequence kind status owner completedBy completionEvidence changeRequests { kind reference } }
          effectiveness { status verificationValue verificationSampleSize evaluatedAt metric { kind ruleCode equipmentCode description } }
          history { action actor { id } }
        } }`, { n: demo.capaNumber });
      expect(capa).toMatchObject({
        status: 'CLOSED', type: 'CORRECTIVE', riskBefore: { rpn: 160 }, riskAfter: { severity: 8, occurrence: 2, detection: 3, rpn: 48 }, closedBy: 'qa.manager', overdue: false,
        sources: [{ kind: 'EXCEPTION', exceptionNumber: demo.exceptionNumber, exception: { number: demo.exceptionNumber, severity: 'CRITICAL', status: 'CLOSED' } }],
        exception: { number: demo.exceptionNumber, capas: [{ number: demo.capaNumber }] },
        scope: { equipmentCodes: ['IMM-01'], parameters: ['barrel_temp_zone3'], lotNumbers: ['BRL-2611-015', 'SYR3-2611-0007'] },
        rootCauseCategory: 'MACHINE',
        effectiveness: { status: 'PASS', verificationValue: 0, verificationSampleSize: 30, metric: { kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01' } },
      });
      expect(capa.containmentSummary).toEqual([expect.stringMatching(new RegExp(`^${demo.exceptionNumber} \\(CRITICAL, CLOSED\\): 2 affected lot\\(s\\).*BRL-2611-015 RUNNING REJECTED, SCRAP \\(applied\\)`))]);
      const analysis = capa.rootCauseAnalysis as { fiveWhys: Array<{ evidence: Array<Record<string, unknown>> }>; causes: Array<{ evidence: Array<{ lot: { status: string } | null }> }> };
      expect(analysis.fiveWhys[0].evidence).toEqual([
        { kind: 'VIOLATION', violation: { rule: { code: 'BT3-OOS' } }, reading: null, exception: null },
        { kind: 'READING', violation: null, reading: { value: expect.any(Number) }, exception: null },
      ]);
      expect((analysis.fiveWhys[0].evidence[1].reading as { value: number }).value).toBeGreaterThan(235);
      expect(analysis.fiveWhys[1].evidence).toEqual([{ kind: 'EXCEPTION', violation: null, reading: null, exception: { number: demo.exceptionNumber } }]);
      expect(analysis.causes[0].evidence).toEqual([{ kind: 'LOT', lot: { status: 'REJECTED' } }]);
      expect((capa.actions as Array<Record<string, unknown>>).map((a) => [a.sequence, a.kind, a.status, a.completedBy])).toEqual([
        [1, 'CORRECTION', 'DONE', 'operator'], [2, 'CORRECTIVE', 'DONE', 'qa.engineer'], [3, 'PREVENTIVE', 'DONE', 'qa.manager'],
      ]);
      expect((capa.history as Array<{ action: string; actor: { id: string } }>).map((e) => [e.action, e.actor.id])).toEqual([
        ['OPEN_CAPA', 'qa.engineer'],
        ['RECORD_ROOT_CAUSE_ANALYSIS', 'qa.engineer'],
        ['ADD_CAPA_ACTION', 'qa.engineer'], ['ADD_CAPA_ACTION', 'qa.engineer'], ['ADD_CAPA_ACTION', 'qa.engineer'],
        ['COMPLETE_CAPA_ACTION', 'operator'],
        ['DEFINE_EFFECTIVENESS_CHECK', 'qa.engineer'],
        ['SIGN', 'qa.manager'], ['APPROVE_CAPA_PLAN', 'qa.manager'],
        ['COMPLETE_CAPA_ACTION', 'qa.engineer'], ['START_IMPLEMENTATION', 'qa.engineer'],
        ['COMPLETE_CAPA_ACTION', 'qa.manager'], ['START_EFFECTIVENESS_CHECK', 'qa.manager'],
        ['SIGN', 'qa.manager'], ['CLOSE_CAPA', 'qa.manager'],
      ]);
    });

    it('keeps the closing result as it was: new out-of-spec readings after closing do not change what the CAPA closed on', async () => {
      await ok('integrator', 'mutation ($r: [ReadingInput!]!) { recordReadings(readings: $r) { accepted } }', {
        r: [{ readingId: `AFTER-CLOSE-${demo.capaNumber}`, equipmentCode: 'IMM-01', parameter: 'barrel_temp_zone3', value: '239.5', measuredAt: new Date().toISOString() }],
      });
      const { capa } = await ok<{ capa: { effectiveness: { status: string; verificationSampleSize: number } } }>('qa.engineer', `query ($n: String!) { capa(number: $n) { effectiveness { status verificationSampleSize } } }`, { n: demo.capaNumber });
      expect(capa.effectiveness).toEqual({ status: 'PASS', verificationSampleSize: 30 });
    });

    it('finds the earlier CAPA on the same cause and equipment, and counts the CAPAs in the KPIs', async () => {
      const { similarCapas } = await ok<{ similarCapas: Array<{ capa: { number: string }; score: number; matches: Array<{ kind: string; value: string }>; reason: string }> }>(
        'qa.engineer', `query ($n: String!) { similarCapas(number: $n) { capa { number } score matches { kind value } reason } }`, { n: demo.capaNumber },
      );
      // Category 3, equipment 2, parameter 1, and the barrels' and syringes' materials 2 each.
      expect(similarCapas[0]).toMatchObject({ capa: { number: 'CAPA-2026-0017' }, score: 3 + 2 + 1 + 2 + 2 });
      expect(similarCapas[0].matches).toEqual([
        { kind: 'ROOT_CAUSE_CATEGORY', value: 'MACHINE' }, { kind: 'EQUIPMENT', value: 'IMM-01' }, { kind: 'PARAMETER', value: 'barrel_temp_zone3' },
        { kind: 'MATERIAL', value: 'FG-SYR-3ML' }, { kind: 'MATERIAL', value: 'SA-BRL-3001' },
      ]);
      expect(similarCapas[0].reason).toMatch(
        /^CAPA-2026-0017 \(INVESTIGATING: Thermocouple TC-3.*\) has the same root-cause category \(MACHINE\), the same equipment IMM-01, the same parameter barrel_temp_zone3, the same material FG-SYR-3ML, SA-BRL-3001$/,
      );
      const { capaKpis } = await ok<{ capaKpis: Record<string, unknown> }>('qa.manager', '{ capaKpis { opened open closed cancelled meanDaysToClose firstTimeEffectiveRate } }');
      expect(capaKpis).toMatchObject({ closed: 1, firstTimeEffectiveRate: 1 });
      expect(capaKpis.opened).toBe((capaKpis.open as number) + 1 + (capaKpis.cancelled as number));
      expect(capaKpis.meanDaysToClose).toBeLessThan(0.01);
    });
  });

  describe("the closed CAPA's report and the batch record, for inspectors", () => {
    const report = async (path: string, user = 'auditor') => {
      const response = await fetch(`${graph.base}${path}`, { headers: { authorization: `Bearer ${graph.tokenFor(user)}` } });
      const body = Buffer.from(await response.arrayBuffer());
      return { status: response.status, type: response.headers.get('content-type'), body, text: body.toString('utf8') };
    };

    it('renders the CAPA report as HTML and PDF, in English and Chinese, with its root cause, effectiveness numbers and signatures', async () => {
      const html = await report(`/reports/capa/${demo.capaNumber}`);
      expect(html).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
      for (const fact of [demo.capaNumber, demo.exceptionNumber, 'Zone 3 heater band relay on IMM-01 failed closed', 'Why did zone 3 overheat?', 'Effectiveness check', 'Wang Qiang (QA manager)', 'WO-IMM01-ZONE3']) {
        expect(html.text).toContain(fact);
      }
      expect(html.text).toMatch(/<svg[^>]*>/);
      const zh = await report(`/reports/capa/${demo.capaNumber}?lang=zh-CN`);
      expect(zh.text).toContain('CAPA 报告（纠正预防措施）');
      for (const lang of ['en', 'zh-CN']) {
        const pdf = await report(`/reports/capa/${demo.capaNumber}?format=pdf&lang=${lang}`);
        expect({ status: pdf.status, type: pdf.type }).toEqual({ status: 200, type: 'application/pdf' });
        const { text } = await pdfText(pdf.body);
        const flat = text.replace(/\s+/g, '');
        for (const fact of [demo.capaNumber, 'SSR-FAILED', 'BT3-OOS', 'WangQiang(QAmanager)', ...(lang === 'zh-CN' ? ['CAPA报告（纠正预防措施）'] : ['CAPAreport'])]) expect(flat).toContain(fact);
        expect(charactersWithoutGlyph(text)).toEqual([]);
      }
    });

    it("renders the running lot's batch record with its exception and CAPA, as HTML and PDF", async () => {
      const html = await report('/reports/lot/BRL-2611-015');
      expect(html.status).toBe(200);
      for (const fact of ['BRL-2611-015', demo.exceptionNumber, demo.capaNumber, 'Scrap']) expect(html.text).toContain(fact);
      const pdf = await report('/reports/lot/BRL-2611-015?format=pdf&lang=zh-CN');
      expect(pdf.status).toBe(200);
      const flat = (await pdfText(pdf.body)).text.replace(/\s+/g, '');
      for (const fact of ['BRL-2611-015', demo.exceptionNumber, demo.capaNumber]) expect(flat).toContain(fact);
    });

    it('names an unknown CAPA (404) and refuses an integration, which may not read CAPAs (403)', async () => {
      const unknown = await report('/reports/capa/CAPA-1999-0001');
      expect(unknown.status).toBe(404);
      expect(JSON.parse(unknown.text).errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      expect((await report(`/reports/capa/${demo.capaNumber}`, 'integrator')).status).toBe(403);
    });
  });

  describe('effectiveness with still-bad readings', () => {
    let number: string;
    let exceptionNumber: string;
    const reading = (id: string, value: number, measuredAt: string) => ({ readingId: id, equipmentCode: 'IMM-02', parameter: 'barrel_temp_zone3', value: String(value), measuredAt });
    const record = (readings: unknown[]) => ok('integrator', 'mutation ($r: [ReadingInput!]!) { recordReadings(readings: $r) { accepted } }', { r: readings });
    const effectiveness = async () =>
      (await ok<{ capa: { status: string; effectiveness: { status: string; verificationValue: number | null; verificationSampleSize: number | null; detail: string } } }>(
        'qa.engineer', `query ($n: String!) { capa(number: $n) { status effectiveness { status verificationValue verificationSampleSize detail } } }`, { n: number },
      )).capa;

    beforeAll(async () => {
      await ok('qa.engineer', `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-02", parameter: "barrel_temp_zone3", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`);
      // Before the change: two of ten readings above the 235 °C USL.
      await record([228, 229, 236.5, 228.4, 227.9, 237.2, 228.1, 228.6, 227.7, 228.2].map((v, i) => reading(`IMM02-BASE-${i}`, v, hoursAgo(3 - i * 0.1))));
      exceptionNumber = (await ok<{ reportException: { number: string } }>('operator', `mutation { reportException(input: { title: "IMM-02 zone 3 spikes", severity: MINOR, parameter: "barrel_temp_zone3" }) { number } }`)).reportException.number;
      number = (await ok<{ openCapa: { number: string } }>('qa.engineer', `mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }`, {
        input: { exceptionNumber, title: 'IMM-02 zone 3 spikes', problemStatement: 'Zone 3 of IMM-02 spikes above the USL', riskBefore: { severity: 6, occurrence: 4, detection: 3 }, dueOn: day(30) },
      })).openCapa.number;
      await ok('qa.engineer', `mutation ($input: RootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { status } }`, {
        input: { capaNumber: number, fiveWhys: [{ question: 'Why the spikes?', answer: 'Loose heater band clamp' }], causes: [{ key: 'CLAMP', category: 'MACHINE', description: 'Loose clamp' }], rootCauseKey: 'CLAMP', justification: 'Found loose' },
      });
      await ok('qa.engineer', `mutation ($input: CapaActionInput!) { addCapaAction(input: $input) { sequence } }`, {
        input: { capaNumber: number, kind: 'CORRECTIVE', description: 'Tighten and torque-mark the clamps', owner: 'qa.engineer', dueOn: day(7) },
      });
      await ok('qa.engineer', `mutation ($input: EffectivenessCheckInput!) { defineEffectivenessCheck(input: $input) { status } }`, {
        input: { capaNumber: number, metric: { kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-02' }, baselineFrom: hoursAgo(4), baselineTo: new Date().toISOString(),
          verificationTo: new Date(Date.now() + 86_400_000).toISOString(), comparison: 'AT_MOST', target: 0, minSamples: 5 },
      });
    });

    it('is PENDING until the plan is approved and while too few readings are in, and FAILs at the first out-of-spec reading; closing is refused', async () => {
      expect((await effectiveness()).effectiveness).toMatchObject({ status: 'PENDING', detail: 'verification starts when every action is done' });
      const { capa } = await ok<{ capa: { planContentHash: string } }>('qa.manager', `query ($n: String!) { capa(number: $n) { planContentHash } }`, { n: number });
      await ok('qa.manager', `mutation ($n: String!, $s: SignatureInput!) { approveCapaPlan(number: $n, signature: $s) { status } }`, {
        n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: capa.planContentHash },
      });
      await ok('qa.engineer', `mutation ($n: String!) { completeCapaAction(input: { capaNumber: $n, sequence: 1, evidence: "Clamps torqued to 4 N·m" }) { status } }`, { n: number });
      const at = Date.now();
      await record([228.1, 228.3, 227.8].map((v, i) => reading(`IMM02-AFTER-${i}`, v, new Date(at - 3 + i).toISOString())));
      expect(await effectiveness()).toMatchObject({ status: 'EFFECTIVENESS_CHECK', effectiveness: { status: 'PENDING', verificationValue: 0, verificationSampleSize: 3 } });
      await record([reading('IMM02-AFTER-BAD', 236.4, new Date().toISOString())]);
      const failed = await effectiveness();
      expect(failed.effectiveness).toMatchObject({ status: 'FAIL', verificationValue: 1, verificationSampleSize: 4 });
      expect(failed.effectiveness.detail).toMatch(/already exceeds the target \(at most 0\)/);

      const before = await capaEntries();
      const input = { number, riskAfter: { severity: 6, occurrence: 2, detection: 3 }, summary: 'Try to close' };
      const noHash = await as('qa.manager', 'query ($i: CloseCapaInput!) { capaClosureContentHash(input: $i) }', { i: input });
      const refused = await as('qa.manager', 'mutation ($i: CloseCapaInput!, $s: SignatureInput!) { closeCapa(input: $i, signature: $s) { status } }', {
        i: input, s: { password: DEMO_PASSWORD, meaning: 'VERIFIED', contentHash: 'f'.repeat(64) },
      });
      for (const response of [noHash, refused]) {
        expect(response.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'effectiveness' } });
        expect(response.errors![0].message).toMatch(new RegExp(`^Capa ${number}\\.effectiveness: a CAPA is closed only when its effectiveness check PASSes; it is FAIL: 1 over 4 sample`));
      }
      expect((await effectiveness()).status).toBe('EFFECTIVENESS_CHECK');
      expect(await capaEntries()).toBe(before);
    });

    it('goes back to investigation after the FAIL, keeping the failed result, and needs a new check before the plan is approved again', async () => {
      await ok('qa.engineer', `mutation ($input: RootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { status } }`, {
        input: { capaNumber: number, fiveWhys: [{ question: 'Why again?', answer: 'The band itself is warped' }], causes: [{ key: 'BAND', category: 'MACHINE', description: 'Warped heater band' }], rootCauseKey: 'BAND', justification: 'Spikes went on with tight clamps' },
      });
      const { capa } = await ok<{ capa: Record<string, unknown> & { planContentHash: string } }>('qa.manager', `query ($n: String!) { capa(number: $n) {
        status planContentHash planApprovedBy rootCause rootCauseAnalyses { version } effectivenessChecks { version status verificationValue } signatures { meaning valid } } }`, { n: number });
      expect(capa).toMatchObject({
        status: 'INVESTIGATING', planApprovedBy: null, rootCause: 'Warped heater band', rootCauseAnalyses: [{ version: 1 }, { version: 2 }],
        effectivenessChecks: [{ version: 1, status: 'FAIL', verificationValue: 1 }],
        // The first plan's approval stays, shown as no longer valid: the plan it signed has changed.
        signatures: [{ meaning: 'APPROVED', valid: false }],
      });
      const again = await as('qa.manager', `mutation ($n: String!, $s: SignatureInput!) { approveCapaPlan(number: $n, signature: $s) { status } }`, {
        n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: capa.planContentHash },
      });
      expect(again.errors![0].message).toBe(`Capa ${number}.actions: the plan cannot be approved yet: a CORRECTIVE CAPA's plan needs a CORRECTIVE action still to carry out`);
      await ok('qa.engineer', `mutation ($input: CapaActionInput!) { addCapaAction(input: $input) { sequence } }`, {
        input: { capaNumber: number, kind: 'CORRECTIVE', description: 'Replace the warped band', owner: 'qa.engineer', dueOn: day(7) },
      });
      const approve = async () => {
        const { capa: now } = await ok<{ capa: { planContentHash: string } }>('qa.manager', `query ($n: String!) { capa(number: $n) { planContentHash } }`, { n: number });
        return as<{ approveCapaPlan: { status: string } }>('qa.manager', `mutation ($n: String!, $s: SignatureInput!) { approveCapaPlan(number: $n, signature: $s) { status } }`, {
          n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: now.planContentHash },
        });
      };
      expect((await approve()).errors![0].message).toBe(`Capa ${number}.effectiveness: the plan cannot be approved yet: effectiveness check v1 already FAILed; define a new one for the revised plan`);
      await ok('qa.engineer', `mutation ($input: EffectivenessCheckInput!) { defineEffectivenessCheck(input: $input) { status } }`, {
        input: { capaNumber: number, metric: { kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-02' }, baselineFrom: hoursAgo(4), baselineTo: new Date().toISOString(),
          verificationTo: new Date(Date.now() + 86_400_000).toISOString(), comparison: 'AT_MOST', target: 0, minSamples: 5 },
      });
      expect((await approve()).data).toEqual({ approveCapaPlan: { status: 'PLAN_APPROVED' } });
      const { capa: approved } = await ok<{ capa: { effectivenessChecks: Array<{ version: number; status: string }>; signatures: Array<{ valid: boolean }> } }>(
        'qa.manager', `query ($n: String!) { capa(number: $n) { effectivenessChecks { version status } signatures { valid } } }`, { n: number },
      );
      expect(approved).toEqual({ effectivenessChecks: [{ version: 1, status: 'FAIL' }, { version: 2, status: 'PENDING' }], signatures: [{ valid: false }, { valid: true }] });
    });
  });

  describe('bad input: a clear error naming the record and field, and nothing changes', () => {
    let number: string;

    beforeAll(async () => {
      number = (await ok<{ openCapa: { number: string } }>('qa.engineer', `mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }`, {
        input: { sources: [{ kind: 'CUSTOMER_COMPLAINT', reference: 'CC-2026-113', description: 'Plunger sticks in syringes of SYR3-2611-0008' }], title: 'Sticking plungers', problemStatement: 'Plunger break-loose force high', riskBefore: { severity: 5, occurrence: 3, detection: 4 }, dueOn: day(20) },
      })).openCapa.number;
    });

    const refuse = async (user: string, query: string, variables: Record<string, unknown>, message: string | RegExp) => {
      const before = await capaEntries();
      const response = await as(user, query, variables);
      expect(response.errors?.[0].message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
      expect(await capaEntries()).toBe(before);
      return response.errors![0];
    };
    const RCA = `mutation ($input: RootCauseAnalysisInput!) { recordRootCauseAnalysis(input: $input) { status } }`;
    const ACTION = `mutation ($input: CapaActionInput!) { addCapaAction(input: $input) { sequence } }`;
    const CHECK = `mutation ($input: EffectivenessCheckInput!) { defineEffectivenessCheck(input: $input) { status } }`;
    const check = (metric: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
      input: { capaNumber: number, metric, baselineFrom: hoursAgo(48), baselineTo: hoursAgo(1), verificationTo: new Date(Date.now() + 86_400_000).toISOString(), comparison: 'AT_MOST', target: 0, ...more },
    });

    it('refuses an unknown exception, a source without its reference, and a risk out of 1-10', async () => {
      const open = `mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }`;
      const base = { title: 'x', problemStatement: 'y', riskBefore: { severity: 5, occurrence: 5, detection: 5 }, dueOn: day(5) };
      await refuse('qa.engineer', open, { input: { ...base, exceptionNumber: 'EX-1999-0001' } }, 'Capa.exceptionNumber: exception EX-1999-0001 does not exist');
      await refuse('qa.engineer', open, { input: { ...base, sources: [{ kind: 'AUDIT_FINDING', description: 'z' }] } }, 'Capa.sources[0].reference: required (empty)');
      await refuse('qa.engineer', open, { input: { ...base, exceptionNumber: 'EX-2026-0041', riskBefore: { severity: 11, occurrence: 5, detection: 5 } } }, 'Capa.riskBefore.severity: must be a whole number from 1 to 10, not 11');
    });

    it('refuses evidence ids that name nothing, naming where they were given', async () => {
      await refuse('qa.engineer', RCA, {
        input: { capaNumber: number, fiveWhys: [{ question: 'Why?', answer: 'Because', evidence: [{ kind: 'LOT', id: 'SYR3-2611-0008' }] }],
          causes: [{ key: 'GSK', category: 'MATERIAL', description: 'Gasket lot', evidence: [{ kind: 'INSPECTION', id: '00000000-0000-4000-8000-000000000001' }] }], rootCauseKey: 'GSK', justification: 'j' },
      }, `Capa ${number}.causes[0].evidence[0]: INSPECTION 00000000-0000-4000-8000-000000000001 does not exist (give its id as the graph shows it)`);
      await refuse('qa.engineer', RCA, {
        input: { capaNumber: number, fiveWhys: [{ question: 'Why?', answer: 'Because', evidence: [{ kind: 'LOT', id: 'NO-SUCH-LOT' }] }], causes: [{ key: 'A', category: 'MAN', description: 'a' }], rootCauseKey: 'A', justification: 'j' },
      }, `Capa ${number}.fiveWhys[0].evidence[0]: LOT NO-SUCH-LOT does not exist`);
      await refuse('qa.engineer', RCA, {
        input: { capaNumber: number, fiveWhys: [{ question: 'Why?', answer: 'Because' }], causes: [{ key: 'A', category: 'MAN', description: 'a' }], rootCauseKey: 'B', justification: 'j' },
      }, `Capa ${number}.rootCauseKey: B is none of the fishbone's causes (A)`);
    });

    it('refuses an action without an owner or with a due date in the past', async () => {
      await refuse('qa.engineer', ACTION, { input: { capaNumber: number, kind: 'CORRECTIVE', description: 'Do it', owner: ' ', dueOn: day(3) } }, `Capa ${number}.action.owner: required (empty)`);
      await refuse('qa.engineer', ACTION, { input: { capaNumber: number, kind: 'CORRECTIVE', description: 'Do it', owner: 'qa.engineer', dueOn: '2020-01-01' } }, new RegExp(`^Capa ${number}\\.action\\.dueOn: 2020-01-01 is in the past`));
      const missing = await as('qa.engineer', ACTION, { input: { capaNumber: number, kind: 'CORRECTIVE', description: 'Do it', owner: 'qa.engineer' } });
      expect(missing.errors![0].message).toMatch(/dueOn/);
    });

    it('refuses a metric over data that does not exist, and a verification window that ends before the plan can be approved', async () => {
      await refuse('qa.engineer', CHECK, check({ kind: 'VIOLATION_COUNT', ruleCode: 'NO-SUCH-RULE' }), new RegExp(`^Capa ${number}\\.metric: the quality domain cannot measure it: .*NO-SUCH-RULE`));
      await refuse('qa.engineer', CHECK, check({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-99' }), new RegExp(`^Capa ${number}\\.metric: the quality domain cannot measure it: .*IMM-99`));
      await refuse('qa.engineer', CHECK, check({ kind: 'INSPECTION_FAILURE_RATE', testName: 'No such test' }), new RegExp(`^Capa ${number}\\.metric: the quality domain cannot measure it: .*No such test`));
      await refuse('qa.engineer', CHECK, check({ kind: 'CPK', equipmentCode: 'IMM-01' }), `Capa ${number}.metric.parameter: CPK needs parameter`);
      await refuse('qa.engineer', CHECK, check({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01' }, { verificationTo: hoursAgo(0.5) }), new RegExp(`^Capa ${number}\\.verificationTo: the verification window ends after the plan is approved`));
      // Capability comes from the quality domain's processCapability: IMM-02's ten readings before the change, two of them above the USL.
      await ok('qa.engineer', CHECK, check({ kind: 'PPK', equipmentCode: 'IMM-02', parameter: 'barrel_temp_zone3' }, { comparison: 'AT_LEAST', target: 1.33 }));
      const { capa } = await ok<{ capa: { effectiveness: { version: number; status: string; baselineValue: number; baselineSampleSize: number; metric: { description: string } } } }>(
        'qa.engineer', `query ($n: String!) { capa(number: $n) { effectiveness { version status baselineValue baselineSampleSize metric { description } } } }`, { n: number },
      );
      expect(capa.effectiveness).toMatchObject({ version: 1, status: 'PENDING', baselineSampleSize: 10, metric: { description: 'Process performance Ppk of barrel_temp_zone3 on IMM-02' } });
      expect(capa.effectiveness.baselineValue).toBeGreaterThan(0);
      expect(capa.effectiveness.baselineValue).toBeLessThan(1.33);
    });

    it('refuses approving one\'s own plan, and any step out of order', async () => {
      await ok('qa.manager', RCA, { input: { capaNumber: number, fiveWhys: [{ question: 'Why?', answer: 'Gasket too tight' }], causes: [{ key: 'FIT', category: 'MATERIAL', description: 'Gasket interference' }], rootCauseKey: 'FIT', justification: 'Measured' } });
      await ok('qa.manager', ACTION, { input: { capaNumber: number, kind: 'CORRECTIVE', description: 'New gasket tolerance', owner: 'qa.manager', dueOn: day(10) } });
      await ok('qa.manager', CHECK, check({ kind: 'VIOLATION_COUNT', ruleCode: 'BT3-OOS', equipmentCode: 'IMM-01' }));
      const { capa } = await ok<{ capa: { planContentHash: string } }>('qa.manager', `query ($n: String!) { capa(number: $n) { planContentHash } }`, { n: number });
      const approve = `mutation ($n: String!, $s: SignatureInput!) { approveCapaPlan(number: $n, signature: $s) { status } }`;
      const own = await refuse('qa.manager', approve, { n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: capa.planContentHash } },
        `qa.manager wrote part of the plan of ${number} and may not also approve it: the author of a plan and its approver must be different people`);
      expect(own.extensions?.code).toBe('SEPARATION_OF_DUTIES');
      await refuse('qa.manager', `mutation ($n: String!) { completeCapaAction(input: { capaNumber: $n, sequence: 1, evidence: "done" }) { status } }`, { n: number },
        `Capa ${number}.status: it is INVESTIGATING; completing a CORRECTIVE action needs it PLAN_APPROVED or IMPLEMENTING`);
      await refuse('qa.manager', `mutation ($i: CloseCapaInput!, $s: SignatureInput!) { closeCapa(input: $i, signature: $s) { status } }`, {
        i: { number, riskAfter: { severity: 1, occurrence: 1, detection: 1 }, summary: 's' }, s: { password: DEMO_PASSWORD, meaning: 'VERIFIED', contentHash: 'x' },
      }, `Capa ${number}.status: it is INVESTIGATING; closing needs it EFFECTIVENESS_CHECK`);
      const stale = await refuse('qa.lead', approve, { n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: 'f'.repeat(64) } }, /changed since it was shown for signing/);
      expect(stale.extensions?.code).toBe('STALE_CONTENT');
      await ok('qa.lead', approve, { n: number, s: { password: DEMO_PASSWORD, meaning: 'APPROVED', contentHash: capa.planContentHash } });
    });

    it('cancels with a reason, keeps the CAPA, and refuses anything after', async () => {
      const { cancelCapa } = await ok<{ cancelCapa: { status: string; cancelReason: string; cancelledBy: string } }>('qa.manager', `mutation ($n: String!) { cancelCapa(number: $n, reason: "Complaint withdrawn by the customer") { status cancelReason cancelledBy } }`, { n: number });
      expect(cancelCapa).toEqual({ status: 'CANCELLED', cancelReason: 'Complaint withdrawn by the customer', cancelledBy: 'qa.manager' });
      await refuse('qa.manager', `mutation ($n: String!) { cancelCapa(number: $n, reason: "again, otherwise") { status } }`, { n: number }, `Capa ${number}.status: it is CANCELLED; only a CAPA not closed or cancelled is cancelled`);
      await refuse('qa.engineer', ACTION, { input: { capaNumber: number, kind: 'PREVENTIVE', description: 'Later', owner: 'qa.engineer', dueOn: day(3) } }, `Capa ${number}.status: it is CANCELLED; adding an action to the plan needs it OPEN or INVESTIGATING`);
    });
  });

  describe('overdue actions', () => {
    it('are told once, on the notification webhooks, and counted in the KPIs', async () => {
      const receiver = new WebhookReceiver('capa overdue webhook secret');
      const url = await receiver.listen();
      try {
        await ok('qa.manager', 'mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name } }', {
          input: { name: 'capa-overdue', url, secret: receiver.secret, events: ['CAPA_ACTION_OVERDUE'] },
        });
        const number = (await ok<{ openCapa: { number: string } }>('qa.engineer', `mutation ($input: OpenCapaInput!) { openCapa(input: $input) { number } }`, {
          input: { sources: [{ kind: 'AUDIT_FINDING', reference: 'IA-2026-11', description: 'Calibration labels missing' }], title: 'Calibration labels', problemStatement: 'Gauges without labels', riskBefore: { severity: 3, occurrence: 3, detection: 2 }, dueOn: day(20) },
        })).openCapa.number;
        await ok('qa.engineer', `mutation ($input: CapaActionInput!) { addCapaAction(input: $input) { sequence } }`, {
          input: { capaNumber: number, kind: 'CORRECTION', description: 'Label every gauge', owner: 'qc.inspector', dueOn: day(0) },
        });
        const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
        const escalation = (graph.hub.subgraphs.capa as CapaServer).escalation;
        expect(await escalation.runOnce(new Date())).toEqual([]);
        expect(await escalation.runOnce(inTwoDays)).toEqual([`${number}/1`]);
        expect(await escalation.runOnce(inTwoDays)).toEqual([]);
        await graph.settle();
        for (let i = 0; i < 100 && !receiver.received.some((w) => w.event === 'capa.action-overdue'); i++) {
          await graph.settle();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const told = receiver.received.filter((w) => w.event === 'capa.action-overdue');
        expect(told).toHaveLength(1);
        expect(told[0]).toMatchObject({ signatureValid: true, body: { capa: { number, action: { sequence: 1, owner: 'qc.inspector' } } } });
        const { capaKpis } = await ok<{ capaKpis: { overdueActions: number } }>('qa.manager', 'query ($at: DateTime) { capaKpis(filter: { asOf: $at }) { overdueActions } }', { at: inTwoDays.toISOString() });
        expect(capaKpis.overdueActions).toBeGreaterThanOrEqual(1);
        const { capa } = await ok<{ capa: { history: Array<{ action: string; actor: { id: string } }> } }>('auditor', 'query ($n: String!) { capa(number: $n) { history { action actor { id } } } }', { n: number });
        expect(capa.history.at(-1)).toEqual({ action: 'ACTION_OVERDUE', actor: { id: 'capa.notifier' } });
      } finally {
        await receiver.close();
      }
    });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
