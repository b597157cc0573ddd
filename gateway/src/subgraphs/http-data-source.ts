import http from 'node:http';
import https from 'node:https';
import fetch, { type RequestInit } from 'node-fetch';
import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { HEADERS, encodeUserHeader } from '@lotgraph/server';
import type { GatewayContext } from '../gateway-context';

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

/** Gateway → subgraph fetches reuse connections instead of opening one per call. */
const keepAliveFetch = ((url: string, init?: RequestInit) =>
  fetch(url, { ...init, agent: url.startsWith('https:') ? httpsAgent : httpAgent })) as unknown as typeof fetch;

/**
 * What the gateway tells a subgraph with every call: that it is the gateway (shared secret), who is asking,
 * their token (so the subgraph can ask another domain through the graph as them), the request id and the client's
 * correlation id, so every subgraph sees the same request context.
 */
export function gatewayHeaders(gatewaySecret: string, context: Partial<GatewayContext> | undefined): Array<[string, string]> {
  const headers: Array<[string, string]> = [[HEADERS.gatewaySecret, gatewaySecret]];
  if (context?.requestId) headers.push([HEADERS.requestId, context.requestId]);
  if (context?.correlationId) headers.push([HEADERS.correlationId, context.correlationId]);
  if (context?.user) headers.push([HEADERS.user, encodeUserHeader(context.user)]);
  if (context?.user && context.token) headers.push([HEADERS.callerToken, context.token]);
  if (context?.clientAddress) headers.push([HEADERS.clientAddress, context.clientAddress]);
  return headers;
}

/** A failure to reach a subgraph, named after it, instead of a bare socket error; GraphQL errors pass as they are. */
export function subgraphFailure(subgraphName: string, error: Error): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(`The ${subgraphName} subgraph is unavailable: ${error.message}`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: subgraphName },
  });
}

/** Calls one subgraph over HTTP on behalf of the caller (a subgraph elsewhere, LOTGRAPH_<NAME>_URL). */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly gatewaySecret: string,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    super({ url, fetcher: keepAliveFetch as any });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http!.headers;
    for (const [name, value] of gatewayHeaders(this.gatewaySecret, context)) headers.set(name, value);
  }

  override didEncounterError(error: Error): void {
    throw subgraphFailure(this.subgraphName, error);
  }
}
