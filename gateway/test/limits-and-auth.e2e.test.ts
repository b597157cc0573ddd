import jwt from 'jsonwebtoken';
import { getIntrospectionQuery } from 'graphql';
import { signToken } from '@lotgraph/server';
import { startTestGraph, type TestGraph } from './support/test-graph';

describe('who may ask what, and how much', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph({ maxDepth: 6, maxCost: 3000 });
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
