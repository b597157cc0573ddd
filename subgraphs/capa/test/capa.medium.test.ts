import { AuditTrail, demoId, findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphDatabase, type SubgraphServer } from '@lotgraph/server';
import { createCapaDatabase, createCapaServer, seedCapaDemo } from '../src/server';

describe('capa subgraph against a real database', () => {
  let running: RunningSubgraph;
  let database: SubgraphDatabase;
  let server: SubgraphServer;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createCapaDatabase, createServer: createCapaServer, seed: seedCapaDemo });
    ({ database, server } = running);
  });

  afterAll(() => running.stop());

  it('answers QualityException.capas and their actions for many exceptions with one query each', async () => {
    const representations = [demoId.exception('EX-2026-0041'), ...Array.from({ length: 99 }, (_, i) => demoId.exception(`EX-X-${i}`))].map(
      (id) => ({ __typename: 'QualityException', id }),
    );
    database.queries.reset();
    const response = await querySubgraph<{ _entities: Array<{ capas: Array<{ number: string; actions: Array<{ sequence: number; kind: string }> }> }> }>(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on QualityException { capas { number actions { sequence kind } } } } }`,
      { r: representations },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].capas).toEqual([
      { number: 'CAPA-2026-0017', actions: [{ sequence: 1, kind: 'CORRECTION' }, { sequence: 2, kind: 'CORRECTIVE' }, { sequence: 3, kind: 'PREVENTIVE' }] },
    ]);
    expect(response.data!._entities[1].capas).toEqual([]);
    const selects = database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql));
    expect(selects).toHaveLength(2);
  });

  it('shows the demo CAPA under investigation: its source, risk, 5-Why, fishbone and chosen root cause', async () => {
    const response = await querySubgraph<{ capa: Record<string, unknown> }>(
      server,
      `{ capa(number: "CAPA-2026-0017") {
          status type dueOn rootCause rootCauseCategory riskBefore { severity occurrence detection rpn }
          sources { kind exceptionNumber exception { id } } exceptions { id }
          scope { equipmentCodes supplierCodes }
          rootCauseAnalysis { version fiveWhys { position answer } causes { key category } rootCause { key category description } justification recordedBy }
          actions { sequence status completedBy completionEvidence }
          effectiveness { status }
        } }`,
    );
    expect(response.errors).toBeUndefined();
    const capa = response.data!.capa;
    expect(capa).toMatchObject({
      status: 'INVESTIGATING', type: 'CORRECTIVE', dueOn: '2026-12-31', rootCauseCategory: 'MACHINE',
      riskBefore: { severity: 8, occurrence: 4, detection: 5, rpn: 160 },
      sources: [{ kind: 'EXCEPTION', exceptionNumber: 'EX-2026-0041', exception: { id: demoId.exception('EX-2026-0041') } }],
      exceptions: [{ id: demoId.exception('EX-2026-0041') }],
      scope: { equipmentCodes: ['IMM-01'], supplierCodes: ['SUP-HME'] },
      rootCauseAnalysis: { version: 1, rootCause: { key: 'TC3-DRIFT', category: 'MACHINE' }, recordedBy: 'qa.engineer' },
      effectiveness: null,
    });
    expect(capa.rootCause).toMatch(/Thermocouple TC-3/);
    expect((capa.rootCauseAnalysis as { fiveWhys: unknown[]; causes: Array<{ category: string }> }).fiveWhys).toHaveLength(5);
    expect((capa.rootCauseAnalysis as { causes: Array<{ category: string }> }).causes.map((c) => c.category)).toEqual(['MACHINE', 'METHOD', 'MATERIAL']);
    expect(capa.actions).toEqual([
      { sequence: 1, status: 'DONE', completedBy: 'operator', completionEvidence: expect.stringContaining('WO-IMM01-2611-07') },
      { sequence: 2, status: 'OPEN', completedBy: null, completionEvidence: null },
      { sequence: 3, status: 'OPEN', completedBy: null, completionEvidence: null },
    ]);
  });

  it('says which CAPA does not exist', async () => {
    const response = await querySubgraph(server, '{ capa(number: "CAPA-0000") { number } }');
    expect(response.errors![0]).toMatchObject({ message: 'Capa with number "CAPA-0000" does not exist', extensions: { code: 'NOT_FOUND' } });
  });

  it('keeps CAPA records: the database refuses to delete a CAPA or an action and to rewrite an analysis or a source', async () => {
    const refused = async (sql: string) => expect(database.dataSource.query(sql)).rejects.toThrow(/kept|append-only/);
    await refused(`DELETE FROM capa.capa WHERE number = 'CAPA-2026-0017'`);
    await refused(`DELETE FROM capa.capa_action`);
    await refused(`UPDATE capa.root_cause_analysis SET justification = 'rewritten'`);
    await refused(`UPDATE capa.capa_source SET exception_number = 'EX-0000'`);
    const [{ count }] = await database.dataSource.query(`SELECT count(*)::int AS count FROM capa.capa`);
    expect(count).toBe(1);
  });

  it('leaves the demo CAPA as it has become when seeded again, adding nothing twice', async () => {
    await database.dataSource.query(`UPDATE capa.capa SET status = 'CANCELLED', cancel_reason = 'tried out' WHERE number = 'CAPA-2026-0017'`);
    await seedCapaDemo(database);
    const counts = await database.dataSource.query(
      `SELECT (SELECT status FROM capa.capa) AS status, (SELECT count(*)::int FROM capa.capa_source) AS sources, (SELECT count(*)::int FROM capa.root_cause_analysis) AS analyses,
              (SELECT count(*)::int FROM capa.capa_action) AS actions`,
    );
    expect(counts).toEqual([{ status: 'CANCELLED', sources: 1, analyses: 1, actions: 3 }]);
    await database.dataSource.query(`UPDATE capa.capa SET status = 'INVESTIGATING', cancel_reason = NULL WHERE number = 'CAPA-2026-0017'`);
  });

  it('shows a CAPA\'s history from the capa audit trail, labelled in English and Chinese', async () => {
    const trail = new AuditTrail(database.dataSource, 'capa');
    await database.dataSource.transaction((manager) =>
      trail.record(manager, {
        actor: findDemoUser('qa.engineer')!, action: 'RECORD_ROOT_CAUSE_ANALYSIS', entityType: 'Capa', entityId: 'CAPA-2026-0017',
        changes: { status: { old: 'OPEN', new: 'INVESTIGATING' }, rootCauseCategory: { new: 'MACHINE' } }, reason: 'Root cause confirmed', requestId: 'req-c1',
      }),
    );
    const response = await querySubgraph<{ capa: { history: unknown[] } }>(
      server,
      '{ capa(number: "CAPA-2026-0017") { history { chain seq action reason requestId actor { id roles } changes { field label labelZh old new } } } }',
    );
    const [loaded, ...history] = response.data!.capa.history;
    // The demo CAPA as the demo plant loaded it, then what happened to it.
    expect(loaded).toMatchObject({ chain: 'capa', seq: 1, action: 'CREATE', reason: 'Demo plant', actor: { id: 'lotgraph.demo', roles: [] } });
    expect(history).toEqual([
      {
        chain: 'capa',
        seq: 2,
        action: 'RECORD_ROOT_CAUSE_ANALYSIS',
        reason: 'Root cause confirmed',
        requestId: 'req-c1',
        actor: { id: 'qa.engineer', roles: ['QA_ENGINEER'] },
        changes: [
          { field: 'status', label: 'Status', labelZh: '状态', old: 'OPEN', new: 'INVESTIGATING' },
          { field: 'rootCauseCategory', label: 'Root-cause category (6M)', labelZh: '根因类别（人机料法测环）', old: null, new: 'MACHINE' },
        ],
      },
    ]);
  });
});
