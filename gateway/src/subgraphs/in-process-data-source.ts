import { GraphQLError } from 'graphql';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayAnswer, GatewayCall } from '@lotgraph/server';
import type { GatewayContext } from '../gateway-context';
import { gatewayHeaders, subgraphFailure } from './http-data-source';

/** A subgraph served by this process (the hub): it answers the gateway's calls without HTTP. */
export interface InProcessSubgraph {
  answerGateway(call: GatewayCall): Promise<GatewayAnswer>;
}

/**
 * Calls a subgraph of this process as `SubgraphDataSource` calls one over HTTP — the same headers (gateway
 * secret, user, token, request id), which the subgraph checks as its HTTP handler does — but hands the request
 * and the answer over as objects: no socket, no JSON text either way.
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  /** `subgraphs`: the hub's own record, read at each call, so a subgraph the hub replaces is the one called. */
  constructor(
    private readonly subgraphName: string,
    private readonly subgraphs: Partial<Record<string, InProcessSubgraph>>,
    private readonly gatewaySecret: string,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const { request, context } = options;
    if (!request.query) throw new Error('Missing query');
    const headers: Array<[string, string]> = [...(request.http?.headers ?? []), ['content-type', 'application/json']];
    headers.push(...gatewayHeaders(this.gatewaySecret, context));
    const { query, variables, operationName, extensions } = request;
    let answer: GatewayAnswer;
    try {
      const subgraph = this.subgraphs[this.subgraphName];
      if (!subgraph) throw new Error('it is not running');
      answer = await subgraph.answerGateway({ headers, body: { query, variables, operationName: operationName ?? undefined, extensions } });
    } catch (error) {
      throw subgraphFailure(this.subgraphName, error as Error);
    }
    if (answer.status < 200 || answer.status > 299) throw refusal(answer);
    // As over HTTP, where the subgraphs send no cache-control header: the gateway's answer is not cacheable.
    if ('incomingRequestContext' in options) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict({ maxAge: 0 });
    }
    return answer.body;
  }
}

/** What RemoteGraphQLDataSource makes of a non-2xx answer: its status, with the body kept in the extensions. */
function refusal(answer: GatewayAnswer): GraphQLError {
  const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
  return new GraphQLError(`${answer.status}: ${answer.statusText}`, {
    extensions: { response: { status: answer.status, statusText: answer.statusText, body: answer.body }, ...(code ? { code } : {}) },
  });
}
