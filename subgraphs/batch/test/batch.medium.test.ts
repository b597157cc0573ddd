import { querySubgraph, startSubgraphForTest, type RunningSubgraph, type SubgraphDatabase, type SubgraphServer } from '@lotgraph/server';
import { createBatchDatabase, createBatchRepositories, createBatchServer, seedBatchDemo } from '../src/server';

describe('batch subgraph against a real database', () => {
  let running: RunningSubgraph;
  let database: SubgraphDatabase;
  let server: SubgraphServer;
  let lotIds: string[];

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
    ({ database, server } = running);
    const repos = createBatchRepositories(database.dataSource);
    const resin = (await repos.materials.findByCode('RM-PP-1001'))!;
    lotIds = [];
    for (let i = 0; i < 100; i += 1) {
      const lot = await repos.lots.save({
        lotNumber: `BULK-${String(i).padStart(3, '0')}`,
        materialId: resin.id,
        status: 'QUARANTINE',
        quantity: 25,
        uom: 'kg',
      });
      lotIds.push(lot.id);
    }
  });

  afterAll(() => running.stop());

  it('resolves 100 lots and their materials via _entities with one SQL query per entity type', async () => {
    const representations = lotIds.map((id) => ({ __typename: 'Lot', id }));
    database.queries.reset();
    const response = await querySubgraph<{ _entities: Array<{ lotNumber: string; material: { code: string } }> }>(
      server,
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Lot { lotNumber material { code } } }
      }`,
      { representations },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toHaveLength(100);
    expect(response.data!._entities[42]).toEqual({ lotNumber: 'BULK-042', material: { code: 'RM-PP-1001' } });
    const selects = database.queries.statements.filter((sql) => /^\s*SELECT/i.test(sql));
    expect(selects).toHaveLength(2);
    expect(selects.filter((sql) => sql.includes('"material_lot"'))).toHaveLength(1);
    expect(selects.filter((sql) => sql.includes('"material"') && !sql.includes('"material_lot"'))).toHaveLength(1);
  });

  it('resolves lots referenced by lot number as well as by id', async () => {
    const response = await querySubgraph<{ _entities: Array<{ id: string; status: string } | null> }>(
      server,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Lot { id status } } }`,
      { r: [{ __typename: 'Lot', lotNumber: 'BRL-2611-014' }, { __typename: 'Lot', lotNumber: 'NO-SUCH-LOT' }] },
    );
    expect(response.data!._entities[0]).toMatchObject({ status: 'ON_HOLD' });
    expect(response.data!._entities[1]).toBeNull();
  });

  it('reloading the demo plant changes nothing and deletes nothing', async () => {
    const repos = createBatchRepositories(database.dataSource);
    const before = await repos.lots.count();
    const signatures = `SELECT entity_id, meaning, signer_id FROM batch.e_signature ORDER BY entity_id`;
    const signedBefore = await database.dataSource.query(signatures);
    const signEntries = `SELECT count(*)::int AS n FROM batch.audit_entry WHERE action = 'SIGN'`;
    const [{ n: signEntriesBefore }] = await database.dataSource.query(signEntries);
    await seedBatchDemo(database);
    expect(await repos.lots.count()).toBe(before);
    expect((await repos.lots.findByLotNumber('BULK-099'))?.status).toBe('QUARANTINE');
    // Each released demo lot keeps its one release signature, with its one SIGN entry.
    expect(signedBefore).toHaveLength(7);
    expect(signedBefore.every((row: { meaning: string; signer_id: string }) => row.meaning === 'RELEASED' && row.signer_id === 'qa.manager')).toBe(true);
    expect(await database.dataSource.query(signatures)).toEqual(signedBefore);
    expect((await database.dataSource.query(signEntries))[0].n).toBe(signEntriesBefore);
    expect(signEntriesBefore).toBe(7);
  });

  it('refuses anonymous callers beyond __typename', async () => {
    const anonymous = await querySubgraph(server, '{ lots { totalCount } }', {}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await querySubgraph(server, '{ __typename }', {}, null)).data).toEqual({ __typename: 'Query' });
  });

  it('keeps its data in its own schema, migrated by TypeORM migrations', async () => {
    const tables = await database.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'batch' ORDER BY table_name`,
    );
    expect(tables.map((t: { table_name: string }) => t.table_name)).toEqual([
      'audit_entry', 'customer', 'e_signature', 'equipment', 'genealogy_link', 'inventory_movement', 'lot_exception_disposition', 'lot_exception_hold', 'lot_status_change', 'lot_usage_refusal',
      'material', 'material_actual',
      'material_lot', 'material_sublot', 'migrations', 'production_order', 'production_segment', 'recall', 'recall_lot', 'shipment', 'shipment_line', 'supplier',
    ]);
    expect(await database.migrate()).toEqual([]);
  });
});
