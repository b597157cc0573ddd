import path from 'node:path';
import {
  DateScalar,
  DateTimeScalar,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
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

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const BATCH_SDL_PATH = path.join(__dirname, '..', 'src', 'batch.graphql');

export function batchSubgraph(database: SubgraphDatabase): SubgraphDefinition<BatchLoaders> {
  const repos = createBatchRepositories(database.dataSource);
  return {
    name: 'batch',
    typeDefs: loadTypeDefs(BATCH_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, Date: DateScalar },
      lotResolvers(new LotService(repos.lots), new LotStatusService(repos.lots, repos.statusChanges)),
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
export function createBatchServer(options: { database: SubgraphDatabase; gatewaySecret: string }): Promise<SubgraphServer> {
  return createSubgraphServer(batchSubgraph(options.database), options);
}

export { createBatchDatabase } from './batch.database';
export { seedBatchDemo } from './demo/batch-demo';
export { createBatchRepositories } from './batch.repositories';
// Entities, for tools that read the batch tables through TypeORM (the trace benchmark's naive walk).
export { LotEntity } from './lot/lot.entity';
export { GenealogyLinkEntity } from './genealogy/genealogy-link.entity';
export { ShipmentEntity } from './shipment/shipment.entity';
export { ShipmentLineEntity } from './shipment/shipment-line.entity';
export { CustomerEntity } from './shipment/customer.entity';
export type { TraceDirection, TracedLink } from './genealogy/genealogy.repository';
