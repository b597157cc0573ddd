import { DEMO_PASSWORD } from '@lotgraph/compliance';
import { runDemoExcursion, type ExcursionResult } from '../src/demo/demo-excursion';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

describe('npx lotgraph demo excursion: the whole loop through the gateway', () => {
  let graph: TestGraph;
  let first: ExcursionResult;
  const lines: string[] = [];

  beforeAll(async () => {
    graph = await startTestGraph();
    first = await runDemoExcursion({ url: graph.hub.url, password: DEMO_PASSWORD, log: (line) => lines.push(line), pauseMs: 0 });
  });

  afterAll(() => graph.stop());

  it('raises one CRITICAL exception for the excursion, with the running lot and the shipped lot made from it, all on hold', () => {
    // Raised on the first signal (the 3-sigma rule sees the drift before the USL is crossed); the out-of-spec
    // readings then join it and grade it up to CRITICAL.
    expect(first.exception).toMatchObject({ severity: 'CRITICAL', status: 'CONTAINED', title: 'BT3-3SIGMA: barrel_temp_zone3 on IMM-01' });
    expect(first.exception.affectedLots.map((a) => [a.lot.lotNumber, a.role, a.lot.status]).sort()).toEqual([
      ['BRL-2611-015', 'RUNNING', 'ON_HOLD'],
      ['SYR3-2611-0007', 'DOWNSTREAM', 'ON_HOLD'],
    ]);
    // The out-of-spec readings, the 3-sigma signal and the drift are one cause: one exception groups their violations.
    expect(new Set(first.exception.violations.map((v) => v.rule.code))).toEqual(new Set(['BT3-OOS', 'BT3-3SIGMA']));
    expect(first.exception.impactSummary).toContain('reached 2 customer(s)');
    expect(first.joined).toBe(false);
    expect(first.detectionToHoldMs).toBeGreaterThan(0);
  });

  it('delivers the exception to the webhook with a valid HMAC signature', () => {
    expect(first.webhook).toMatchObject({ event: 'exception.created', signatureValid: true });
    expect((first.webhook!.body.exception as { number: string }).number).toBe(first.exception.number);
  });

  it('updates the KPIs: one more open exception on IMM-01, contained within the run', () => {
    expect(first.kpisBefore).toBeNull();
    expect(first.kpisAfter).toMatchObject({ group: 'IMM-01', exceptions: 1, open: 1 });
    expect(first.kpisAfter!.meanHoursToContain).toBeLessThan(1);
  });

  it('tells the story on the console, and a second run joins the open exception instead of raising another', async () => {
    expect(lines.join('\n')).toContain(`Exception ${first.exception.number} CRITICAL CONTAINED`);
    expect(lines.join('\n')).toMatch(/webhook: exception\.created delivery \S+, signature valid/);
    const again = await runDemoExcursion({ url: graph.hub.url, password: DEMO_PASSWORD, log: () => undefined, pauseMs: 0 });
    expect(again.exception.number).toBe(first.exception.number);
    expect(again.joined).toBe(true);
    expect(again.kpisAfter).toMatchObject({ exceptions: 1 });
    const webhooks = await graph.query<{ webhooks: Array<{ name: string; enabled: boolean }> }>('{ webhooks { name enabled } }');
    expect(webhooks.data!.webhooks).toContainEqual({ name: 'demo-excursion', enabled: false });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
