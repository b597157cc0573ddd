import { GraphQLError } from 'graphql';
import { HEADERS } from '../context/request-context';

/** Who a subgraph asks the graph for: the caller of the request it is serving, and that request's id. */
export interface GraphCaller {
  token?: string | null;
  requestId?: string;
}

export interface GraphError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export interface GraphResponse<T> {
  data?: T | null;
  errors?: GraphError[];
}

/** The graph could not be asked at all: no gateway URL, no token, unreachable, too slow, or not GraphQL. */
export class GraphUnavailableError extends Error {}

export interface GraphClient {
  query<T>(query: string, variables: Record<string, unknown>, caller: GraphCaller): Promise<GraphResponse<T>>;
}

export const DEFAULT_GRAPH_TIMEOUT_MS = 5000;

/**
 * Asks the graph through the gateway, as the caller (their own bearer token, verified again by the gateway),
 * so one domain never reads another's tables. With the gateway secret the gateway takes the call for the graph's
 * own: it keeps the id of the request being served (whose audit entries in every subgraph then carry one id) and
 * does not hold it to the limits it sets clients. Answers the GraphQL response, errors included; throws GraphUnavailableError when
 * there is no GraphQL answer to read.
 */
export function createGraphClient(options: {
  gatewayUrl: () => string | undefined;
  /** Without it the gateway takes the call for a client's: a request id of its own, and the client limits. */
  gatewaySecret?: string;
  timeoutMs?: number;
}): GraphClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_GRAPH_TIMEOUT_MS;
  return {
    async query<T>(query: string, variables: Record<string, unknown>, caller: GraphCaller): Promise<GraphResponse<T>> {
      const url = options.gatewayUrl();
      if (!url) throw new GraphUnavailableError('no gateway URL is configured (LOTGRAPH_GATEWAY_URL)');
      if (!caller.token) throw new GraphUnavailableError("the caller's token was not forwarded by the gateway");
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${caller.token}`,
            ...(options.gatewaySecret ? { [HEADERS.gatewaySecret]: options.gatewaySecret } : {}),
            ...(caller.requestId ? { [HEADERS.requestId]: caller.requestId } : {}),
          },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const error = err as Error;
        const reason = error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error.cause as Error | undefined)?.message ?? error.message;
        throw new GraphUnavailableError(`the gateway at ${url} did not answer: ${reason}`);
      }
      let body: GraphResponse<T>;
      try {
        body = (await response.json()) as GraphResponse<T>;
      } catch {
        throw new GraphUnavailableError(`the gateway at ${url} answered HTTP ${response.status} without a GraphQL response`);
      }
      if (body === null || typeof body !== 'object' || (body.data === undefined && !Array.isArray(body.errors))) {
        throw new GraphUnavailableError(`the gateway at ${url} answered HTTP ${response.status} without a GraphQL response`);
      }
      return body;
    },
  };
}

/**
 * The graph as one caller, for code that wants only the data (the adapters' writes): the answer's data, or a
 * GraphQLError with the graph's first error and its code, as it came.
 */
export function graphRequestAs(graph: GraphClient, caller: GraphCaller): <T>(query: string, variables: Record<string, unknown>) => Promise<T> {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await graph.query<T>(query, variables, caller);
    const error = response.errors?.[0];
    if (error || !response.data) {
      throw new GraphQLError(error?.message ?? 'the graph gave no answer', { extensions: { code: error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR' } });
    }
    return response.data;
  };
}
