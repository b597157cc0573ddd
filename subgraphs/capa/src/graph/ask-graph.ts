import { GraphQLError } from 'graphql';
import { GraphUnavailableError, type GraphCaller, type GraphClient, type GraphError, type GraphResponse } from '@lotgraph/server';

/**
 * Asks the graph as the caller; no answer at all becomes an error saying what could not be done and why (the
 * capa domain never takes silence for a yes). Errors inside the answer are the caller's to read.
 */
export async function askGraph<T>(graph: GraphClient, query: string, variables: Record<string, unknown>, caller: GraphCaller, doing: string): Promise<GraphResponse<T>> {
  try {
    return await graph.query<T>(query, variables, caller);
  } catch (err) {
    if (err instanceof GraphUnavailableError) throw graphUnavailable(doing, err.message);
    throw err;
  }
}

export function graphUnavailable(doing: string, reason: string): GraphQLError {
  return new GraphQLError(`Cannot ${doing} now: the graph did not answer (${reason})`, { extensions: { code: 'GRAPH_UNAVAILABLE' } });
}

/** The errors of an aliased query that concern one alias: its path starts with it, or it has none (it concerns the whole request). */
export const errorsAt = (errors: readonly GraphError[] | undefined, alias: string): GraphError[] => (errors ?? []).filter((error) => !error.path?.length || error.path[0] === alias);

export const isNotFound = (error: GraphError): boolean => error.extensions?.code === 'NOT_FOUND';
