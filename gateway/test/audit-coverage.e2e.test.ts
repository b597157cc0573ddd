import { buildSchema } from 'graphql';
import { loadSupergraphSdl } from '@lotgraph/schema';
import { MUTATION_CASES as CASES } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';

describe('the audit trail covers every mutation', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  /** Every audit entry of every subgraph, newest last per subgraph. */
  const entries = async () => {
    const all: Array<{ schema: string; seq: number; actor_id: string; action: string; entity_type: string; entity_id: string }> = [];
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const rows = await database!.dataSource.query(`SELECT seq, actor_id, action, entity_type, entity_id FROM "${schema}".audit_entry ORDER BY seq`);
      all.push(...rows.map((row: { seq: string }) => ({ ...row, seq: Number(row.seq), schema })));
    }
    return all;
  };

  it('has a case for every mutation in the supergraph', () => {
    const schema = buildSchema(loadSupergraphSdl(), { assumeValidSDL: true });
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(CASES.map((c) => c.mutation).sort()).toEqual(mutations);
  });

  it.each(CASES.map((c) => [c.mutation, c] as const))('%s writes an entry naming who did what to which record', async (_, c) => {
    const before = await entries();
    const response = await graph.query(c.query, { token: graph.tokenFor(c.user) });
    expect(response.errors).toBeUndefined();
    const written = (await entries()).filter((e) => !before.some((b) => b.schema === e.schema && b.seq === e.seq));
    expect(written.length).toBeGreaterThan(0);
    for (const entry of written) expect(entry.actor_id).toBe(c.user);
  });

  it('keeps every chain intact after all of them', async () => {
    const { AuditTrail } = await import('@lotgraph/server');
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const result = await new AuditTrail(database!.dataSource, schema).verify();
      expect({ schema, ok: result.ok, broken: result.firstBroken }).toEqual({ schema, ok: true, broken: null });
    }
  });
});
