import { STATUS_CODES } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';

/**
 * A GraphQL request the gateway of this process hands a subgraph of this process without HTTP: the headers it
 * would have sent (gateway secret, user, token, request id) and the POST body, not serialised.
 */
export interface GatewayCall {
  headers: Iterable<[string, string]>;
  body: { query?: string; operationName?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> };
}

/** The answer: the HTTP status the subgraph would have sent, and the GraphQL response as objects. */
export interface GatewayAnswer {
  status: number;
  statusText: string;
  body: FormattedExecutionResult;
}

/** Who the subgraph is and how it vets a call: the checks its HTTP handler makes, shared with it. */
export interface GatewayCallChecks<TContext> {
  /** Refusal message when the call does not carry the gateway secret; undefined when it does. */
  refuse(header: (name: string) => string | undefined): string | undefined;
  context(header: (name: string) => string | undefined): TContext;
}

function answer(status: number, body: FormattedExecutionResult): GatewayAnswer {
  return { status, statusText: STATUS_CODES[status] ?? '', body };
}

/**
 * Runs a call through the subgraph's Apollo request pipeline (the same plugins: identity, role checks, error
 * formatting) as its HTTP handler does, minus the socket and the JSON text both ways.
 */
export async function answerGatewayCall<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  checks: GatewayCallChecks<TContext>,
  call: GatewayCall,
): Promise<GatewayAnswer> {
  const headers = new HeaderMap();
  for (const [name, value] of call.headers) headers.set(name.toLowerCase(), value);
  const header = (name: string) => headers.get(name);
  const refusal = checks.refuse(header);
  if (refusal) return answer(403, { errors: [{ message: refusal, extensions: { code: 'FORBIDDEN' } }] });
  const { query, operationName, variables, extensions } = call.body;
  const response = await apollo.executeOperation(
    { query, operationName, variables, extensions, http: { method: 'POST', headers, search: '', body: call.body } },
    { contextValue: checks.context(header) },
  );
  // The gateway asks for nothing incremental (@defer); over HTTP such an answer would be refused too.
  if (response.body.kind !== 'single') throw new Error('An incremental answer cannot be passed to the gateway in-process');
  return answer(response.http.status ?? 200, response.body.singleResult);
}
