import { demoId, querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphDatabase, type SubgraphServer } from '@lotgraph/server';
import { QualityExceptionRepository, createQualityDatabase, createQualityServer, seedQualityDemo } from '../src/server';

describe('quality subgraph against a real database', () => {
  let running: RunningSubgraph;
  let database: SubgraphDatabase;
  let server: SubgraphServer;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createQualityDatabase, createServer: createQualityServer, seed: seedQualityDemo });
    ({ database, server } = running);
  });

  afterAll(() => running.stop());

  it("answers Lot.exceptions for 100 lots with one SQL query", async () => {
    const repo = new QualityExceptionRepository(database.dataSource);
    const exception = (await repo.findByNumber('EX-2026-0042'))!;
    const lots = Array.from({ length: 100 }, (_, i) => demoId.lot(`BULK-${i}`));
    for (const lotId of lots.slice(0, 30)) await repo.saveAffectedLot({ exceptionId: exception.id, lotId, role: 'DOWNSTREAM' });

    database.queries.reset();
    const response = await querySubgraph<{ _entities: Array<{ exceptions: Array<{ number: string }> }> }>(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lot { exceptions { number severity } } } }`,
      { r: lots.map((id) => ({ __typename: 'Lot', id })) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities.filter((lot) => lot.exceptions.length === 1)).toHaveLength(30);
    expect(response.data!._entities[99]).toEqual({ exceptions: [] });
    expect(database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql))).toHaveLength(1);
  });

  it('lists the lots an exception affects, with their role, as references to batch lots', async () => {
    const response = await querySubgraph<{ exception: { severity: string; affectedLots: Array<{ role: string; lot: { id: string } }> } }>(
      server,
      '{ exception(number: "EX-2026-0041") { severity affectedLots { role lot { id } } } }',
    );
    expect(response.data!.exception.severity).toBe('MAJOR');
    expect(response.data!.exception.affectedLots).toEqual(
      expect.arrayContaining([{ role: 'RUNNING', lot: { id: demoId.lot('BRL-2611-014') } }]),
    );
  });

  it('filters and pages exceptions', async () => {
    const response = await querySubgraph<{ exceptions: { totalCount: number; edges: Array<{ node: { number: string } }> } }>(
      server,
      '{ exceptions(filter: { severity: [MINOR] }) { totalCount edges { node { number } } } }',
    );
    expect(response.data!.exceptions).toEqual({ totalCount: 1, edges: [{ node: { number: 'EX-2026-0042' } }] });
  });
});
