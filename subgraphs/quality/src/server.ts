import path from 'node:path';
import {
  DateTimeScalar,
  createGraphClient,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type GraphClient,
  type SubgraphServer,
  type SubgraphServerOptions,
  AuditTrail,
} from '@lotgraph/server';
import { createQualityLoaders, type QualityLoaders } from './quality.loaders';
import { QualityExceptionRepository } from './exception/quality-exception.repository';
import { QualityExceptionService } from './exception/quality-exception.service';
import { qualityExceptionResolvers } from './exception/quality-exception.resolver';
import { InspectionRepository } from './inspection/inspection.repository';
import { InspectionService } from './inspection/inspection.service';
import { inspectionResolvers } from './inspection/inspection.resolver';
import { LotLookupClient } from './lot/lot-lookup.client';
import { lotDossierResolvers } from './dossier/lot-dossier.resolver';
import { releaseCheckResolvers } from './release/release-check.resolver';
import { historyResolvers } from './audit/history.resolver';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const QUALITY_SDL_PATH = path.join(__dirname, '..', 'src', 'quality.graphql');

/** `graph` asks other domains through the gateway (the batch domain, for the lots inspections are made on). */
export function qualitySubgraph(database: SubgraphDatabase, graph: GraphClient): SubgraphDefinition<QualityLoaders> {
  const exceptions = new QualityExceptionRepository(database.dataSource);
  const inspections = new InspectionRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'quality');
  return {
    name: 'quality',
    typeDefs: loadTypeDefs(QUALITY_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar },
      qualityExceptionResolvers(new QualityExceptionService(exceptions)),
      inspectionResolvers(new InspectionService(inspections, new LotLookupClient(graph), audit)),
      releaseCheckResolvers(),
      lotDossierResolvers(),
      historyResolvers(),
    ),
    createLoaders: () => createQualityLoaders(exceptions, inspections, audit),
  };
}

/** Builds the quality subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createQualityServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined) });
  return createSubgraphServer(qualitySubgraph(options.database, graph), options);
}

export { createQualityDatabase } from './quality.database';
export { seedQualityDemo } from './demo/quality-demo';
export { QualityExceptionRepository } from './exception/quality-exception.repository';
export { InspectionRepository } from './inspection/inspection.repository';
export { InspectionService } from './inspection/inspection.service';
export { validateInspectionInput } from './inspection/inspection-input';
