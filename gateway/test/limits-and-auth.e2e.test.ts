import jwt from 'jsonwebtoken';
import { getIntrospectionQuery } from 'graphql';
import { signToken } from '@lotgraph/server';
import { startTestGraph, type TestGraph } from './support/test-graph';

describe('who may ask what, and how much', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ maxDepth: 6, maxCost: 3000, maxAliases: 20 });
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('lets an anonymous caller read nothing but __typename', async () => {
    expect(await graph.query('{ __typename }', { token: null })).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    const refused = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { lotNumber } }', { token: null });
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(refused.errors![0].message).toMatch(/Authorization: Bearer/);
  });

  it('refuses forged, expired and malformed tokens with the reason', async () => {
    const forged = signToken({ id: 'qa.manager', name: 'Mallory', roles: ['ADMIN'] }, 'not-the-secret', '1h');
    const expired = jwt.sign({ name: 'x', roles: ['QA_MANAGER'] }, graph.config.jwtSecret, {
      algorithm: 'HS256', subject: 'qa.manager', issuer: 'lotgraph', expiresIn: -10,
    });
    const unsigned = jwt.sign({ roles: ['ADMIN'] }, '', { algorithm: 'none', subject: 'admin', issuer: 'lotgraph' });
    const cases: Array<[string, RegExp]> = [
      [forged, /invalid signature/],
      [expired, /token expired at/],
      [unsigned, /jwt signature is required|invalid algorithm/],
      ['abc.def', /jwt malformed/],
    ];
    for (const [token, reason] of cases) {
      const response = await graph.query('{ __typename }', { token });
      expect(response.status).toBe(401);
      expect(response.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      expect(response.errors![0].message).toMatch(reason);
    }
  });

  it('refuses a query deeper than the limit, naming depth and limit', async () => {
    const response = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { producedOn { parent { parent { parent { parent { parent { code } } } } } } } }');
    expect(response.status).toBe(400);
    expect(response.errors![0]).toMatchObject({
      message: expect.stringContaining('Query is 8 levels deep; the limit is 6'),
      extensions: { code: 'QUERY_TOO_DEEP', depth: 8, maxDepth: 6 },
    });
  });

  it('refuses a query whose estimated cost is over the limit, and counts page sizes from variables', async () => {
    const query = `query ($n: Int) { lots(first: $n) { edges { node { lotNumber exceptions { number capas { number } } } } } }`;
    const tooBig = await graph.query(query, { variables: { n: 400 } });
    expect(tooBig.errors![0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', maxCost: 3000 } });
    expect(tooBig.errors![0].message).toMatch(/Query cost is estimated at \d+; the limit is 3000/);
    const small = await graph.query(query, { variables: { n: 5 } });
    expect(small.errors).toBeUndefined();
  });

  it('counts a page size left to its declared default, so defaults cannot slip past the limit', async () => {
    const response = await graph.query(`query ($n: Int = 400) { lots(first: $n) { edges { node { lotNumber exceptions { number capas { number } } } } } }`);
    expect(response.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('answers verifyAuditTrail once per operation: twenty of them are refused, naming it, before any runs', async () => {
    const auditor = graph.tokenFor('auditor');
    const twenty = Array.from({ length: 20 }, (_, i) => `v${i}: verifyAuditTrail { schema ok }`).join(' ');
    const refused = await graph.query(`{ ${twenty} }`, { token: auditor });
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      {
        message: 'Query.verifyAuditTrail is costly to answer, so an operation may ask it only once; this one asks it 20 times.',
        extensions: { code: 'QUERY_TOO_COMPLEX', field: 'Query.verifyAuditTrail', times: 20, maxTimes: 1 },
      },
    ]);
    // Asked twice under one name it is answered once, as GraphQL merges the two.
    const once = await graph.query('{ verifyAuditTrail { schema } verifyAuditTrail { ok } }', { token: auditor });
    expect(once.errors).toBeUndefined();
    expect(once.data!.verifyAuditTrail).toEqual(expect.arrayContaining([{ schema: 'batch', ok: true }]));
  });

  it('refuses more aliased fields than LOTGRAPH_MAX_ALIASES: a thousand lots in one operation', async () => {
    const lots = (n: number) => Array.from({ length: n }, (_, i) => `l${i}: lot(lotNumber: "SYR3-2611-0008") { lotNumber }`).join(' ');
    const refused = await graph.query(`{ ${lots(1000)} }`);
    expect(refused.status).toBe(400);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([
      {
        message: 'The operation has 1000 aliased fields; the limit is 20 (LOTGRAPH_MAX_ALIASES). Ask a list field (lots, exceptions, capas) or send several requests.',
        extensions: { code: 'TOO_MANY_ALIASES', aliases: 1000, maxAliases: 20 },
      },
    ]);
    expect((await graph.query(`{ ${lots(20)} }`)).errors).toBeUndefined();
  });

  it('weighs the fields that walk the genealogy or aggregate: fifteen traces are over a cost limit fifteen lots are far under', async () => {
    const fifteen = (field: string) => Array.from({ length: 15 }, (_, i) => `f${i}: ${field}`).join(' ');
    const traces = await graph.query(`{ ${fifteen('trace(lotNumber: "SYR3-2611-0008", direction: UPSTREAM) { lots { lotNumber } }')} }`);
    expect(traces.errors![0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', maxCost: 3000 } });
    expect(traces.errors![0].extensions!.cost).toBeGreaterThan(3000);
    expect((await graph.query(`{ ${fifteen('lot(lotNumber: "SYR3-2611-0008") { lotNumber }')} }`)).errors).toBeUndefined();
  });

  it("refuses an operation over a limit in the caller's language", async () => {
    const response = await fetch(`${graph.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${graph.tokenFor('auditor')}`, 'accept-language': 'zh-CN,zh;q=0.9' },
      body: JSON.stringify({ query: '{ a: verifyAuditTrail { ok } b: verifyAuditTrail { ok } }' }),
    });
    const body = (await response.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0].message).toBe('Query.verifyAuditTrail 的计算开销很大，一个操作只能请求一次；此操作请求了 2 次。');
  });

  it('suggests no field, argument or value names to a caller without a token; a signed-in one gets them', async () => {
    const mistakes = [
      'mutation { createUse }',
      'mutation { login(userId: "qa.manager", pasword: "x") { token } }',
      '{ trace(lotNumber: "SYR3-2611-0008", direction: UPSTRAEM) { lots { lotNumber } } }',
    ];
    const anonymous = await Promise.all(mistakes.map((query) => graph.query(query, { token: null })));
    expect(anonymous.map((response) => response.errors![0].message)).toEqual([
      'Cannot query field "createUse" on type "Mutation".',
      'Unknown argument "pasword" on field "Mutation.login".',
      'Value "UPSTRAEM" does not exist in "TraceDirection" enum.',
    ]);
    const signedIn = await Promise.all(mistakes.map((query) => graph.query(query)));
    expect(signedIn.map((response) => response.errors![0].message)).toEqual([
      'Cannot query field "createUse" on type "Mutation". Did you mean "createUser"?',
      'Unknown argument "pasword" on field "Mutation.login". Did you mean "password"?',
      'Value "UPSTRAEM" does not exist in "TraceDirection" enum. Did you mean the enum value "UPSTREAM"?',
    ]);
  });

  it('refuses bottomless introspection', async () => {
    const nested = 'fields { type { ' .repeat(11) + 'name' + ' } }'.repeat(11);
    const response = await graph.query(`{ __schema { types { ${nested} } } }`);
    expect(response.errors![0]).toMatchObject({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('lets GraphiQL introspect the schema whatever the limits', async () => {
    const response = await graph.query(getIntrospectionQuery());
    expect(response.errors).toBeUndefined();
  });

  it('answers an oversized request with a 413 it can read', async () => {
    const response = await fetch(`${graph.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${graph.tokenFor('auditor')}` },
      body: JSON.stringify({ query: `{ __typename }`, variables: { padding: 'x'.repeat(3 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: 'Request body is larger than 2097152 bytes', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('serves an offline GraphiQL page in the browser', async () => {
    const response = await fetch(`${graph.base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>LotGraph</title>');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });

  it('refuses calls that go around the gateway straight to a subgraph', async () => {
    const batchUrl = graph.hub.gateway.subgraphUrls.batch;
    const response = await fetch(batchUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lotgraph-user': Buffer.from(JSON.stringify({ id: 'admin', roles: ['ADMIN'] })).toString('base64url') },
      body: JSON.stringify({ query: '{ lots { totalCount } }' }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The batch subgraph only answers the LotGraph gateway', extensions: { code: 'FORBIDDEN' } }],
    });
  });
});
