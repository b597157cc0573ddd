import { Outbox, OutboxDispatcher, createGraphClient, type SubgraphServer } from '@lotgraph/server';
import { createBatchServer } from '@lotgraph/batch';
import { createHoldLotDelivery, type QualityServer } from '@lotgraph/quality';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

interface Containment {
  lotNumber: string;
  heldAt: string | null;
  attempts: number;
  lastError: string | null;
}
interface ExceptionView {
  number: string;
  status: string;
  containment: Containment[];
  history: Array<{ action: string; actor: { id: string } }>;
}

const REPORT = `mutation ($input: ReportExceptionInput!) { reportException(input: $input) { number status dueAt severity } }`;
const EXCEPTION = `query ($number: String!) { exception(number: $number) {
  number status containment { lotNumber heldAt attempts lastError } history { action actor { id } } } }`;
const LOT = `query ($lot: String!) { lot(lotNumber: $lot) { status statusHistory { to exceptionNumber changedBy } } }`;

describe('containment: an exception holds its lots through the outbox', () => {
  let graph: TestGraph;
  let quality: QualityServer;

  const report = async (title: string, lots: string[]) => {
    const response = await graph.query<{ reportException: { number: string; status: string } }>(REPORT, {
      variables: { input: { title, severity: 'CRITICAL', lots: lots.map((lotNumber) => ({ lotNumber })) } },
      token: graph.tokenFor('operator'),
    });
    expect(response.errors).toBeUndefined();
    return response.data!.reportException.number;
  };
  const exception = async (number: string) => (await graph.query<{ exception: ExceptionView }>(EXCEPTION, { variables: { number } })).data!.exception;
  const lot = async (lotNumber: string) =>
    (await graph.query<{ lot: { status: string; statusHistory: Array<{ to: string; exceptionNumber: string | null; changedBy: string }> } }>(LOT, { variables: { lot: lotNumber } })).data!.lot;
  /** The hold changes a lot went through for this exception. */
  const holdsFor = async (lotNumber: string, number: string) => (await lot(lotNumber)).statusHistory.filter((change) => change.exceptionNumber === number);
  const untilContained = async (number: string) => {
    for (let i = 0; i < 200; i++) {
      const view = await exception(number);
      if (view.status === 'CONTAINED') return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return exception(number);
  };

  beforeAll(async () => {
    graph = await startTestGraph();
    quality = graph.hub.subgraphs.quality as QualityServer;
  });

  afterAll(() => graph.stop());

  it('holds every lot named, as the quality.containment system user, then marks the exception CONTAINED', async () => {
    const number = await report('Barrel zone 2 over temperature', ['RPP-2611-001', 'GSK-2611-002']);
    const contained = await untilContained(number);
    expect(contained.status).toBe('CONTAINED');
    expect(contained.containment).toEqual([
      { lotNumber: 'RPP-2611-001', heldAt: expect.any(String), attempts: 1, lastError: null },
      { lotNumber: 'GSK-2611-002', heldAt: expect.any(String), attempts: 1, lastError: null },
    ]);
    expect(contained.history.map((entry) => [entry.action, entry.actor.id])).toEqual([
      ['REPORT_EXCEPTION', 'operator'],
      ['CONTAIN', 'quality.containment'],
    ]);
    for (const lotNumber of ['RPP-2611-001', 'GSK-2611-002']) {
      expect((await lot(lotNumber)).status).toBe('ON_HOLD');
      expect(await holdsFor(lotNumber, number)).toEqual([{ to: 'ON_HOLD', exceptionNumber: number, changedBy: 'quality.containment' }]);
    }
  });

  it('killing delivery midway loses no hold: after the restart every lot is ON_HOLD, each changed once', async () => {
    await quality.containment!.stop();
    const lots = ['RPE-2611-001', 'GSK-2611-001', 'PLG-2611-010'];
    const number = await report('Wrong resin loaded', lots);
    expect((await exception(number)).containment.map((c) => c.heldAt)).toEqual([null, null, null]);

    // A dispatcher that dies after batch held the second lot but before that delivery was marked.
    const real = createHoldLotDelivery(graph.hub.databases.quality!, createGraphClient({ gatewayUrl: () => graph.hub.url }), graph.config.jwtSecret);
    let calls = 0;
    const dying = new OutboxDispatcher(new Outbox(graph.hub.databases.quality!.dataSource, 'quality'), {
      deliver: async (message) => {
        calls += 1;
        if (calls > 2) throw new Error('process killed');
        await real.deliver(message);
        if (calls === 2) throw new Error('process killed after the hold, before it was marked');
      },
      delivered: (manager, message) => real.delivered(manager, message),
    });
    await dying.runOnce();
    const afterCrash = await exception(number);
    expect(afterCrash.status).toBe('OPEN');
    expect(afterCrash.containment.map((c) => c.heldAt !== null)).toEqual([true, false, false]);
    expect((await Promise.all(lots.map(lot))).map((l) => l.status)).toEqual(['ON_HOLD', 'ON_HOLD', 'RELEASED']);

    quality.containment!.start(); // the quality subgraph's dispatcher, back after the restart
    const contained = await untilContained(number);
    expect(contained.status).toBe('CONTAINED');
    expect(contained.containment.map((c) => [c.lotNumber, c.heldAt !== null, c.lastError])).toEqual(lots.map((l) => [l, true, null]));
    for (const lotNumber of lots) {
      expect((await lot(lotNumber)).status).toBe('ON_HOLD');
      expect(await holdsFor(lotNumber, number)).toHaveLength(1);
    }
  });

  it('keeps retrying while batch is down, with the attempts and the error shown, and holds once batch is back', async () => {
    await quality.containment!.stop();
    const number = await report('Seal leak on final test', ['SYR5-2611-0003']);
    const batch = graph.hub.subgraphs.batch!;
    const port = Number(new URL(batch.url!).port);
    await batch.stop();

    await quality.containment!.runOnce();
    const waiting = await exception(number);
    expect(waiting.status).toBe('OPEN');
    expect(waiting.containment).toEqual([{ lotNumber: 'SYR5-2611-0003', heldAt: null, attempts: 1, lastError: expect.stringMatching(/^holdLot SYR5-2611-0003: .+/) }]);

    const restarted: SubgraphServer = await createBatchServer({
      database: graph.hub.databases.batch!,
      gatewaySecret: graph.config.gatewaySecret,
      gatewayUrl: () => graph.hub.url,
      tokens: { secret: graph.config.jwtSecret, ttl: graph.config.tokenTtl },
    });
    await restarted.listen(port, '127.0.0.1');
    graph.hub.subgraphs.batch = restarted;
    quality.containment!.start();
    const contained = await untilContained(number);
    expect(contained.status).toBe('CONTAINED');
    expect(contained.containment).toEqual([{ lotNumber: 'SYR5-2611-0003', heldAt: expect.any(String), attempts: 2, lastError: null }]);
    expect(await holdsFor('SYR5-2611-0003', number)).toHaveLength(1);
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
