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

  it('answers a retry under the same idempotency key with the exception first recorded, and changes nothing', async () => {
    const input = { idempotencyKey: 'MES-DEV-7731', title: 'Sink marks on cavity 5', severity: 'MINOR', parameter: 'pack', detectedAt: '2026-11-20T09:00:00.000Z' };
    const trail = new AuditTrail(running.database.dataSource, 'quality');
    const outbox = new Outbox(running.database.dataSource, 'quality');
    const minorCount = async () =>
      (await querySubgraph<{ exceptions: { totalCount: number } }>(running.server, '{ exceptions(filter: { severity: [MINOR] }) { totalCount } }', {}, OPERATOR)).data!.exceptions.totalCount;
    const before = await minorCount();
    // Sent twice at once (a client that timed out and retried at once), then again later.
    const [first, second] = await Promise.all([1, 2].map(() => querySubgraph<Reported>(running.server, REPORT, { input }, OPERATOR)));
    expect([first.errors, second.errors]).toEqual([undefined, undefined]);
    const number = first.data!.reportException.number;
    expect(second.data!.reportException.number).toBe(number);
    const undelivered = await outbox.countUndelivered();
    const retried = await querySubgraph<Reported>(running.server, REPORT, { input: { ...input, title: ' Sink marks on cavity 5 ' } }, OPERATOR);
    expect(retried.data!.reportException).toMatchObject({ number, detectedAt: input.detectedAt });
    expect(await trail.entriesFor('QualityException', number)).toHaveLength(1);
    expect((await trail.entriesFor('QualityException', number))[0].changes).toMatchObject({ idempotencyKey: { new: 'MES-DEV-7731' } });
    expect(await outbox.countUndelivered()).toBe(undelivered);
    expect(await minorCount()).toBe(before + 1);
  });

  it('refuses the same idempotency key with other content, or from another user, naming what differs', async () => {
    const input = { idempotencyKey: 'MES-DEV-7732', title: 'Flash on parting line', severity: 'MINOR' };
    const number = (await querySubgraph<Reported>(running.server, REPORT, { input }, OPERATOR)).data!.reportException.number;
    const other = await querySubgraph(running.server, REPORT, { input: { ...input, severity: 'MAJOR', description: 'worse than thought' } }, OPERATOR);
    expect(other.errors![0]).toMatchObject({
      message: `QualityException.description: MES-DEV-7732 is the key of ${number}, reported with another description, severity; one key names one report (send a new key for a new report)`,
      extensions: { code: 'BAD_USER_INPUT', field: 'description' },
    });
    const byOther = await querySubgraph(running.server, REPORT, { input }, { id: 'qc.inspector', name: 'Wang Fang', roles: ['QC_INSPECTOR'] });
    expect(byOther.errors![0]).toMatchObject({ message: `QualityException.idempotencyKey: MES-DEV-7732 is the key operator reported ${number} under; one key names one report of one person` });
    expect(await new AuditTrail(running.database.dataSource, 'quality').entriesFor('QualityException', number)).toHaveLength(1);
    const blank = await querySubgraph(running.server, REPORT, { input: { ...input, idempotencyKey: ' ' } }, OPERATOR);
    expect(blank.errors![0].message).toBe('QualityException.idempotencyKey: must not be blank: leave it out instead');
  });

  it('is refused to AUDITOR', async () => {
    const response = await querySubgraph(running.server, REPORT, { input: { title: 'x', severity: 'MINOR' } }, { id: 'auditor', name: 'Eva', roles: ['AUDITOR'] });
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
