import path from 'node:path';
import {
  DateTimeScalar,
  createGraphClient,
  JSONScalar,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '@lotgraph/server';
import { createIntegrationServices } from './integration.services';
import { fieldDictionaryResolvers } from './dictionary/field-dictionary.resolver';
import { ingestRejectionResolvers } from './rejection/ingest-rejection.resolver';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const INTEGRATION_SDL_PATH = path.join(__dirname, '..', 'src', 'integration.graphql');

/** The integration domain: the field dictionary adapters map onto, and the records they could not import. */
export function integrationSubgraph(database: SubgraphDatabase, options: Pick<SubgraphServerOptions, 'gatewayUrl' | 'gatewaySecret'>): SubgraphDefinition<Record<string, never>> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined), gatewaySecret: options.gatewaySecret });
  const services = createIntegrationServices(database, graph);
  return {
    name: 'integration',
    typeDefs: loadTypeDefs(INTEGRATION_SDL_PATH),
    resolvers: mergeResolvers({ DateTime: DateTimeScalar, JSON: JSONScalar }, fieldDictionaryResolvers(), ingestRejectionResolvers(services.rejections, services.replays)),
    createLoaders: () => ({}),
  };
}

/** Builds the integration subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createIntegrationServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  return createSubgraphServer(integrationSubgraph(options.database, options), options);
}

/** Nothing of the demo plant lives here: a fresh plant has rejected nothing. */
export async function seedIntegrationDemo(): Promise<void> {}

export { createIntegrationDatabase } from './integration.database';
export { createIntegrationServices, type IntegrationServices } from './integration.services';
