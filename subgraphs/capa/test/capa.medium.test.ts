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
    const response = await querySubgraph<{ _entities: Array<{ capas: Array<{ number: string; actions: Array<{ kind: string }> }> }> }>(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on QualityException { capas { number actions { kind } } } } }`,
      { r: representations },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].capas).toEqual([
      { number: 'CAPA-2026-0017', actions: [{ kind: 'CORRECTION' }, { kind: 'CORRECTIVE' }, { kind: 'PREVENTIVE' }] },
    ]);
    expect(response.data!._entities[1].capas).toEqual([]);
    const selects = database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql));
    expect(selects).toHaveLength(2);
  });

  it('names the exception a CAPA answers as a reference to the quality subgraph', async () => {
    const response = await querySubgraph<{ capa: { exception: { id: string }; rootCause: string; dueOn: string } }>(
      server,
      '{ capa(number: "CAPA-2026-0017") { exception { id } rootCause dueOn } }',
    );
    expect(response.data!.capa.exception.id).toBe(demoId.exception('EX-2026-0041'));
    expect(response.data!.capa.dueOn).toBe('2026-12-15');
    expect(response.data!.capa.rootCause).toMatch(/Thermocouple TC-3/);
  });

  it('says which CAPA does not exist', async () => {
    const response = await querySubgraph(server, '{ capa(number: "CAPA-0000") { number } }');
    expect(response.errors![0]).toMatchObject({ message: 'Capa with number "CAPA-0000" does not exist', extensions: { code: 'NOT_FOUND' } });
  });

  it('shows a CAPA\'s history from the capa audit trail, labelled', async () => {
    // Nothing changes CAPAs through the API yet; an entry as their writers will make it.
    const trail = new AuditTrail(database.dataSource, 'capa');
    await database.dataSource.transaction((manager) =>
      trail.record(manager, { actor: findDemoUser('qa.manager')!, action: 'UPDATE', entityType: 'Capa', entityId: 'CAPA-2026-0017', changes: { status: { old: 'OPEN', new: 'IMPLEMENTING' } }, reason: 'Root cause confirmed', requestId: 'req-c1' }),
    );
    const response = await querySubgraph<{ capa: { history: unknown[] } }>(
      server,
      '{ capa(number: "CAPA-2026-0017") { history { chain seq action reason requestId actor { id roles } changes { field label labelZh old new } } } }',
    );
    expect(response.data!.capa.history).toEqual([
      {
        chain: 'capa',
        seq: 1,
        action: 'UPDATE',
        reason: 'Root cause confirmed',
        requestId: 'req-c1',
        actor: { id: 'qa.manager', roles: ['QA_MANAGER'] },
        changes: [{ field: 'status', label: 'Status', labelZh: '状态', old: 'OPEN', new: 'IMPLEMENTING' }],
      },
    ]);
  });
});
