import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../context/request-context';

/**
 * Names the request beside the unexpected errors formatError logs (and hides from the caller): its request id — the
 * one its audit entries carry — and the client's correlation id, so a client's report can be found in the log and
 * the log line in the audit trail.
 */
export const requestLogPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ contextValue, errors, operationName }) {
        const unexpected = errors.filter((error) => !error.extensions.code || error.extensions.code === 'INTERNAL_SERVER_ERROR');
        if (unexpected.length === 0) return;
        const correlation = contextValue.correlationId ? ` (client's correlation id ${contextValue.correlationId})` : '';
        const operation = operationName ?? 'an unnamed operation';
        console.error(`request ${contextValue.requestId}${correlation}: ${operation} failed: ${unexpected.map((error) => error.message).join('; ')}`);
      },
    };
  },
};
