import { AuditTrail, Outbox, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer, seedQualityDemo } from '../src/server';

type Reported = { reportException: { number: string; status: string; severity: string; detectedAt: string; dueAt: string; reportedBy: string; containment: unknown[] } };

const REPORT = `mutation ($input: ReportExceptionInput!) {
  reportException(input: $input) { id number status severity detectedAt dueAt reportedBy productionOrderNumber containment { lotNumber } }
}`;
const OPERATOR = { id: 'operator', name: 'Li Na', roles: ['OPERATOR' as const] };

describe('reporting an exception by hand', () => {
  let running: RunningSubgraph;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer, seed: seedQualityDemo });
  });

  afterAll(() => running.stop());

  it('records it OPEN with the next number of its year, due by its severity, audited', async () => {
    const detectedAt = '2026-11-20T08:00:00.000Z';
    const response = await querySubgraph<Reported & { reportException: { id: string } }>(
      running.server,
      REPORT,
      { input: { title: ' Short shots on cavity 3 ', severity: 'CRITICAL', parameter: 'fill', productionOrderNumber: 'PO-2611-001', detectedAt } },
      OPERATOR,
    );
    expect(response.errors).toBeUndefined();
    const reported = response.data!.reportException;
    // The demo plant holds EX-2026-0041 and EX-2026-0042.
    expect(reported).toMatchObject({ number: 'EX-2026-0043', status: 'OPEN', severity: 'CRITICAL', detectedAt, dueAt: '2026-11-21T08:00:00.000Z', reportedBy: 'operator', containment: [] });
    const second = await querySubgraph<Reported>(running.server, REPORT, { input: { title: 'Scratches', severity: 'MINOR', detectedAt } }, OPERATOR);
    expect(second.data!.reportException).toMatchObject({ number: 'EX-2026-0044', dueAt: '2026-11-27T08:00:00.000Z' });

    const [entry] = await new AuditTrail(running.database.dataSource, 'quality').entriesFor('QualityException', reported.number);
    expect(entry).toMatchObject({ action: 'REPORT_EXCEPTION', actorId: 'operator' });
    expect(entry.changes).toMatchObject({ exceptionNumber: { new: 'EX-2026-0043' }, title: { new: 'Short shots on cavity 3' }, status: { new: 'OPEN' }, orderNumber: { new: 'PO-2611-001' } });
  });

  it('refuses a blank title or a future detection time, and records nothing', async () => {
    const before = await new Outbox(running.database.dataSource, 'quality').countUndelivered();
    const blank = await querySubgraph(running.server, REPORT, { input: { title: '  ', severity: 'MAJOR' } }, OPERATOR);
    expect(blank.errors![0]).toMatchObject({ message: 'QualityException.title: a title is required to report an exception', extensions: { code: 'BAD_USER_INPUT' } });
    const future = await querySubgraph(running.server, REPORT, { input: { title: 'x', severity: 'MAJOR', detectedAt: '2099-01-01T00:00:00Z' } }, OPERATOR);
    expect(future.errors![0].message).toMatch(/^QualityException.detectedAt: 2099-01-01T00:00:00.000Z is in the future/);
    expect(await new Outbox(running.database.dataSource, 'quality').countUndelivered()).toBe(before);
  });

  it('refuses a lot it cannot look up in the batch domain before recording anything', async () => {
    const response = await querySubgraph(running.server, REPORT, { input: { title: 'Flash', severity: 'MAJOR', lots: [{ lotNumber: 'BRL-2611-015' }] } }, OPERATOR);
    expect(response.errors![0].extensions).toMatchObject({ code: 'LOT_LOOKUP_UNAVAILABLE', lotNumber: 'BRL-2611-015' });
    const exceptions = await querySubgraph<{ exceptions: { totalCount: number } }>(running.server, '{ exceptions(filter: { severity: [MAJOR] }) { totalCount } }', {}, OPERATOR);
    expect(exceptions.data!.exceptions.totalCount).toBe(1); // EX-2026-0041 only
  });

  it('is refused to AUDITOR', async () => {
    const response = await querySubgraph(running.server, REPORT, { input: { title: 'x', severity: 'MINOR' } }, { id: 'auditor', name: 'Eva', roles: ['AUDITOR'] });
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
