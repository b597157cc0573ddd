import path from 'node:path';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { composeSupergraph } from '@lotgraph/schema';
import {
  AuditReader,
  DateTimeScalar,
  auditTrailQueryResolvers,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  querySubgraph,
  startSubgraphForTest,
  type DatabaseOptions,
  type RunningSubgraph,
  type SubgraphDatabase,
  type SubgraphServerOptions,
} from '../src';
import { OPERATOR, auditTablesDatabase, tick, writeEntry } from './support/audit-trails';

const TRAILS = ['batch_t', 'quality_t'];
const SDL_FILE = path.join(__dirname, 'support', 'audit-test-subgraph.graphql');

const testSubgraph = {
  createDatabase: (options: DatabaseOptions) => auditTablesDatabase(options, 'compliance_t', TRAILS),
  createServer: (options: SubgraphServerOptions) =>
    createSubgraphServer(
      {
        name: 'compliance-test',
        typeDefs: loadTypeDefs(SDL_FILE),
        resolvers: mergeResolvers({ DateTime: DateTimeScalar }, { Query: { ping: () => 'pong' } }, auditTrailQueryResolvers(new AuditReader(options.database.dataSource, TRAILS))),
        createLoaders: () => ({}),
      },
      options,
    ),
  async seed(database: SubgraphDatabase) {
    await writeEntry(database, 'batch_t', {
      actor: OPERATOR,
      action: 'RECEIVE',
      entityType: 'Lot',
      entityId: 'RPP-1',
      changes: { quantity: { new: 1250.5 }, storageLocation: { new: 'SZ1-QC-QUAR-01' }, status: { new: 'QUARANTINE' } },
    });
    await tick();
    await writeEntry(database, 'quality_t', { action: 'RECORD_INSPECTION', entityType: 'Lot', entityId: 'RPP-1', changes: { result: { new: 'PASS' }, required: { new: true } } });
    await tick();
    await writeEntry(database, 'batch_t', {
      action: 'STATUS_CHANGE',
      entityType: 'Lot',
      entityId: 'RPP-1',
      changes: { status: { old: 'QUARANTINE', new: 'RELEASED' } },
      reason: 'Certificate of analysis reviewed',
    });
    await writeEntry(database, 'batch_t', { action: 'MOVE', entityType: 'Lot', entityId: 'RPP-2', changes: { storageLocation: { old: 'A', new: 'B' } } });
  },
};

const TRAIL_QUERY = `query ($type: String!, $id: ID!) {
  auditTrail(entityType: $type, entityId: $id) {
    chain seq recordedAt action entityType entityId reason requestId hash
    actor { id name roles }
    changes { field label labelZh old new }
  }
}`;

describe('Query.auditTrail and Query.verifyAuditTrail, mounted in a subgraph', () => {
  let running: RunningSubgraph;

  beforeAll(async () => {
    running = await startSubgraphForTest(testSubgraph);
  });
  afterAll(() => running.stop());

  it('shows a record\'s history from every trail, in time order, readable by people', async () => {
    const { data, errors } = await querySubgraph<{ auditTrail: Array<Record<string, unknown>> }>(running.server, TRAIL_QUERY, { type: 'Lot', id: 'RPP-1' });
    expect(errors).toBeUndefined();
    const trail = data!.auditTrail;
    expect(trail.map((e) => [e.chain, e.seq, e.action])).toEqual([
      ['batch_t', 1, 'RECEIVE'],
      ['quality_t', 1, 'RECORD_INSPECTION'],
      ['batch_t', 2, 'STATUS_CHANGE'],
    ]);
    expect(trail[0]).toMatchObject({
      entityType: 'Lot',
      entityId: 'RPP-1',
      reason: null,
      requestId: 'req-RECEIVE',
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      actor: { id: 'operator', name: 'Li Na (operator)', roles: ['OPERATOR'] },
    });
    expect(trail[0].changes).toEqual(expect.arrayContaining([
      { field: 'quantity', label: 'Quantity', labelZh: '数量', old: null, new: '1250.5' },
      { field: 'storageLocation', label: 'Storage location', labelZh: '库位', old: null, new: 'SZ1-QC-QUAR-01' },
    ]));
    expect(trail[1].changes).toEqual(expect.arrayContaining([{ field: 'required', label: 'Required for release', labelZh: '放行必检', old: null, new: 'true' }]));
    expect(trail[2]).toMatchObject({
      reason: 'Certificate of analysis reviewed',
      changes: [{ field: 'status', label: 'Status', labelZh: '状态', old: 'QUARANTINE', new: 'RELEASED' }],
    });
  });

  it('answers a record nobody changed with an empty history, and names a blank argument', async () => {
    expect((await querySubgraph(running.server, TRAIL_QUERY, { type: 'Lot', id: 'NOPE-1' })).data).toEqual({ auditTrail: [] });
    const blank = await querySubgraph(running.server, TRAIL_QUERY, { type: ' ', id: 'RPP-1' });
    expect(blank.errors?.[0]).toMatchObject({ message: 'Query.auditTrail.entityType: name the kind of record, e.g. Lot', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('verifies every trail and names the first broken entry', async () => {
    const VERIFY = `{ verifyAuditTrail { schema ok count headSeq headHash firstBroken { seq reason } } }`;
    const intact = await querySubgraph<{ verifyAuditTrail: Array<Record<string, unknown>> }>(running.server, VERIFY);
    expect(intact.data!.verifyAuditTrail).toEqual([
      { schema: 'batch_t', ok: true, count: 3, headSeq: 3, headHash: expect.stringMatching(/^[0-9a-f]{64}$/), firstBroken: null },
      { schema: 'quality_t', ok: true, count: 1, headSeq: 1, headHash: expect.stringMatching(/^[0-9a-f]{64}$/), firstBroken: null },
    ]);
    await running.database.dataSource.transaction(async (manager) => {
      await manager.query('ALTER TABLE batch_t.audit_entry DISABLE TRIGGER USER');
      await manager.query(`UPDATE batch_t.audit_entry SET reason = 'Approved' WHERE seq = 2`);
      await manager.query('ALTER TABLE batch_t.audit_entry ENABLE TRIGGER USER');
    });
    const broken = await querySubgraph<{ verifyAuditTrail: Array<Record<string, unknown>> }>(running.server, VERIFY);
    expect(broken.data!.verifyAuditTrail[0]).toMatchObject({
      schema: 'batch_t',
      ok: false,
      count: 1,
      headSeq: 1,
      firstBroken: { seq: 2, reason: 'entry 2 was changed after it was written: its content no longer matches its hash' },
    });
  });

  it('composes as the compliance subgraph mounts it: one owner of the root fields, the entry types shared', () => {
    const sdl = composeSupergraph();
    expect(sdl).toContain('auditTrail(entityType: String!, entityId: ID!): [AuditEntry!]! @join__field(graph: COMPLIANCE)');
    expect(sdl).toContain('verifyAuditTrail: [AuditChainVerification!]! @join__field(graph: COMPLIANCE)');
    const supergraph = buildSchema(sdl, { assumeValidSDL: true });
    const lot = supergraph.getType('Lot') as GraphQLObjectType;
    expect(String(lot.getFields().history.type)).toBe('[AuditEntry!]!');
  });
});
