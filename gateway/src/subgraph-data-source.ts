import http from 'node:http';
import https from 'node:https';
import fetch, { type RequestInit } from 'node-fetch';
import { GraphQLError } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { HEADERS, encodeUserHeader } from '@lotgraph/server';
import type { GatewayContext } from './gateway-context';

const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

/** Gateway → subgraph fetches reuse connections instead of opening one per call. */
const keepAliveFetch = ((url: string, init?: RequestInit) =>
  fetch(url, { ...init, agent: url.startsWith('https:') ? httpsAgent : httpAgent })) as unknown as typeof fetch;

/**
 * Calls one subgraph on behalf of the caller: proves it is the gateway (shared secret) and forwards who is
 * asking, their token (so the subgraph can ask another domain through the graph as them) and the request id,
 * so every subgraph sees the same request context.
 */
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
    headers.set(HEADERS.gatewaySecret, this.gatewaySecret);
    if (context?.requestId) headers.set(HEADERS.requestId, context.requestId);
    if (context?.user) headers.set(HEADERS.user, encodeUserHeader(context.user));
    if (context?.user && context.token) headers.set(HEADERS.callerToken, context.token);
  }

  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    // Network failures: say which subgraph is unreachable instead of a bare socket error.
    throw new GraphQLError(`The ${this.subgraphName} subgraph is unavailable: ${error.message}`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: this.subgraphName },
    });
  }
}
