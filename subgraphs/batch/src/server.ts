import path from 'node:path';
import {
  DateScalar,
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
} from '@lotgraph/server';
import { createBatchLoaders, type BatchLoaders } from './batch.loaders';
import { createBatchRepositories } from './batch.repositories';
import { LotService } from './lot/lot.service';
import { LotStatusService } from './lot/lot-status.service';
import { lotResolvers } from './lot/lot.resolver';
import { materialResolvers } from './material/material.resolver';
import { equipmentResolvers } from './equipment/equipment.resolver';
import { MaterialService } from './material/material.service';
import { EquipmentService } from './equipment/equipment.service';
import { TraceService } from './genealogy/trace.service';
import { traceResolvers } from './genealogy/trace.resolver';
import { ProductionService } from './production/production.service';
import { productionResolvers } from './production/production.resolver';
import { shipmentResolvers } from './shipment/shipment.resolver';
import { ShipmentService } from './shipment/shipment.service';
import { LotReleaseService } from './lot/lot-release.service';
import { lotReleaseResolvers } from './lot/lot-release.resolver';
import { QualityGateClient } from './lot/quality-gate.client';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const BATCH_SDL_PATH = path.join(__dirname, '..', 'src', 'batch.graphql');

/** `graph` asks other domains through the gateway (the quality domain, before a lot is released). */
export function batchSubgraph(database: SubgraphDatabase, graph: GraphClient): SubgraphDefinition<BatchLoaders> {
  const repos = createBatchRepositories(database.dataSource);
  const statuses = new LotStatusService(repos.lots, repos.statusChanges);
  return {
    name: 'batch',
    typeDefs: loadTypeDefs(BATCH_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, Date: DateScalar },
      lotResolvers(new LotService(repos.lots), statuses),
      lotReleaseResolvers(new LotReleaseService(repos.lots, statuses, new QualityGateClient(graph))),
      materialResolvers(new MaterialService(repos.materials)),
      equipmentResolvers(new EquipmentService(repos.equipment)),
      traceResolvers(new TraceService(repos.lots, repos.genealogy, repos.shipments)),
      productionResolvers(new ProductionService(repos.production)),
      shipmentResolvers(new ShipmentService(repos.shipments, repos.lots, repos.usageRefusals)),
    ),
    createLoaders: () => createBatchLoaders(repos),
  };
}

/** Builds the batch subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createBatchServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined) });
  return createSubgraphServer(batchSubgraph(options.database, graph), options);
}

export { createBatchDatabase } from './batch.database';
export { seedBatchDemo } from './demo/batch-demo';
export { createBatchRepositories } from './batch.repositories';
