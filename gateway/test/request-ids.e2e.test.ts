import { startTestGraph, type GraphQLResponse, type TestGraph } from './support/test-graph';

const TIME_ORDERED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  const send = async (query: string, headers: Record<string, string>, user = 'qa.manager') => {
    const response = await fetch(graph.hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${graph.tokenFor(user)}`, ...headers },
      body: JSON.stringify({ query }),
    });
    return {
      requestId: response.headers.get('x-request-id'),
      correlationId: response.headers.get('x-correlation-id'),
      body: (await response.json()) as GraphQLResponse,
    };
  };

  /** The entries of every trail recorded under a request id: which trail, who, what. */
  const entriesUnder = async (requestId: string) => {
    const found: Array<{ trail: string; actor: string; action: string }> = [];
    for (const [trail, database] of Object.entries(graph.hub.databases)) {
      const rows: Array<{ actor_id: string; action: string }> = await database!.dataSource.query(
        `SELECT actor_id, action FROM "${trail}".audit_entry WHERE request_id = $1 ORDER BY seq`,
        [requestId],
      );
      found.push(...rows.map((row) => ({ trail, actor: row.actor_id, action: row.action })));
    }
    return found;
  };

  it("assigns every request an id of its own, and hands a client's X-Request-Id back as its correlation id", async () => {
    const plain = await send('{ lots(first: 1) { totalCount } }', {});
    expect(plain.requestId).toMatch(TIME_ORDERED_UUID);
    expect(plain.correlationId).toBeNull();

    const correlated = await send('{ lots(first: 1) { totalCount } }', { 'x-request-id': 'mes-4711' });
    expect(correlated.requestId).toMatch(TIME_ORDERED_UUID);
    expect(correlated.requestId).not.toBe(plain.requestId);
    expect(correlated.correlationId).toBe('mes-4711');
    expect((await send('{ lots(first: 1) { totalCount } }', { 'x-correlation-id': 'mes-4712' })).correlationId).toBe('mes-4712');
  });

  it("never audits an id a client sent: an operator who sends an admin's request id gets entries under an id of their own", async () => {
    const admin = await send(
      'mutation { createUser(input: { userId: "request.ids", printedName: "Request Ids", roles: [OPERATOR], password: "request ids passphrase" }) { id } }',
      {},
      'admin',
    );
    expect(admin.body.errors).toBeUndefined();
    expect(await entriesUnder(admin.requestId!)).toEqual([{ trail: 'compliance', actor: 'admin', action: expect.any(String) }]);

    const operator = await send(
      'mutation { createProductionOrder(input: { number: "PO-RID-1", materialCode: "SA-BRL-3001", plannedQuantity: 100 }) { status } }',
      { 'x-request-id': admin.requestId! },
      'operator',
    );
    expect(operator.body.errors).toBeUndefined();
    expect(operator.requestId).not.toBe(admin.requestId);
    expect(operator.correlationId).toBe(admin.requestId);
    expect(await entriesUnder(admin.requestId!)).toEqual([{ trail: 'compliance', actor: 'admin', action: expect.any(String) }]);
    expect(await entriesUnder(operator.requestId!)).toEqual([{ trail: 'batch', actor: 'operator', action: expect.any(String) }]);
  });

  it("keeps the request id of the graph's own calls (with the gateway secret), which the client limits do not hold", async () => {
    const lots = Array.from({ length: 40 }, (_, i) => `l${i}: lot(lotNumber: "SYR3-2611-0008") { lotNumber }`).join(' ');
    const fromSubgraph = await send(`{ ${lots} }`, { 'x-lotgraph-gateway-secret': graph.config.gatewaySecret, 'x-request-id': 'outbox-4711' });
    expect(fromSubgraph.requestId).toBe('outbox-4711');
    expect(fromSubgraph.body.errors).toBeUndefined();

    const forged = await send(`{ ${lots} }`, { 'x-lotgraph-gateway-secret': 'a guess', 'x-request-id': 'outbox-4711' });
    expect(forged.requestId).toMatch(TIME_ORDERED_UUID);
    expect(forged.correlationId).toBe('outbox-4711');
    expect(forged.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES' });
  });
});
