import path from 'node:path';
import {
  DateTimeScalar,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
} from '@lotgraph/server';
import { createQualityLoaders, type QualityLoaders } from './quality.loaders';
import { QualityExceptionRepository } from './exception/quality-exception.repository';
import { QualityExceptionService } from './exception/quality-exception.service';
import { qualityExceptionResolvers } from './exception/quality-exception.resolver';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const QUALITY_SDL_PATH = path.join(__dirname, '..', 'src', 'quality.graphql');

export function qualitySubgraph(database: SubgraphDatabase): SubgraphDefinition<QualityLoaders> {
  const exceptions = new QualityExceptionRepository(database.dataSource);
  return {
    name: 'quality',
    typeDefs: loadTypeDefs(QUALITY_SDL_PATH),
    resolvers: mergeResolvers({ DateTime: DateTimeScalar }, qualityExceptionResolvers(new QualityExceptionService(exceptions))),
    createLoaders: () => createQualityLoaders(exceptions),
  };
}

/** Builds the quality subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createQualityServer(options: { database: SubgraphDatabase; gatewaySecret: string }): Promise<SubgraphServer> {
  return createSubgraphServer(qualitySubgraph(options.database), options);
}

export { createQualityDatabase } from './quality.database';
export { seedQualityDemo } from './demo/quality-demo';
export { QualityExceptionRepository } from './exception/quality-exception.repository';
