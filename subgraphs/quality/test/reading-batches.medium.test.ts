import { AuditTrail, createGraphClient, findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphServer } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import { createQualityDatabase, createQualityServer, specAndRuleServices } from '../src/server';
import type { ViolationSink } from '../src/rule/violation-sink';

const REGISTER = `mutation ($input: EquipmentParameterInput!) { registerEquipmentParameter(input: $input) { equipmentCode } }`;
const CREATE_SPEC = `mutation ($input: SpecificationVersionInput!) { createSpecificationVersion(input: $input) { version } }`;
const DEFINE_RULE = `mutation ($input: QualityRuleInput!) { defineQualityRule(input: $input) { code } }`;
const RECORD = `mutation ($readings: [ReadingInput!]!) {
  recordReadings(readings: $readings) { accepted duplicates rejected results { index readingId outcome reason violations { id rule { code } } } }
}`;
const VIOLATIONS = `query ($filter: RuleViolationFilter) {
  ruleViolations(filter: $filter, first: 100) { edges { node { rule { code } evidence { readingId } } } }
}`;

type Result = { index: number; readingId: string | null; outcome: string; reason: string | null; violations: Array<{ id: string; rule: { code: string } }> };
type Report = { accepted: number; duplicates: number; rejected: number; results: Result[] };

const SPEC = { specNumber: 'SPEC-BATCH', materialCode: 'SA-BRL-3001', operation: 'MOULDING' };
const at = (minute: number) => new Date(Date.parse('2026-11-20T08:00:00Z') + minute * 60_000).toISOString();

describe('readings recorded in batches, series by series', () => {
  let running: RunningSubgraph;
  let server: SubgraphServer;
  const engineer = findDemoUser('qa.engineer')!;
  const integrator = findDemoUser('integrator')!;

  const ok = async <T>(query: string, variables: Record<string, unknown>, user = engineer): Promise<T> => {
    const response = await querySubgraph<T>(server, query, variables, user);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const record = async (readings: Array<Record<string, unknown>>) => (await ok<{ recordReadings: Report }>(RECORD, { readings }, integrator)).recordReadings;
  const reading = (equipmentCode: string, readingId: string, value: number, minute: number) => ({ readingId, equipmentCode, parameter: 'BARREL_TEMP', value: String(value), measuredAt: at(minute) });
  const evidenceOf = async (equipmentCode: string) =>
    (await ok<{ ruleViolations: { edges: Array<{ node: { rule: { code: string }; evidence: Array<{ readingId: string }> } }> } }>(VIOLATIONS, { filter: { equipmentCode } })).ruleViolations.edges.map(
      (e) => [e.node.rule.code, e.node.evidence.map((r) => r.readingId)],
    );

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer });
    server = running.server;
    for (const equipmentCode of ['IMM-20', 'IMM-21', 'IMM-22', 'IMM-23', 'IMM-24']) {
      await ok(REGISTER, { input: { equipmentCode, parameter: 'BARREL_TEMP', materialCode: SPEC.materialCode, operation: SPEC.operation, unit: '°C' } });
    }
    await ok(CREATE_SPEC, { input: { ...SPEC, effectiveFrom: '2026-11-01T00:00:00Z', parameters: [{ parameter: 'BARREL_TEMP', unit: '°C', lsl: 220, usl: 240, lowerWarning: 224, upperWarning: 236 }] } });
    await running.database.dataSource.query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now()`);
    await ok(DEFINE_RULE, { input: { code: 'R-B-OOS', kind: 'OUT_OF_SPEC', parameter: 'BARREL_TEMP', settings: { windowMinutes: 60 } } });
    await ok(DEFINE_RULE, { input: { code: 'R-B-TREND', kind: 'SPC_TREND', parameter: 'BARREL_TEMP', settings: { windowMinutes: 60 } } });
  });

  afterAll(() => running.stop());

  it('refuses a call of more than 5,000 readings as a whole, naming the limit, and stores nothing', async () => {
    const readings = Array.from({ length: 5001 }, (_, i) => reading('IMM-20', `CAP-${i}`, 230, i));
    const response = await querySubgraph(server, RECORD, { readings }, integrator);
    expect(response.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ['recordReadings.readings: one call takes at most 5,000 readings, not 5,001; send them in several calls', 'BAD_USER_INPUT'],
    ]);
    expect(await running.database.dataSource.query(`SELECT count(*)::int AS n FROM quality.process_reading WHERE reading_id LIKE 'CAP-%'`)).toEqual([{ n: 0 }]);
  });

  it('judges a series sent out of time order as it happened: one trend, one burst', async () => {
    // Six rising readings, a dip, and a burst of three above the USL, sent newest first.
    const sent = [228.6, 229.0, 229.4, 229.8, 230.2, 230.6].map((v, i) => reading('IMM-21', `T-${i}`, v, i))
      .concat([reading('IMM-21', 'D-0', 229, 20)])
      .concat([241, 242, 241.5].map((v, i) => reading('IMM-21', `O-${i}`, v, 30 + i)))
      .reverse();
    const report = await record(sent);
    expect(report).toMatchObject({ accepted: 10, duplicates: 0, rejected: 0 });
    expect(await evidenceOf('IMM-21')).toEqual([
      ['R-B-TREND', ['T-0', 'T-1', 'T-2', 'T-3', 'T-4', 'T-5']],
      ['R-B-OOS', ['O-0', 'O-1', 'O-2']],
    ]);
    // Each reading names the violations it is evidence of; the whole burst names the same one.
    const burst = report.results.filter((r) => r.readingId?.startsWith('O-'));
    expect(new Set(burst.flatMap((r) => r.violations.map((v) => v.id))).size).toBe(1);
  });

  it('extends an open violation from a later batch and keeps one audit entry per call, holding each reading it stored, and per violation written', async () => {
    const report = await record([reading('IMM-21', 'O-3', 243, 40), reading('IMM-22', 'N-0', 230, 40)]);
    expect(report.accepted).toBe(2);
    expect(await evidenceOf('IMM-21')).toContainEqual(['R-B-OOS', ['O-0', 'O-1', 'O-2', 'O-3']]);
    const actions: Array<{ action: string; n: number }> = await running.database.dataSource.query(
      `SELECT action, count(*)::int AS n FROM quality.audit_entry WHERE action IN ('RECORD_READINGS', 'FIND_RULE_VIOLATION', 'EXTEND_RULE_VIOLATION') GROUP BY action ORDER BY action`,
    );
    expect(actions).toEqual([{ action: 'EXTEND_RULE_VIOLATION', n: 1 }, { action: 'FIND_RULE_VIOLATION', n: 2 }, { action: 'RECORD_READINGS', n: 2 }]);
    // The call's entry holds what was stored, reading by reading, under the batch id each reading keeps.
    const [entry]: Array<{ entity_type: string; entity_id: string; actor_id: string; changes: { readingCount: { new: number }; readings: { new: { columns: string[]; rows: unknown[][] } } } }> =
      await running.database.dataSource.query(`SELECT entity_type, entity_id, actor_id, changes FROM quality.audit_entry WHERE action = 'RECORD_READINGS' ORDER BY seq DESC LIMIT 1`);
    expect(entry).toMatchObject({ entity_type: 'ReadingBatch', actor_id: integrator.id, changes: { readingCount: { new: 2 } } });
    const { columns, rows } = entry.changes.readings.new;
    const byName = rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
    expect(byName.map(({ readingId, equipmentCode, parameter, value, measuredAt, specification }) => ({ readingId, equipmentCode, parameter, value, measuredAt, specification }))).toEqual([
      { readingId: 'O-3', equipmentCode: 'IMM-21', parameter: 'BARREL_TEMP', value: 243, measuredAt: at(40), specification: 'SPEC-BATCH/1' },
      { readingId: 'N-0', equipmentCode: 'IMM-22', parameter: 'BARREL_TEMP', value: 230, measuredAt: at(40), specification: 'SPEC-BATCH/1' },
    ]);
    const stored: Array<{ id: string; batch_id: string }> = await running.database.dataSource.query(`SELECT id, batch_id FROM quality.process_reading WHERE reading_id IN ('O-3', 'N-0') ORDER BY reading_id DESC`);
    expect(stored.map((r) => [r.id, r.batch_id])).toEqual(byName.map((r) => [r.id, entry.entity_id]));
    expect((await new AuditTrail(running.database.dataSource, 'quality').verify()).ok).toBe(true);
  });

  it("shows a reading's history as its call's entry narrowed to its own row, and keeps readings and specification versions as they were written", async () => {
    const data = await ok<{ ruleViolations: { edges: Array<{ node: { evidence: Array<{ readingId: string; batchId: string; history: Array<{ action: string; entityType: string; entityId: string; changes: Array<{ field: string; new: string }> }> }> } }> } }>(
      `query { ruleViolations(filter: { equipmentCode: "IMM-21", ruleCode: "R-B-OOS" }, first: 1) { edges { node { evidence { readingId batchId history { action entityType entityId changes { field new } } } } } } }`,
      {},
    );
    const evidence = data.ruleViolations.edges[0].node.evidence;
    const o3 = evidence.find((r) => r.readingId === 'O-3')!;
    expect(o3.history).toHaveLength(1);
    expect(o3.history[0]).toMatchObject({ action: 'RECORD_READINGS', entityType: 'ReadingBatch', entityId: o3.batchId });
    const changes = Object.fromEntries(o3.history[0].changes.map((c) => [c.field, c.new]));
    expect(changes.readingCount).toBe('2');
    const table = JSON.parse(changes.readings) as { rows: unknown[][] };
    expect(table.rows.map((row) => row[1])).toEqual(['O-3']);
    // The first three came in the call of ten.
    const o0 = evidence.find((r) => r.readingId === 'O-0')!;
    expect(Object.fromEntries(o0.history[0].changes.map((c) => [c.field, c.new])).readingCount).toBe('10');
    await expect(running.database.dataSource.query(`UPDATE quality.process_reading SET value = 230 WHERE reading_id = 'O-3'`)).rejects.toThrow(/process_reading is append-only/);
    await expect(running.database.dataSource.query(`DELETE FROM quality.process_reading WHERE reading_id = 'O-3'`)).rejects.toThrow(/process_reading is append-only/);
    await expect(running.database.dataSource.query(`DELETE FROM quality.specification WHERE spec_number = 'SPEC-BATCH'`)).rejects.toThrow(/specification versions are kept/);
  });

  it('rejects a readingId already used by another series, stored or earlier in the same call; a repeat within the call is a duplicate', async () => {
    const report = await record([
      reading('IMM-23', 'N-0', 230, 50),
      reading('IMM-23', 'X-1', 231, 51),
      reading('IMM-24', 'X-1', 231, 51),
      reading('IMM-23', 'X-1', 231, 51),
    ]);
    expect(report.results.map((r) => [r.outcome, r.reason])).toEqual([
      ['REJECTED', 'readingId: N-0 is already the id of a reading of another series (IMM-22 BARREL_TEMP 230 at 2026-11-20T08:40:00.000Z); a readingId names one reading'],
      ['ACCEPTED', null],
      ['REJECTED', 'readingId: X-1 is already the id of a reading of another series (IMM-23 BARREL_TEMP 231 at 2026-11-20T08:51:00.000Z); a readingId names one reading'],
      ['DUPLICATE', null],
    ]);
    const kept: Array<{ reading_id: string; equipment_code: string }> = await running.database.dataSource.query(
      `SELECT reading_id, equipment_code FROM quality.rejected_reading WHERE reading_id IN ('N-0', 'X-1') ORDER BY recorded_at, id`,
    );
    expect(kept).toEqual([{ reading_id: 'N-0', equipment_code: 'IMM-23' }, { reading_id: 'X-1', equipment_code: 'IMM-24' }]);
  });

  it('rejects a reading with a NUL character (which the database cannot hold) on its own, and keeps it', async () => {
    const report = await record([reading('IMM-22', 'NUL\u0000ID', 230, 70), reading('IMM-22', 'NUL-OK', 230, 71)]);
    expect(report.results.map((r) => [r.outcome, r.reason])).toEqual([['REJECTED', 'readingId: contains a NUL character'], ['ACCEPTED', null]]);
    const kept = await running.database.dataSource.query(`SELECT reading_id FROM quality.rejected_reading WHERE reason = 'readingId: contains a NUL character'`);
    expect(kept).toEqual([{ reading_id: 'NUL\uFFFDID' }]);
  });

  it('rejects a reading with a lone UTF-16 surrogate (not text) on its own, and keeps it readable', async () => {
    const report = await record([{ ...reading('IMM-22', 'SUR-1', 230, 72), lotNumber: 'LOT-\ud800' }, reading('IMM-22', 'SUR-OK', 230, 73)]);
    expect(report.results.map((r) => [r.outcome, r.reason])).toEqual([['REJECTED', 'lotNumber: contains a lone UTF-16 surrogate (not text)'], ['ACCEPTED', null]]);
    expect(await running.database.dataSource.query(`SELECT reading_id FROM quality.rejected_reading WHERE reading_id = 'SUR-1'`)).toEqual([{ reading_id: 'SUR-1' }]);
  });

  it('changes nothing and audits nothing for a call whose readings were all stored before (a redelivery)', async () => {
    const sent = [reading('IMM-24', 'RE-1', 230, 80), reading('IMM-24', 'RE-2', 231, 81)];
    expect((await record(sent)).accepted).toBe(2);
    const entries = async () => (await running.database.dataSource.query(`SELECT count(*)::int AS n FROM quality.audit_entry`))[0].n as number;
    const before = await entries();
    const again = await record(sent);
    expect(again).toMatchObject({ accepted: 0, duplicates: 2, rejected: 0 });
    expect(await entries()).toBe(before);
  });

  it('gives two calls at once that use one readingId for two series one acceptance and one clear rejection', async () => {
    const [a, b] = await Promise.all([record([reading('IMM-22', 'RACE-1', 230, 60)]), record([reading('IMM-23', 'RACE-1', 230, 60)])]);
    const outcomes = [a.results[0], b.results[0]].map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['ACCEPTED', 'REJECTED']);
    const refused = [a.results[0], b.results[0]].find((r) => r.outcome === 'REJECTED')!;
    expect(refused.reason).toMatch(/^readingId: RACE-1 is already the id of a reading of another series \(IMM-2[23] BARREL_TEMP 230 at 2026-11-20T09:00:00.000Z\); a readingId names one reading$/);
  });

  it('passes each violation found or extended to the sink once, inside the transaction that stored it', async () => {
    const seen: Array<{ code: string; isNew: boolean; evidence: number; storedInTransaction: boolean }> = [];
    const sink: ViolationSink = {
      async violationFound({ violation, rule, isNew }, manager: EntityManager) {
        const [row]: Array<{ n: number }> = await manager.query('SELECT jsonb_array_length(evidence)::int AS n FROM quality.rule_violation WHERE id = $1', [violation.id]);
        seen.push({ code: rule.code, isNew, evidence: violation.evidence.length, storedInTransaction: manager.queryRunner!.isTransactionActive && row?.n === violation.evidence.length });
      },
    };
    const audit = new AuditTrail(running.database.dataSource, 'quality');
    const { readings } = specAndRuleServices(running.database, createGraphClient({ gatewayUrl: () => undefined }), audit, sink);
    const results = await readings.record([241, 239, 242, 243].map((v, i) => reading('IMM-24', `S-${i}`, v, 100 + i)), integrator, null);
    expect(results.map((r) => r.violations.length)).toEqual([1, 0, 1, 1]);
    expect(seen).toEqual([{ code: 'R-B-OOS', isNew: true, evidence: 3, storedInTransaction: true }]);
    await readings.record([reading('IMM-24', 'S-4', 244, 110)], integrator, null);
    expect(seen[1]).toEqual({ code: 'R-B-OOS', isNew: false, evidence: 4, storedInTransaction: true });
  });
});
