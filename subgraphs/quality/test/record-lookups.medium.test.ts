import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphServer } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer, seedQualityDemo } from '../src/server';

/** Other domains name quality's readings, violations and inspections by id (a CAPA's evidence): lookups and entity references. */
describe('quality records by id', () => {
  let running: RunningSubgraph;
  let server: SubgraphServer;
  const engineer = findDemoUser('qa.engineer')!;

  const ok = async <T>(query: string, variables: Record<string, unknown> = {}, user = engineer): Promise<T> => {
    const response = await querySubgraph<T>(server, query, variables, user);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  let readingIds: string[];
  let violationId: string;
  let inspectionId: string;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer, seed: seedQualityDemo });
    server = running.server;
    await ok(`mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-LOOKUP", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`);
    await ok(`mutation { defineQualityRule(input: { code: "R-LOOKUP-3S", kind: SPC_BEYOND_3_SIGMA, parameter: "BARREL_TEMP", settings: { centre: 230, sigma: 1 } }) { code } }`);
    const report = await ok<{ recordReadings: { results: Array<{ violations: Array<{ id: string }> }> } }>(
      `mutation { recordReadings(readings: [
        { readingId: "LOOKUP-1", equipmentCode: "IMM-LOOKUP", parameter: "BARREL_TEMP", value: "230.2", measuredAt: "2026-11-20T08:00:00Z" },
        { readingId: "LOOKUP-2", equipmentCode: "IMM-LOOKUP", parameter: "BARREL_TEMP", value: "236.0", measuredAt: "2026-11-20T08:01:00Z" }
      ]) { results { violations { id } } } }`,
      {},
      findDemoUser('integrator')!,
    );
    violationId = report.recordReadings.results[1].violations[0].id;
    const rows: Array<{ id: string; reading_id: string }> = await running.database.dataSource.query(`SELECT id, reading_id FROM quality.process_reading WHERE reading_id LIKE 'LOOKUP-%' ORDER BY reading_id`);
    readingIds = rows.map((row) => row.id);
    [{ id: inspectionId }] = await running.database.dataSource.query(`SELECT id FROM quality.inspection ORDER BY inspected_at LIMIT 1`);
  });

  afterAll(() => running.stop());

  it('answers readings and inspections in the order asked, leaving out ids that name nothing (malformed ones too)', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const data = await ok<{ processReadings: Array<{ id: string; readingId: string }>; inspections: Array<{ id: string }> }>(
      `query ($readings: [ID!]!, $inspections: [ID!]!) { processReadings(ids: $readings) { id readingId } inspections(ids: $inspections) { id } }`,
      { readings: [readingIds[1], missing, 'not-an-id', readingIds[0]], inspections: ['LS-2611-0190', inspectionId] },
    );
    expect(data.processReadings).toEqual([{ id: readingIds[1], readingId: 'LOOKUP-2' }, { id: readingIds[0], readingId: 'LOOKUP-1' }]);
    expect(data.inspections).toEqual([{ id: inspectionId }]);
  });

  it('filters violations by id', async () => {
    const data = await ok<{ ruleViolations: { totalCount: number; edges: Array<{ node: { id: string; rule: { code: string } } }> } }>(
      `query ($ids: [ID!]) { ruleViolations(filter: { ids: $ids }) { totalCount edges { node { id rule { code } } } } }`,
      { ids: [violationId, 'junk'] },
    );
    expect(data.ruleViolations).toEqual({ totalCount: 1, edges: [{ node: { id: violationId, rule: { code: 'R-LOOKUP-3S' } } }] });
  });

  it('resolves them as entities for the gateway, null for an id that names nothing', async () => {
    const data = await ok<{ _entities: Array<Record<string, unknown> | null> }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProcessReading { readingId } ... on RuleViolation { detail } ... on Inspection { testName } } }`,
      {
        r: [
          { __typename: 'ProcessReading', id: readingIds[0] },
          { __typename: 'RuleViolation', id: violationId },
          { __typename: 'Inspection', id: inspectionId },
          { __typename: 'ProcessReading', id: 'junk' },
        ],
      },
    );
    expect(data._entities[0]).toEqual({ readingId: 'LOOKUP-1' });
    expect(data._entities[1]!.detail).toMatch(/more than 3σ/);
    expect(typeof data._entities[2]!.testName).toBe('string');
    expect(data._entities[3]).toBeNull();
  });
});
