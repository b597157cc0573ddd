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
  AuditTrail,
  JSONScalar,
  SignatureRepository,
  SignatureService,
  SignerClient,
  Outbox,
  OutboxDispatcher,
  type OutboxDispatcherOptions,
  readFieldPolicy,
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
import { ExceptionRaiserSink, RAISE_EXCEPTION_TOPIC } from './exception/exception-raiser.sink';
import { ExceptionRaiseDelivery } from './exception/exception-raise.delivery';
import { AffectedLotsClient } from './exception/affected-lots.client';
import { ExceptionEscalation } from './exception/exception-escalation';
import { noExceptionEvents, type ExceptionEvents } from './notification/exception-events';
import { TemplateSeverityPolicies, type WorkflowTemplateSource } from './workflow/workflow-template-source';
import { WorkflowTemplateRepository } from './workflow/workflow-template.repository';
import { WorkflowTemplateService } from './workflow/workflow-template.service';
import { workflowTemplateResolvers } from './workflow/workflow-template.resolver';
import { ExceptionKpiRepository } from './kpi/exception-kpi.repository';
import { ExceptionKpiService } from './kpi/exception-kpi.service';
import { exceptionKpiResolvers } from './kpi/exception-kpi.resolver';
import { qualityRulesResolvers, type SpecAndRuleServices } from './rule/quality-rules.resolver';
import { ExceptionReportService } from './exception/exception-report.service';
import { exceptionReportResolvers } from './exception/exception-report.resolver';
import { ContainmentRequests, HOLD_LOT_TOPIC } from './containment/containment-requests';
import { HoldLotDelivery } from './containment/hold-lot.delivery';
import { MqttReadingIngest, type MqttIngestOptions } from './ingest/mqtt-reading-ingest';
import { createNotifications, type NotificationOptions, type Notifications } from './notification/notifications';
import { webhookResolvers } from './notification/webhook.resolver';
import { capaEventResolvers } from './notification/capa-event.resolver';
import { LotDispositionRepository } from './disposition/lot-disposition.repository';
import { LotDispositionService } from './disposition/lot-disposition.service';
import { APPLY_DISPOSITION_TOPIC, DispositionRequests } from './disposition/disposition-requests';
import { ApplyDispositionDelivery } from './disposition/apply-disposition.delivery';
import { ExceptionTransitions } from './exception/exception-transition';
import { ExceptionWorkflowService } from './workflow/exception-workflow.service';
import { exceptionWorkflowResolvers } from './workflow/exception-workflow.resolver';
import { PolicySignatures } from './workflow/policy-signatures';
import { CapaLinkClient } from './capa/capa-link.client';
import { LotFindingRepository } from './lot-rule/lot-finding.repository';
import { LotUsageRefusalRepository } from './lot-rule/lot-usage-refusal.repository';
import { LotUsageRefusalService } from './lot-rule/lot-usage-refusal.service';
import { LotRuleEngine, RAISE_LOT_FINDING_TOPIC } from './lot-rule/lot-rule-engine';
import { lotRulesResolvers } from './lot-rule/lot-rules.resolver';
import { LotFindingRaiseDelivery } from './exception/lot-finding-raise.delivery';
import { QualityMetricRepository } from './metric/quality-metric.repository';
import { QualityMetricService } from './metric/quality-metric.service';
import { qualityMetricResolvers } from './metric/quality-metric.resolver';
import { SpcSeriesLookup } from './spc/spc-series';
import { ProcessCapabilityService } from './spc/process-capability.service';
import { ControlChartService } from './spc/control-chart.service';
import { spcResolvers } from './spc/spc.resolver';

export interface QualitySubgraphOptions {
  /** The secret the quality domain signs its system-user tokens with; without it, holds and raised exceptions wait in the outbox. */
  tokenSecret?: string;
  dispatcher?: OutboxDispatcherOptions;
  /** The broker to take process readings from (LOTGRAPH_MQTT_URL); no MQTT ingest without it. */
  mqtt?: MqttIngestOptions;
  /** How often overdue exceptions are looked for (60 s by default). */
  escalationEveryMs?: number;
  templates?: WorkflowTemplateSource;
  /** Exception events, webhooks and the live stream's feed. */
  notifications?: NotificationOptions;
}

/** The quality domain's hold requests and what delivers them to the batch domain. */
export function createContainmentDispatcher(
  database: SubgraphDatabase,
  graph: GraphClient,
  tokenSecret: string,
  options?: OutboxDispatcherOptions,
  events: ExceptionEvents = noExceptionEvents,
): OutboxDispatcher {
  return new OutboxDispatcher(new Outbox(database.dataSource, 'quality'), createHoldLotDelivery(database, graph, tokenSecret, events), { ...options, topics: [HOLD_LOT_TOPIC] });
}

/** The quality domain's dispositions and what applies them in the batch domain (lifting or rejecting the held lots). */
export function createDispositionDispatcher(database: SubgraphDatabase, graph: GraphClient, tokenSecret: string, options?: OutboxDispatcherOptions): OutboxDispatcher {
  return new OutboxDispatcher(new Outbox(database.dataSource, 'quality'), new ApplyDispositionDelivery(graph, tokenSecret), { ...options, topics: [APPLY_DISPOSITION_TOPIC] });
}

/** Puts lots ON_HOLD in the batch domain for the quality outbox's hold requests. */
export function createHoldLotDelivery(database: SubgraphDatabase, graph: GraphClient, tokenSecret: string, events: ExceptionEvents = noExceptionEvents): HoldLotDelivery {
  const outbox = new Outbox(database.dataSource, 'quality');
  return new HoldLotDelivery(graph, tokenSecret, new QualityExceptionRepository(database.dataSource), outbox, new AuditTrail(database.dataSource, 'quality'), events);
}

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const QUALITY_SDL_PATH = path.join(__dirname, '..', 'src', 'quality.graphql');

/** `graph` asks other domains through the gateway (the batch domain, for the lots inspections are made on). */
export function qualitySubgraph(
  database: SubgraphDatabase,
  graph: GraphClient,
  options: QualitySubgraphOptions = {},
): SubgraphDefinition<QualityLoaders> & { containment: OutboxDispatcher | null; dispositions: OutboxDispatcher | null; raising: OutboxDispatcher | null; escalation: ExceptionEscalation; notifications: Notifications } {
  const ds = database.dataSource;
  const exceptions = new QualityExceptionRepository(ds);
  const inspections = new InspectionRepository(ds);
  const audit = new AuditTrail(ds, 'quality');
  const lots = new LotLookupClient(graph);
  const outbox = new Outbox(ds, 'quality');
  const containment = new ContainmentRequests(outbox);
  // Every service that changes an exception publishes through `events` (in its transaction).
  const notifications = createNotifications(database, options.notifications);
  const events = notifications.events;
  const templateService = new WorkflowTemplateService(
    new WorkflowTemplateRepository(ds), new SignerClient(graph), new SignatureService(new SignatureRepository(ds, 'quality'), audit), audit,
  );
  const templates = options.templates ?? templateService;
  const policies = new TemplateSeverityPolicies(templates);
  const raiser = new ExceptionRaiserSink(outbox);
  const specsAndRules = specAndRuleServices(database, graph, audit, raiser);
  const dispatcher = options.tokenSecret ? createContainmentDispatcher(database, graph, options.tokenSecret, options.dispatcher, events) : null;
  if (dispatcher) containment.onRequested(() => dispatcher.wake());
  const ingest = options.mqtt ? new MqttReadingIngest(specsAndRules.readings, options.mqtt) : null;
  const raising = options.tokenSecret
    ? new OutboxDispatcher(
        outbox,
        new ExceptionRaiseDelivery({
          exceptions, violations: specsAndRules.violations, rules: specsAndRules.ruleRows, readings: specsAndRules.readingRows,
          catalogue: new EquipmentParameterRepository(ds), specs: new SpecificationRepository(ds), affectedLots: new AffectedLotsClient(graph),
          templates, containment, events, audit, tokenSecret: options.tokenSecret,
        }),
        { ...options.dispatcher, topics: [RAISE_EXCEPTION_TOPIC] },
      )
    : null;
  if (raising) raiser.onRequested(() => raising.wake());
  // Lot rules: inspection results and refused uses judged as they are recorded, their findings raised like violations.
  const findings = new LotFindingRepository(ds);
  const refusals = new LotUsageRefusalRepository(ds);
  const lotRules = new LotRuleEngine(specsAndRules.ruleRows, inspections, findings, outbox, audit);
  const raisingFindings = options.tokenSecret
    ? new OutboxDispatcher(
        outbox,
        new LotFindingRaiseDelivery({
          exceptions, findings, rules: specsAndRules.ruleRows, affectedLots: new AffectedLotsClient(graph), templates, containment, events, audit, tokenSecret: options.tokenSecret,
        }),
        { ...options.dispatcher, topics: [RAISE_LOT_FINDING_TOPIC] },
      )
    : null;
  if (raisingFindings) lotRules.onRequested(() => raisingFindings.wake());
  const spcSeries = new SpcSeriesLookup(new EquipmentParameterRepository(ds), new SpecificationRepository(ds));
  const escalation = new ExceptionEscalation(exceptions, policies, events, audit, options.escalationEveryMs);
  const typeDefs = loadTypeDefs(QUALITY_SDL_PATH);
  // Who may follow the live stream: whoever may read exceptions.
  const readers = readFieldPolicy(typeDefs).get('Query.exceptions') ?? [];
  const dispositionRequests = new DispositionRequests(outbox);
  const dispositionDispatcher = options.tokenSecret ? createDispositionDispatcher(database, graph, options.tokenSecret, options.dispatcher) : null;
  if (dispositionDispatcher) dispositionRequests.onRequested(() => dispositionDispatcher.wake());
  const dispositions = new LotDispositionRepository(ds);
  const transitions = new ExceptionTransitions(exceptions, audit, events);
  const policySignatures = new PolicySignatures(new SignerClient(graph), new SignatureService(specsAndRules.signatures, audit));
  return {
    containment: dispatcher,
    dispositions: dispositionDispatcher,
    raising,
    escalation,
    notifications,
    workers: [...[dispatcher, dispositionDispatcher, raising, raisingFindings].filter((worker): worker is OutboxDispatcher => worker !== null), escalation, notifications.dispatcher, notifications.feed, ...(ingest ? [ingest] : [])],
    internalRoutes: { 'exception-events': notifications.internalRoute(readers) },
    name: 'quality',
    typeDefs,
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, Date: DateScalar, JSON: JSONScalar },
      qualityExceptionResolvers(new QualityExceptionService(exceptions), policies),
      inspectionResolvers(new InspectionService(inspections, lots, audit, lotRules)),
      lotRulesResolvers(new LotUsageRefusalService(refusals, lotRules, audit)),
      exceptionReportResolvers(new ExceptionReportService(exceptions, lots, containment, templates, events, audit)),
      webhookResolvers(notifications.webhooks),
      capaEventResolvers(notifications.capaEvents),
      releaseCheckResolvers(),
      lotDossierResolvers(),
      historyResolvers(),
      qualityRulesResolvers(specsAndRules),
      spcResolvers(
        new ProcessCapabilityService(specsAndRules.readingRows, spcSeries),
        new ControlChartService(specsAndRules.readingRows, spcSeries),
      ),
      workflowTemplateResolvers(templateService),
      exceptionKpiResolvers(new ExceptionKpiService(new ExceptionKpiRepository(ds))),
      qualityMetricResolvers(new QualityMetricService(new QualityMetricRepository(ds), specsAndRules.ruleRows, new EquipmentParameterRepository(ds), inspections)),
      exceptionWorkflowResolvers(
        new ExceptionWorkflowService(exceptions, dispositions, policies, policySignatures, dispositionRequests, new CapaLinkClient(graph), transitions),
        new LotDispositionService(exceptions, dispositions, lots, policies, policySignatures, dispositionRequests, transitions, audit),
      ),
    ),
    createLoaders: () => createQualityLoaders({ exceptions, inspections, audit, containment, dispositions, dispositionRequests, findings, refusals, ...specsAndRules }),
  };
}

/** Specifications, process readings and rules; `sink` receives every violation found (and raises exceptions). */
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
  /** Raises exceptions from rule violations (null without a token secret). */
  raising: OutboxDispatcher | null;
  escalation: ExceptionEscalation;
  /** Exception events: `events` for services, the webhook dispatcher (a worker) and the stream's feed. */
  notifications: Notifications;
  /** Delivers dispositions to batch (null without a token secret); runs while the server runs. */
  dispositions: OutboxDispatcher | null;
};

/** Builds the quality subgraph server without listening, so tests and the embedded hub run it in-process. */
export async function createQualityServer(
  options: SubgraphServerOptions & { dispatcher?: OutboxDispatcherOptions; notifications?: NotificationOptions; mqtt?: MqttIngestOptions },
): Promise<QualityServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined), gatewaySecret: options.gatewaySecret });
  const definition = qualitySubgraph(options.database, graph, { tokenSecret: options.tokens?.secret, dispatcher: options.dispatcher, notifications: options.notifications, mqtt: options.mqtt });
  return Object.assign(await createSubgraphServer(definition, options), {
    containment: definition.containment, dispositions: definition.dispositions, raising: definition.raising, escalation: definition.escalation, notifications: definition.notifications,
  });
}

export { createQualityDatabase } from './quality.database';
export { seedQualityDemo } from './demo/quality-demo';
export { QualityExceptionRepository } from './exception/quality-exception.repository';
export { HoldLotDelivery } from './containment/hold-lot.delivery';
export { DEFAULT_SEVERITY_POLICIES } from './workflow/severity-policy';
export { BUILT_IN_TEMPLATE } from './workflow/workflow-template';
export { ApplyDispositionDelivery } from './disposition/apply-disposition.delivery';
export { InspectionRepository } from './inspection/inspection.repository';
export { InspectionService } from './inspection/inspection.service';
export { validateInspectionInput } from './inspection/inspection-input';
export { ReadingService, type ReadingInput, type ReadingResult } from './reading/reading.service';
export { MAX_READINGS_PER_CALL } from './reading/reading-input';
export type { RuleKind } from './rule/rule-kind';
export { noFurtherAction, type ViolationSink } from './rule/violation-sink';
export { MqttReadingIngest, type MqttIngestOptions } from './ingest/mqtt-reading-ingest';
export { StoredExceptionEvents } from './notification/stored-exception-events';
export { noExceptionEvents, type ExceptionEvents, type ExceptionEvent, type ExceptionEventType, type CapaEventType, type NotificationEventType } from './notification/exception-events';
export { createNotifications, type Notifications, type NotificationOptions } from './notification/notifications';
export { signWebhook, WEBHOOK_TOPIC } from './notification/webhook-request';
