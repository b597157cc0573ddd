import { createGatewayServer, type GatewayServer } from '../src/server';
import { startTestGraph, type TestGraph } from './support/test-graph';

const FRONT_END = 'http://localhost:5173';

// A front end served from its own origin calls the gateway from the browser: preflight, then the request itself.
describe('cross-origin calls from browser front ends (LOTGRAPH_CORS_ORIGINS)', () => {
  let graph: TestGraph;
  let gateway: GatewayServer;
  let base: string;

  beforeAll(async () => {
    graph = await startTestGraph();
    gateway = await createGatewayServer({ config: { ...graph.config, corsOrigins: [FRONT_END] }, subgraphUrls: graph.hub.gateway.subgraphUrls });
    base = await gateway.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await gateway?.stop();
    await graph?.stop();
  });

  const preflight = (url: string, origin: string) =>
    fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

  it('answers the preflight of an allowed origin with the methods and headers a GraphQL client sends', async () => {
    const response = await preflight(`${base}/graphql`, FRONT_END);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['authorization', 'content-type', 'last-event-id']));
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it("lets the allowed origin read the answer, its request id and its correlation id", async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { origin: FRONT_END, 'content-type': 'application/json', authorization: `Bearer ${graph.tokenFor('qa.engineer')}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { id: 'qa.engineer' } } });
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id, x-correlation-id');
  });

  it('opens the exception event stream to the allowed origin', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/events/exceptions`, {
      headers: { origin: FRONT_END, accept: 'text/event-stream', authorization: `Bearer ${graph.tokenFor('qa.engineer')}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    controller.abort();
  });

  it('refuses the preflight of another origin, saying which origins are allowed, and gives it no access to answers', async () => {
    const refused = await preflight(`${base}/graphql`, 'https://evil.example');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      errors: [{ message: `Pages from https://evil.example may not call this gateway; allowed: ${FRONT_END} (LOTGRAPH_CORS_ORIGINS)`, extensions: { code: 'FORBIDDEN' } }],
    });
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a preflight ask for the extra headers its client sends, but never gives another origin the GraphiQL page', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: FRONT_END, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, apollographql-client-name, traceparent' },
    });
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(expect.arrayContaining(['apollographql-client-name', 'traceparent']));
    const page = await fetch(`${base}/graphql`, { headers: { origin: FRONT_END, accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no other origin unless configured', async () => {
    const refused = await preflight(graph.hub.url, FRONT_END);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0].message).toBe(
      `Pages from ${FRONT_END} may not call this gateway; set LOTGRAPH_CORS_ORIGINS to allow it`,
    );
  });
});
