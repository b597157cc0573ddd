import { buildSchema } from 'graphql';
import { contentFingerprint } from '@lotgraph/server';
import { loadSupergraphSdl } from '@lotgraph/schema';
import { MUTATION_CASES, queryOf } from './support/mutation-cases';
import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/test-graph';

const READERS = 'OPERATOR, QC_INSPECTOR, QA_ENGINEER, QA_MANAGER, AUDITOR or ADMIN';

describe('authorization by role through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  /** Asks the graph as a demo user, with the request id the gateway answers under, so the request's audit entries can be found. */
  const ask = async <T = Record<string, unknown>>(user: string, query: string) => {
    const response = await fetch(graph.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${graph.tokenFor(user)}` },
      body: JSON.stringify({ query }),
    });
    return { requestId: response.headers.get('x-request-id')!, ...((await response.json()) as GraphQLResponse<T>) };
  };

  /** The DENIED entries a request left, in every subgraph's chain. */
  const denials = async (requestId: string) => {
    const found: Array<{ subgraph: string; actor: string; field: string }> = [];
    for (const [subgraph, database] of Object.entries(graph.hub.databases)) {
      const rows: Array<{ actor_id: string; entity_id: string }> = await database!.dataSource.query(
        `SELECT actor_id, entity_id FROM "${subgraph}".audit_entry WHERE request_id = $1 AND action = 'DENIED' AND entity_type = 'Field' ORDER BY seq`,
        [requestId],
      );
      found.push(...rows.map((row) => ({ subgraph, actor: row.actor_id, field: row.entity_id })));
    }
    return found;
  };

  const fingerprints = async () => {
    const all: Record<string, Record<string, string>> = {};
    for (const [subgraph, database] of Object.entries(graph.hub.databases)) all[subgraph] = await contentFingerprint(database!);
    return all;
  };

  it('refuses AUDITOR every mutation of the supergraph but their own login, logout and password change, each sent when it would succeed: nothing changes, each refusal is audited', async () => {
    const mutations = Object.keys(buildSchema(loadSupergraphSdl(), { assumeValidSDL: true }).getMutationType()!.getFields());
    expect(MUTATION_CASES.map((c) => c.mutation).sort()).toEqual(mutations.sort());
    expect(MUTATION_CASES.filter((c) => c.auditorMay).map((c) => c.mutation)).toEqual(['login', 'logout', 'changePassword']);
    for (const c of MUTATION_CASES) {
      await c.prepare?.(graph);
      const query = await queryOf(c, graph);
      if (c.auditorMay) {
        // Allowed to AUDITOR as to everyone, since it changes no record: shown by AUDITOR doing it.
        expect({ mutation: c.mutation, errors: (await ask('auditor', query)).errors }).toEqual({ mutation: c.mutation, errors: undefined });
        expect((await ask(c.user, query)).errors).toBeUndefined();
        continue;
      }
      const field = `Mutation.${c.mutation}`;
      // What the previous case set off in the background (an exception raised by a reading) is done first.
      await graph.settle();
      const before = await fingerprints();
      const refused = await ask('auditor', query);
      expect({ field, errors: refused.errors?.map((e) => e.extensions?.code) }).toEqual({ field, errors: ['FORBIDDEN'] });
      expect(refused.errors![0].message).toMatch(new RegExp(`^auditor \\(AUDITOR\\) may not call Mutation\\.${c.mutation}; that needs `));
      expect(await denials(refused.requestId)).toEqual([{ subgraph: expect.any(String), actor: 'auditor', field }]);
      expect(await fingerprints()).toEqual(before);
      // The same call by a role the policy names goes through, so the next case finds what it needs.
      expect((await ask(c.user, query)).errors).toBeUndefined();
    }
  });

  it('lets AUDITOR read lots, their history and dossier, exceptions and CAPAs from every subgraph', async () => {
    const response = await ask<{ lot: { exceptions: Array<{ capas: Array<{ number: string }> }> }; capas: { totalCount: number } }>(
      'auditor',
      `{ lot(lotNumber: "SYR3-2611-0008") { status statusHistory { to } exceptions { number capas { number } } inspections { result }
           dossier { releaseCheck { releasable } exceptions { number } } }
         exceptions { totalCount } capas { totalCount } lots(first: 2) { totalCount } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.lot.exceptions[0].capas).toEqual([{ number: 'CAPA-2026-0017' }]);
    expect(response.data!.capas.totalCount).toBeGreaterThan(0);
  });

  it('lets INTEGRATOR receive a lot, record production and a LIMS result, and read the master data it needs', async () => {
    const received = await ask<{ receiveLot: { status: string } }>(
      'integrator',
      `mutation { receiveLot(input: { lotNumber: "RPP-INT-9", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 300, uom: "kg",
         storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-INT-9" }) { status } }`,
    );
    expect(received.errors).toBeUndefined();
    expect(received.data!.receiveLot.status).toBe('QUARANTINE');
    const produced = await ask<{ recordProduction: { actuals: Array<{ use: string; lot: { lotNumber: string } }> } }>(
      'integrator',
      `mutation {
         createProductionOrder(input: { number: "PO-INT-9", materialCode: "SA-BRL-3001", plannedQuantity: 100 }) { status }
         recordProduction(input: { reportId: "MES-INT-9", orderNumber: "PO-INT-9", operation: "MOULDING", equipmentCode: "IMM-01",
           startedAt: "2026-11-21T06:00:00Z", consumed: [{ lotNumber: "RPP-2611-001", quantity: 1, uom: "kg" }],
           produced: [{ lotNumber: "BRL-INT-9", quantity: 100, uom: "pcs" }] }) { actuals { use lot { lotNumber } } }
       }`,
    );
    expect(produced.errors).toBeUndefined();
    expect(produced.data!.recordProduction.actuals).toEqual([
      { use: 'CONSUMED', lot: { lotNumber: 'RPP-2611-001' } },
      { use: 'PRODUCED', lot: { lotNumber: 'BRL-INT-9' } },
    ]);
    // Quality asks batch, through the gateway and as the integration, for the lot the result names.
    const inspected = await ask(
      'integrator',
      `mutation { recordInspection(input: { lotNumber: "RPP-INT-9", sampleId: "LIMS-INT-9", stage: INCOMING, testName: "Melt flow rate",
         result: PASS, measuredValue: 12.2, unit: "g/10 min" }) { result recordedBy } }`,
    );
    expect(inspected).toMatchObject({ data: { recordInspection: { result: 'PASS', recordedBy: 'integrator' } } });
    const master = await ask('integrator', '{ lot(lotNumber: "BRL-INT-9") { status quantity material { code } } materials { code } equipment(code: "IMM-01") { name } }');
    expect(master.errors).toBeUndefined();
  });

  it.each([
    ['quality', 'Query.exceptions', '{ exceptions { totalCount } }'],
    ['quality', 'Query.exception', '{ exception(number: "EX-2026-0041") { title } }'],
    ['quality', 'Lot.exceptions', '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber exceptions { number } } }'],
    ['quality', 'Lot.inspections', '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber inspections { result } } }'],
    ['quality', 'Lot.releaseCheck', '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber releaseCheck { releasable } } }'],
    ['capa', 'Query.capas', '{ capas { totalCount } }'],
    ['capa', 'Query.capa', '{ capa(number: "CAPA-2026-0017") { title } }'],
    ['batch', 'Query.lotUsageRefusals', '{ lotUsageRefusals(since: "2026-01-01T00:00:00Z") { attemptedUse } }'],
    ['batch', 'Lot.dossier', '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber dossier { lotNumber } } }'],
  ])('refuses INTEGRATOR (the %s subgraph) %s, and audits the refusal there', async (subgraph, field, query) => {
    const response = await ask('integrator', query);
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: `integrator (INTEGRATOR) may not read ${field}; that needs ${READERS}`,
        extensions: expect.objectContaining({ code: 'FORBIDDEN', user: 'integrator', roles: ['INTEGRATOR'] }),
      }),
    ]);
    expect(await denials(response.requestId)).toEqual([{ subgraph, actor: 'integrator', field }]);
  });

  it('still answers the part of a query another subgraph allows: the lot, without its exceptions', async () => {
    const response = await ask<{ lot: { lotNumber: string; exceptions: null } }>('integrator', '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber exceptions { number } } }');
    expect(response.data).toEqual({ lot: { lotNumber: 'SYR3-2611-0008', exceptions: null } });
  });
});
