import path from 'node:path';
import {
  DateScalar,
  DateTimeScalar,
  JSONScalar,
  createGraphClient,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  SignatureService,
  SignerClient,
  Outbox,
  OutboxDispatcher,
  type OutboxDispatcherOptions,
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
import { InventoryService } from './inventory/inventory.service';
import { inventoryResolvers } from './inventory/inventory.resolver';
import { ProductionReportService } from './production/production-report.service';
import { SerialService } from './lot/serial.service';
import { serialResolvers } from './lot/serial.resolver';
import { RecallService } from './recall/recall.service';
import { recallResolvers } from './recall/recall.resolver';
import { DossierService } from './dossier/dossier.service';
import { dossierResolvers } from './dossier/dossier.resolver';
import { EpcisExportService } from './epcis/epcis-export.service';
import { epcisResolvers } from './epcis/epcis.resolver';
import { LotReleaseService } from './lot/lot-release.service';
import { lotReleaseResolvers } from './lot/lot-release.resolver';
import { lotSignatureResolvers } from './lot/lot-signature.resolver';
import { QualityGateClient } from './lot/quality-gate.client';
import { historyResolvers } from './audit/history.resolver';
import { LotDispositionService } from './lot/lot-disposition.service';
import { lotDispositionResolvers } from './lot/lot-disposition.resolver';
import { REPORT_REFUSAL_TOPIC, refusalReportDelivery } from './lot/refusal-report.delivery';

export interface BatchSubgraphOptions {
  /** The secret the batch domain signs its usage guard's tokens with; without it, refusals wait in the outbox. */
  tokenSecret?: string;
  dispatcher?: OutboxDispatcherOptions;
}

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const BATCH_SDL_PATH = path.join(__dirname, '..', 'src', 'batch.graphql');

/**
 * `graph` asks other domains through the gateway (before a lot is released: the quality domain for its release
 * check, the compliance domain to re-authenticate the signer).
 */
export function batchSubgraph(database: SubgraphDatabase, graph: GraphClient, options: BatchSubgraphOptions = {}): SubgraphDefinition<BatchLoaders> & { refusalReports: OutboxDispatcher | null } {
  const repos = createBatchRepositories(database.dataSource);
  // Each refused use of a lot is told to the quality domain (HELD_LOT_USE rules) from the batch outbox.
  const refusalReports = options.tokenSecret
    ? new OutboxDispatcher(new Outbox(database.dataSource, 'batch'), refusalReportDelivery(graph, options.tokenSecret), { ...options.dispatcher, topics: [REPORT_REFUSAL_TOPIC] })
    : null;
  if (refusalReports) repos.usageRefusals.onTold(() => refusalReports.wake());
  const traces = new TraceService(repos.genealogy);
  const statuses = new LotStatusService(repos.lots, repos.statusChanges, repos.recalls, repos.audit, repos.exceptionHolds);
  return {
    refusalReports,
    workers: refusalReports ? [refusalReports] : [],
    name: 'batch',
    typeDefs: loadTypeDefs(BATCH_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, Date: DateScalar, JSON: JSONScalar },
      lotResolvers(new LotService(repos.lots), statuses),
      lotReleaseResolvers(
        new LotReleaseService(repos.lots, statuses, new QualityGateClient(graph), new SignerClient(graph), new SignatureService(repos.signatures, repos.audit), repos.audit),
      ),
      lotSignatureResolvers(),
      materialResolvers(new MaterialService(repos.materials)),
      equipmentResolvers(new EquipmentService(repos.equipment)),
      traceResolvers(traces),
      epcisResolvers(new EpcisExportService(traces, repos)),
      productionResolvers(
        new ProductionService(repos.production, repos.equipment),
        new ProductionReportService(repos.production, repos.lots, repos.materials, repos.equipment, repos.genealogy, repos.movements, repos.statusChanges, repos.sublots, repos.usageRefusals, repos.audit),
      ),
      shipmentResolvers(new ShipmentService(repos.shipments, repos.lots, repos.usageRefusals, repos.movements, repos.audit)),
      inventoryResolvers(new InventoryService(repos.lots, repos.movements, repos.statusChanges, repos.usageRefusals, repos.materials, repos.suppliers, repos.audit)),
      serialResolvers(new SerialService(repos.sublots, repos.materials), traces),
      dossierResolvers(new DossierService(repos.genealogy, repos.production, repos.shipments, repos.recalls)),
      recallResolvers(new RecallService(repos.recalls, repos.lots, repos.genealogy, repos.shipments, repos.materials, repos.sublots, repos.statusChanges, repos.audit)),
      historyResolvers(),
      lotDispositionResolvers(new LotDispositionService(repos.lots, repos.statusChanges, repos.exceptionHolds, repos.recalls, repos.audit)),
    ),
    createLoaders: () => createBatchLoaders(repos),
  };
}

/** Builds the batch subgraph server without listening, so tests and the embedded hub run it in-process. */
export function createBatchServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined), gatewaySecret: options.gatewaySecret });
  return createSubgraphServer(batchSubgraph(options.database, graph, { tokenSecret: options.tokens?.secret }), options);
}

export { createBatchDatabase } from './batch.database';
export { seedBatchDemo } from './demo/batch-demo';
export { createBatchRepositories } from './batch.repositories';
export { EpcisExportService } from './epcis/epcis-export.service';
export { TraceService } from './genealogy/trace.service';
// Entities, for tools that read the batch tables through TypeORM (the trace benchmark's naive walk).
export { LotEntity } from './lot/lot.entity';
export { GenealogyLinkEntity } from './genealogy/genealogy-link.entity';
export { ShipmentEntity } from './shipment/shipment.entity';
export { ShipmentLineEntity } from './shipment/shipment-line.entity';
export { CustomerEntity } from './shipment/customer.entity';
export type { TraceDirection, TracedLink } from './genealogy/genealogy.repository';
