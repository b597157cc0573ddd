import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../gateway-context';

// How graphql-js ends a message it adds suggestions to: ` Did you mean "createUser"?`, `… "a" or "b"?`, `… "a", "b", or "c"?`.
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * Takes graphql-js's "Did you mean …?" suggestions out of the errors a caller without a token is answered: they name
 * fields, types and enum values of a schema such a caller may not introspect. Signed-in callers (GraphiQL) keep them.
 * Apollo Server's hideSchemaDetailsFromClientErrors would take them from every caller, and from validation errors only.
 */
export const hideSuggestionsFromAnonymousPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    if (contextValue.user) return;
    return {
      // Every error of the request passes here before it is formatted.
      async didEncounterErrors({ errors }) {
        for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
      },
    };
  },
};
