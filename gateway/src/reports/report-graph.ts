import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../gateway-context';
import type { GraphAnswer } from './report-parts';

/** Runs one operation of a report's document and gives the graph's answer. */
export type RunOperation = <T>(document: string, operationName: string, variables: Record<string, unknown>) => Promise<GraphAnswer<T>>;

/**
 * Runs report operations through the gateway's own Apollo server as the caller (their identity and token in the
 * context): the same plugins (identity, depth and cost limits), query plan and subgraph role checks as POST /graphql.
 * Errors keep only what a report shows (message, path, code), which is also what its data hash covers.
 */
export function runAsCaller(apollo: ApolloServer<GatewayContext>, context: GatewayContext): RunOperation {
  return async <T>(document: string, operationName: string, variables: Record<string, unknown>) => {
    const response = await apollo.executeOperation<T & Record<string, unknown>>({ query: document, operationName, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error(`${operationName}: the gateway answered with incremental delivery, which reports do not use`);
    const { data, errors } = response.body.singleResult;
    return {
      data: (data ?? null) as T | null,
      errors: errors?.map((error) => ({ message: error.message, path: error.path, extensions: { code: error.extensions?.code } })),
    };
  };
}
