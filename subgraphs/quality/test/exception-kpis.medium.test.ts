import { randomUUID } from 'node:crypto';
import { createTestDatabase, type SubgraphDatabase, type TestDatabase } from '@lotgraph/server';
import { createQualityDatabase, QualityExceptionRepository } from '../src/server';
import type { ExceptionStatus, Severity } from '../src/exception/quality-exception.entity';
import { ExceptionKpiRepository } from '../src/kpi/exception-kpi.repository';
import { ExceptionKpiService } from '../src/kpi/exception-kpi.service';

const at = (iso: string) => new Date(iso);
const hoursAfter = (start: string, hours: number) => new Date(Date.parse(start) + hours * 3_600_000);

describe('exception KPIs against a real database', () => {
  let testDb: TestDatabase;
  let database: SubgraphDatabase;
  let kpis: ExceptionKpiService;
  let sequence = 0;

  /** An exception as the workflow leaves it at a given step, with its lots' dispositions. */
  const exception = async (e: {
    severity: Severity; status: ExceptionStatus; detectedAt: string; equipment: string; line?: string; due?: number;
    contained?: number; acknowledged?: number; dispositioned?: number; verified?: number; closed?: number; decisions?: string[]; lots?: number;
  }) => {
    const exceptions = new QualityExceptionRepository(database.dataSource);
    sequence += 1;
    const saved = await exceptions.save({
      number: `EX-2026-8${String(sequence).padStart(3, '0')}`, title: `KPI fixture ${sequence}`, description: 'what happened', severity: e.severity, status: e.status,
      detectedAt: at(e.detectedAt), dueAt: hoursAfter(e.detectedAt, e.due ?? 24), equipmentId: null, equipmentCode: e.equipment, parameter: 'barrel_temp_zone3',
      productionOrderNumber: null, reportedBy: null, templateCode: e.line ?? 'BUILT-IN', templateVersion: 0,
      containedAt: e.contained === undefined ? null : hoursAfter(e.detectedAt, e.contained),
      acknowledgedAt: e.acknowledged === undefined ? null : hoursAfter(e.detectedAt, e.acknowledged),
      dispositionedAt: e.dispositioned === undefined ? null : hoursAfter(e.detectedAt, e.dispositioned),
      verifiedAt: e.verified === undefined ? null : hoursAfter(e.detectedAt, e.verified),
      closedAt: e.closed === undefined ? null : hoursAfter(e.detectedAt, e.closed),
    });
    const decisions = e.decisions ?? [];
    for (let i = 0; i < (e.lots ?? decisions.length); i++) {
      const lotId = randomUUID();
      await exceptions.saveAffectedLot({ exceptionId: saved.id, lotId, lotNumber: `LOT-${sequence}-${i}`, role: 'RUNNING' });
      if (decisions[i]) {
        await database.dataSource.query(
          `INSERT INTO quality.lot_disposition (exception_id, lot_id, lot_number, decision, reason, content_hash, decided_by) VALUES ($1, $2, $3, $4, 'fixture', 'x', 'qa.manager')`,
          [saved.id, lotId, `LOT-${sequence}-${i}`, decisions[i]],
        );
      }
    }
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = createQualityDatabase(testDb);
    await database.migrate();
    kpis = new ExceptionKpiService(new ExceptionKpiRepository(database.dataSource));
    // Closed: held in 0.5 h, acknowledged in 2 h, dispositioned (one lot reworked, one scrapped, one released) in 20 h, closed in 30 h.
    await exception({ severity: 'MAJOR', status: 'CLOSED', detectedAt: '2026-10-05T08:00:00Z', equipment: 'IMM-01', contained: 0.5, acknowledged: 2, dispositioned: 20, verified: 26, closed: 30, decisions: ['REWORK', 'SCRAP', 'RELEASE'] });
    // Open and long overdue: held in 1.5 h, acknowledged in 4 h.
    await exception({ severity: 'MAJOR', status: 'INVESTIGATING', detectedAt: '2026-10-20T08:00:00Z', equipment: 'IMM-01', contained: 1.5, acknowledged: 4, lots: 1 });
    // DISPOSITIONED but a lot has no disposition: the record is not complete.
    await exception({ severity: 'CRITICAL', status: 'DISPOSITIONED', detectedAt: '2026-11-02T08:00:00Z', equipment: 'IMM-02', line: 'SYRINGES', contained: 1, acknowledged: 1, dispositioned: 10, decisions: ['SCRAP'], lots: 2 });
  });

  afterAll(async () => {
    await database.close();
    await testDb.drop();
  });

  it('by severity: counts, open and overdue, mean times from detection, rework and scrap rates, record completeness', async () => {
    expect(await kpis.compute('SEVERITY')).toEqual([
      {
        group: 'CRITICAL', exceptions: 1, open: 1, overdue: 0, meanHoursToAcknowledge: 1, meanHoursToContain: 1, meanHoursToDisposition: 10, meanHoursToClose: null,
        dispositionedLots: 1, reworkRate: 0, scrapRate: 1, recordCompleteness: 0,
      },
      {
        group: 'MAJOR', exceptions: 2, open: 1, overdue: 1, meanHoursToAcknowledge: 3, meanHoursToContain: 1, meanHoursToDisposition: 20, meanHoursToClose: 30,
        dispositionedLots: 3, reworkRate: 0.3333, scrapRate: 0.3333, recordCompleteness: 1,
      },
    ]);
  });

  it('by equipment, line and month, and filtered by period and severity', async () => {
    expect((await kpis.compute('EQUIPMENT')).map((r) => [r.group, r.exceptions])).toEqual([['IMM-01', 2], ['IMM-02', 1]]);
    expect((await kpis.compute('LINE')).map((r) => [r.group, r.exceptions])).toEqual([['BUILT-IN', 2], ['SYRINGES', 1]]);
    expect((await kpis.compute('MONTH')).map((r) => [r.group, r.exceptions])).toEqual([['2026-10', 2], ['2026-11', 1]]);
    expect((await kpis.compute('WEEK', { from: at('2026-10-15T00:00:00Z'), severity: ['MAJOR'] })).map((r) => [r.group, r.exceptions])).toEqual([['2026-W43', 1]]);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    await expect(kpis.compute('DAY', { from: at('2026-11-02T00:00:00Z'), to: at('2026-11-01T00:00:00Z') })).rejects.toThrow(/KpiFilter.*to/);
  });
});
