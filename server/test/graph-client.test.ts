import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphUnavailableError, createGraphClient } from '../src';

/** A stand-in for whatever answers at the gateway's address: a slow gateway, a proxy's HTML error page. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, server };
}

const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

describe('asking the graph through the gateway', () => {
  it('sends the query as the caller, with the gateway secret and the request id, and returns the GraphQL answer errors included', async () => {
    let seen: { authorization?: string; gatewaySecret?: string; requestId?: string; body?: unknown } = {};
    const { url, server } = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = {
          authorization: req.headers.authorization,
          gatewaySecret: req.headers['x-lotgraph-gateway-secret'] as string,
          requestId: req.headers['x-request-id'] as string,
          body: JSON.parse(body),
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { lot: null }, errors: [{ message: 'Lot with lotNumber "X" does not exist', extensions: { code: 'NOT_FOUND' } }] }));
      });
    });
    try {
      const graph = createGraphClient({ gatewayUrl: () => url, gatewaySecret: 'gw-secret' });
      const answer = await graph.query('query ($n: String!) { lot(lotNumber: $n) { id } }', { n: 'X' }, { token: 'tok', requestId: 'req-7' });
      expect(answer).toEqual({ data: { lot: null }, errors: [{ message: 'Lot with lotNumber "X" does not exist', extensions: { code: 'NOT_FOUND' } }] });
      expect(seen).toEqual({
        authorization: 'Bearer tok',
        gatewaySecret: 'gw-secret',
        requestId: 'req-7',
        body: { query: 'query ($n: String!) { lot(lotNumber: $n) { id } }', variables: { n: 'X' } },
      });
    } finally {
      await stop(server);
    }
  });

  it('says why it could not ask: no address, no token, no answer in time, or no GraphQL answer', async () => {
    await expect(createGraphClient({ gatewayUrl: () => undefined }).query('{ __typename }', {}, { token: 't' })).rejects.toThrow(
      new GraphUnavailableError('no gateway URL is configured (LOTGRAPH_GATEWAY_URL)'),
    );
    await expect(createGraphClient({ gatewayUrl: () => 'http://127.0.0.1:1/graphql' }).query('{ __typename }', {}, {})).rejects.toThrow(
      "the caller's token was not forwarded by the gateway",
    );

    const slow = await serve(() => undefined);
    try {
      const graph = createGraphClient({ gatewayUrl: () => slow.url, timeoutMs: 200 });
      await expect(graph.query('{ __typename }', {}, { token: 't' })).rejects.toThrow(`the gateway at ${slow.url} did not answer: no answer within 200 ms`);
    } finally {
      await stop(slow.server);
    }

    const proxy = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    try {
      const graph = createGraphClient({ gatewayUrl: () => proxy.url });
      await expect(graph.query('{ __typename }', {}, { token: 't' })).rejects.toThrow(`the gateway at ${proxy.url} answered HTTP 502 without a GraphQL response`);
    } finally {
      await stop(proxy.server);
    }
  });
});
