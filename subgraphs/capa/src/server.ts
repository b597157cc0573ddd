import path from 'node:path';
import {
  AuditTrail,
  DateScalar,
  DateTimeScalar,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
} from '@lotgraph/server';
import { createCapaLoaders, type CapaLoaders } from './capa.loaders';
import { CapaRepository } from './capa/capa.repository';
import { CapaService } from './capa/capa.service';
import { capaResolvers } from './capa/capa.resolver';
import { historyResolvers } from './audit/history.resolver';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const CAPA_SDL_PATH = path.join(__dirname, '..', 'src', 'capa.graphql');

export function capaSubgraph(database: SubgraphDatabase): SubgraphDefinition<CapaLoaders> {
  const capas = new CapaRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'capa');
  return {
    name: 'capa',
    typeDefs: loadTypeDefs(CAPA_SDL_PATH),
    resolvers: mergeResolvers({ DateTime: DateTimeScalar, Date: DateScalar }, capaResolvers(new CapaService(capas)), historyResolvers()),
    createLoaders: () => createCapaLoaders(capas, audit),
  };
}

/** Builds the capa subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createCapaServer(options: { database: SubgraphDatabase; gatewaySecret: string }): Promise<SubgraphServer> {
  return createSubgraphServer(capaSubgraph(options.database), options);
}

export { createCapaDatabase } from './capa.database';
export { seedCapaDemo } from './demo/capa-demo';
