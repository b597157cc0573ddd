import { createTestDatabase, type TestDatabase } from '@lotgraph/server';
import { formatReport, runAuditBench } from '../src/audit/run-audit-bench';

describe('the audit verification benchmark', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('writes signed entries, walks them three ways and reports each against the plain read', async () => {
    const report = await runAuditBench(db, { entries: 1_250, batch: 500 }, () => undefined);
    expect(report.verifiedOk).toBe(true);
    for (const pass of [report.write, report.read, report.hashOnly, report.verify]) expect(pass.entriesPerSecond).toBeGreaterThan(0);
    const table = formatReport(report);
    expect(table).toMatch(/^Audit trail of 1,250 entries on .+: verified intact\n/);
    expect(table.split('\n').filter((line) => /^\| (read|hash|verify|write)/.test(line))).toHaveLength(4);
  });
});
