import { buildSchema } from 'graphql';
import { canonicalField, loadSupergraphSdl } from '@lotgraph/schema';
import { SYSTEM_USERS } from '@lotgraph/server';
import { MUTATION_CASES as CASES, queryOf } from './support/mutation-cases';
import { startTestGraph, type TestGraph } from './support/test-graph';
import { expectTrailsVerified } from './support/trails-verified';

const SYSTEM_USER_IDS = new Set(SYSTEM_USERS.map((user) => user.id));

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
    await c.prepare?.(graph);
    const query = await queryOf(c, graph);
    await graph.settle();
    const before = await entries();
    const response = await graph.query(query, { token: graph.tokenFor(c.user) });
    expect(response.errors).toBeUndefined();
    // What the call sets off in the background (holds, exceptions raised by readings) is written by the system
    // users, and tested where it is built; everything else is the caller's (a system user's own call included).
    const background = (actor: string) => SYSTEM_USER_IDS.has(actor) && actor !== c.user;
    const written = (await entries()).filter((e) => !before.some((b) => b.schema === e.schema && b.seq === e.seq) && !background(e.actor_id));
    expect(written.length).toBeGreaterThan(0);
    for (const entry of written) expect([c.user, c.appliedBy ?? c.user]).toContain(entry.actor_id);
  });

  it('keeps every chain intact after all of them', async () => {
    const { AuditTrail } = await import('@lotgraph/server');
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const result = await new AuditTrail(database!.dataSource, schema).verify();
      expect({ schema, ok: result.ok, broken: result.firstBroken }).toEqual({ schema, ok: true, broken: null });
    }
  });

  it('writes only fields the field dictionary can label, so every history reads in English and Chinese', async () => {
    const refused = await graph.query(`mutation { shipLot(input: { shipmentNumber: "SH-AUDIT-2", customerCode: "CUS-STM", lotNumber: "SYR3-2611-0008", quantity: 1, uom: "pcs" }) { number } }`, { token: graph.tokenFor('operator') });
    expect(refused.errors).toBeDefined();
    const fields = new Set<string>();
    for (const [schema, database] of Object.entries(graph.hub.databases)) {
      const rows: Array<{ field: string }> = await database!.dataSource.query(`SELECT DISTINCT jsonb_object_keys(changes) AS field FROM "${schema}".audit_entry`);
      for (const row of rows) fields.add(row.field);
    }
    expect(fields).toContain('attemptedUse');
    expect([...fields].filter((field) => !canonicalField(field)).sort()).toEqual([]);

    const { data, errors } = await graph.query<{ lot: { history: Array<{ action: string; actor: { id: string }; changes: Array<{ field: string; label: string; labelZh: string }> }> } }>(
      `{ lot(lotNumber: "RPP-AUDIT-1") { history { action actor { id } changes { field label labelZh } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.lot.history.map((e) => [e.action, e.actor.id])).toEqual([['RECEIVE', 'integrator'], ['MOVE', 'operator']]);
    expect(data!.lot.history[1].changes).toContainEqual({ field: 'storageLocation', label: 'Storage location', labelZh: '库位' });
  });

  it('leaves every audited record agreeing with its audit trail', () => expectTrailsVerified(graph));
});
