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
  JSONScalar,
  SignatureRepository,
  SignatureService,
  SignerClient,
  Outbox,
  OutboxDispatcher,
  type OutboxDispatcherOptions,
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
import { EquipmentParameterRepository } from './reading/equipment-parameter.repository';
import { EquipmentParameterService } from './reading/equipment-parameter.service';
import { ReadingRepository } from './reading/reading.repository';
import { ReadingService } from './reading/reading.service';
import { SpecificationRepository } from './specification/specification.repository';
import { SpecificationService } from './specification/specification.service';
import { QualityRuleRepository } from './rule/quality-rule.repository';
import { QualityRuleService } from './rule/quality-rule.service';
import { RuleViolationRepository } from './rule/rule-violation.repository';
import { RuleEngine } from './rule/rule-engine';
import { noFurtherAction, type ViolationSink } from './rule/violation-sink';
import { qualityRulesResolvers, type SpecAndRuleServices } from './rule/quality-rules.resolver';
import { ExceptionReportService } from './exception/exception-report.service';
import { exceptionReportResolvers } from './exception/exception-report.resolver';
import { ContainmentRequests, HOLD_LOT_TOPIC } from './containment/containment-requests';
import { HoldLotDelivery } from './containment/hold-lot.delivery';
import { MqttReadingIngest, type MqttIngestOptions } from './ingest/mqtt-reading-ingest';

export interface QualitySubgraphOptions {
  /** The secret the containment signs its system-user tokens with; without it, holds wait in the outbox. */
  tokenSecret?: string;
  dispatcher?: OutboxDispatcherOptions;
  /** The broker to take process readings from (LOTGRAPH_MQTT_URL); no MQTT ingest without it. */
  mqtt?: MqttIngestOptions;
}

/** The quality domain's hold requests and what delivers them to the batch domain. */
export function createContainmentDispatcher(database: SubgraphDatabase, graph: GraphClient, tokenSecret: string, options?: OutboxDispatcherOptions): OutboxDispatcher {
  return new OutboxDispatcher(new Outbox(database.dataSource, 'quality'), createHoldLotDelivery(database, graph, tokenSecret), { ...options, topics: [HOLD_LOT_TOPIC] });
}

/** Puts lots ON_HOLD in the batch domain for the quality outbox's hold requests. */
export function createHoldLotDelivery(database: SubgraphDatabase, graph: GraphClient, tokenSecret: string): HoldLotDelivery {
  const outbox = new Outbox(database.dataSource, 'quality');
  return new HoldLotDelivery(graph, tokenSecret, new QualityExceptionRepository(database.dataSource), outbox, new AuditTrail(database.dataSource, 'quality'));
}

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const QUALITY_SDL_PATH = path.join(__dirname, '..', 'src', 'quality.graphql');

/** `graph` asks other domains through the gateway (the batch domain, for the lots inspections are made on). */
export function qualitySubgraph(
  database: SubgraphDatabase,
  graph: GraphClient,
  options: QualitySubgraphOptions = {},
): SubgraphDefinition<QualityLoaders> & { containment: OutboxDispatcher | null } {
  const exceptions = new QualityExceptionRepository(database.dataSource);
  const inspections = new InspectionRepository(database.dataSource);
  const audit = new AuditTrail(database.dataSource, 'quality');
  const lots = new LotLookupClient(graph);
  const containment = new ContainmentRequests(new Outbox(database.dataSource, 'quality'));
  const specsAndRules = specAndRuleServices(database, graph, audit);
  const dispatcher = options.tokenSecret ? createContainmentDispatcher(database, graph, options.tokenSecret, options.dispatcher) : null;
  if (dispatcher) containment.onRequested(() => dispatcher.wake());
  const ingest = options.mqtt ? new MqttReadingIngest(specsAndRules.readings, options.mqtt) : null;
  return {
    containment: dispatcher,
    workers: [...(dispatcher ? [dispatcher] : []), ...(ingest ? [ingest] : [])],
    name: 'quality',
    typeDefs: loadTypeDefs(QUALITY_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, JSON: JSONScalar },
      qualityExceptionResolvers(new QualityExceptionService(exceptions)),
      inspectionResolvers(new InspectionService(inspections, lots, audit)),
      exceptionReportResolvers(new ExceptionReportService(exceptions, lots, containment, audit)),
      releaseCheckResolvers(),
      lotDossierResolvers(),
      historyResolvers(),
      qualityRulesResolvers(specsAndRules),
    ),
    createLoaders: () => createQualityLoaders({ exceptions, inspections, audit, containment, ...specsAndRules }),
  };
}

/** Specifications, process readings and rules; `sink` receives every violation found (exceptions come later). */
export function specAndRuleServices(database: SubgraphDatabase, graph: GraphClient, audit: AuditTrail, sink: ViolationSink = noFurtherAction): SpecAndRuleServices {
  const ds = database.dataSource;
  const catalogue = new EquipmentParameterRepository(ds);
  const specs = new SpecificationRepository(ds);
  const ruleRows = new QualityRuleRepository(ds);
  const readingRows = new ReadingRepository(ds);
  const violations = new RuleViolationRepository(ds);
  const signatures = new SignatureRepository(ds, 'quality');
  return {
    catalogue: new EquipmentParameterService(ds, catalogue, audit),
    specifications: new SpecificationService(specs, catalogue, new SignerClient(graph), new SignatureService(signatures, audit), audit),
    rules: new QualityRuleService(ds, ruleRows, audit),
    readings: new ReadingService(readingRows, catalogue, specs, ruleRows, new RuleEngine(violations, readingRows, sink, audit), audit),
    ruleRows,
    readingRows,
    violations,
    signatures,
  };
}

export type QualityServer = SubgraphServer & {
  /** Delivers hold requests to batch (null without a token secret); runs while the server runs. */
  containment: OutboxDispatcher | null;
};

/** Builds the quality subgraph server without listening, so tests and the embedded hub run it in-process. */
export async function createQualityServer(options: SubgraphServerOptions & { dispatcher?: OutboxDispatcherOptions; mqtt?: MqttIngestOptions }): Promise<QualityServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined) });
  const definition = qualitySubgraph(options.database, graph, { tokenSecret: options.tokens?.secret, dispatcher: options.dispatcher, mqtt: options.mqtt });
  return Object.assign(await createSubgraphServer(definition, options), { containment: definition.containment });
}

export { createQualityDatabase } from './quality.database';
export { seedQualityDemo } from './demo/quality-demo';
export { QualityExceptionRepository } from './exception/quality-exception.repository';
export { HoldLotDelivery } from './containment/hold-lot.delivery';
export { DUE_HOURS_BY_SEVERITY } from './exception/exception-due-times';
export { InspectionRepository } from './inspection/inspection.repository';
export { InspectionService } from './inspection/inspection.service';
export { validateInspectionInput } from './inspection/inspection-input';
export { ReadingService, type ReadingInput, type ReadingResult } from './reading/reading.service';
export { MAX_READINGS_PER_CALL } from './reading/reading-input';
export { noFurtherAction, type ViolationSink } from './rule/violation-sink';
export { MqttReadingIngest, type MqttIngestOptions } from './ingest/mqtt-reading-ingest';
