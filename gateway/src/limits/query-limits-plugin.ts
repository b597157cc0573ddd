import type { ApolloServerPlugin } from '@apollo/server';
import { negotiateLocale } from '@lotgraph/schema';
import type { GatewayContext } from '../gateway-context';
import { checkQueryLimits, measureOperation, type QueryLimits } from './query-limits';

/** Measures each client operation once it is parsed and validated, and refuses it over a limit before it runs. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request, schema, contextValue }) {
          // The graph's own calls are built by our code and sized by the client request they serve (which was
          // measured): a page of CAPAs asks the metric of each under its own alias.
          if (contextValue.fromSubgraph) return;
          const locale = negotiateLocale(request.http?.headers.get('accept-language'));
          checkQueryLimits(measureOperation(schema, document, operationName, request.variables ?? {}), limits, locale);
        },
      };
    },
  };
}
