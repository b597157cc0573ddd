import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLScalarType } from 'graphql';
import { badInput } from '../graphql/errors';
import { operationInputProblem } from '../graphql/operation-inputs';

/**
 * Refuses, before planning, an operation with an input value the graph cannot take (operationInputProblem):
 * BAD_USER_INPUT with HTTP 400, naming where it was given. The gateway runs it with the subgraphs' scalars.
 */
export function inputCheckPlugin(scalars: readonly GraphQLScalarType[]): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const refusal = operationInputProblem(schema, document, operation, request.variables ?? {}, scalars);
          if (refusal) throw badInput(refusal.entity, refusal.field, refusal.reason, { http: { status: 400 } });
        },
      };
    },
  };
}
