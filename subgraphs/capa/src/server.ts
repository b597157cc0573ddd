import path from 'node:path';
import {
  AuditTrail,
  DateScalar,
  DateTimeScalar,
  Outbox,
  OutboxDispatcher,
  SignatureRepository,
  SignatureService,
  SignerClient,
  createGraphClient,
  createSubgraphServer,
  loadTypeDefs,
  mergeResolvers,
  type GraphClient,
  type OutboxDispatcherOptions,
  type SubgraphDatabase,
  type SubgraphDefinition,
  type SubgraphServer,
  type SubgraphServerOptions,
} from '@lotgraph/server';
import { createCapaLoaders, type CapaLoaders } from './capa.loaders';
import { CapaRepository } from './capa/capa.repository';
import { CapaService } from './capa/capa.service';
import { CapaRecordReader } from './capa/capa-record';
import { CapaTransitions } from './capa/capa-transitions';
import { CapaOpeningService } from './capa/capa-opening.service';
import { PlanApprovalService } from './capa/plan-approval.service';
import { CapaClosingService } from './capa/capa-closing.service';
import { capaResolvers } from './capa/capa.resolver';
import { CapaSourceRepository } from './source/capa-source.repository';
import { ExceptionLookupClient } from './source/exception-lookup.client';
import { capaSourceResolvers } from './source/capa-source.resolver';
import { RootCauseAnalysisRepository } from './root-cause/root-cause-analysis.repository';
import { EvidenceCheckClient } from './root-cause/evidence-check.client';
import { RootCauseService } from './root-cause/root-cause.service';
import { rootCauseResolvers } from './root-cause/root-cause.resolver';
import { evidenceResolvers } from './root-cause/evidence.resolver';
import { CapaActionRepository } from './action/capa-action.repository';
import { EquipmentCheckClient } from './action/change-request-check.client';
import { CapaActionService } from './action/capa-action.service';
import { capaActionResolvers } from './action/capa-action.resolver';
import { EffectivenessCheckRepository } from './effectiveness/effectiveness-check.repository';
import { RecurrenceRepository } from './effectiveness/recurrence.repository';
import { QualityMetricClient } from './effectiveness/quality-metric.client';
import { EffectivenessEvaluator } from './effectiveness/effectiveness-evaluator';
import { EffectivenessService } from './effectiveness/effectiveness.service';
import { effectivenessResolvers } from './effectiveness/effectiveness.resolver';
import { SimilarCapaService } from './knowledge/similar-capa.service';
import { similarCapasResolvers } from './knowledge/similar-capas.resolver';
import { CapaKpiRepository } from './kpi/capa-kpi.repository';
import { capaKpiResolvers } from './kpi/capa-kpi.resolver';
import { CAPA_EVENT_TOPIC, CapaEvents } from './notification/capa-events';
import { capaEventDelivery } from './notification/capa-event.delivery';
import { OverdueActionEscalation } from './notification/overdue-action-escalation';

/** The schema-first SDL; resolved from src/ whether this file runs from src/ or dist/. */
export const CAPA_SDL_PATH = path.join(__dirname, '..', 'src', 'capa.graphql');

export interface CapaSubgraphOptions {
  /** The secret capa.notifier's tokens are signed with; without it, CAPA events wait in the outbox. */
  tokenSecret?: string;
  dispatcher?: OutboxDispatcherOptions;
  /** How often overdue actions are looked for (60 s by default). */
  escalationEveryMs?: number;
}

/** `graph` asks other domains through the gateway: quality for exceptions, evidence and metrics, batch for lots and equipment. */
export function capaSubgraph(
  database: SubgraphDatabase,
  graph: GraphClient,
  options: CapaSubgraphOptions = {},
): SubgraphDefinition<CapaLoaders> & { events: OutboxDispatcher | null; escalation: OverdueActionEscalation } {
  const ds = database.dataSource;
  const capas = new CapaRepository(ds);
  const sources = new CapaSourceRepository(ds);
  const actions = new CapaActionRepository(ds);
  const analyses = new RootCauseAnalysisRepository(ds);
  const checks = new EffectivenessCheckRepository(ds);
  const signatures = new SignatureRepository(ds, 'capa');
  const audit = new AuditTrail(ds, 'capa');
  const outbox = new Outbox(ds, 'capa');
  const events = new CapaEvents(outbox, sources);
  const dispatcher = options.tokenSecret
    ? new OutboxDispatcher(outbox, capaEventDelivery(graph, options.tokenSecret), { ...options.dispatcher, topics: [CAPA_EVENT_TOPIC] })
    : null;
  if (dispatcher) events.onRequested(() => dispatcher.wake());
  const escalation = new OverdueActionEscalation(capas, actions, events, audit, options.escalationEveryMs);

  const records = new CapaRecordReader(sources, actions, analyses, checks);
  const transitions = new CapaTransitions(capas, audit, events);
  const exceptions = new ExceptionLookupClient(graph);
  const evidence = new EvidenceCheckClient(graph);
  const evaluator = new EffectivenessEvaluator(new QualityMetricClient(graph), new RecurrenceRepository(ds));
  const signing = { signers: new SignerClient(graph), signatures: new SignatureService(signatures, audit) };
  const capaService = new CapaService(capas);
  return {
    name: 'capa',
    typeDefs: loadTypeDefs(CAPA_SDL_PATH),
    resolvers: mergeResolvers(
      { DateTime: DateTimeScalar, Date: DateScalar },
      capaResolvers({
        capas: capaService,
        opening: new CapaOpeningService(capas, sources, exceptions, events, audit),
        approval: new PlanApprovalService(capas, records, signing.signers, signing.signatures, transitions, events),
        closing: new CapaClosingService(capas, records, checks, evaluator, signing.signers, signing.signatures, transitions, events),
        exceptions,
      }),
      capaSourceResolvers(),
      rootCauseResolvers(new RootCauseService(capas, analyses, records, evidence, checks, evaluator, transitions, events, audit)),
      evidenceResolvers(),
      capaActionResolvers(new CapaActionService(capas, actions, evidence, new EquipmentCheckClient(graph), transitions, events, audit)),
      effectivenessResolvers(new EffectivenessService(capas, checks, records, evaluator, audit), evaluator),
      similarCapasResolvers(new SimilarCapaService(capaService, capas)),
      capaKpiResolvers(new CapaKpiRepository(ds)),
    ),
    createLoaders: () => createCapaLoaders({ capas, sources, actions, analyses, checks, signatures, audit }),
    workers: [...(dispatcher ? [dispatcher] : []), escalation],
    events: dispatcher,
    escalation,
  };
}

export type CapaServer = SubgraphServer & {
  /** Delivers CAPA events to quality's notifications (null without a token secret). */
  events: OutboxDispatcher | null;
  escalation: OverdueActionEscalation;
};

/** Builds the capa subgraph server without listening, so tests and the embedded hub run it in-process. */
export async function createCapaServer(options: SubgraphServerOptions & { dispatcher?: OutboxDispatcherOptions }): Promise<CapaServer> {
  const graph = createGraphClient({ gatewayUrl: options.gatewayUrl ?? (() => undefined), gatewaySecret: options.gatewaySecret });
  const definition = capaSubgraph(options.database, graph, { tokenSecret: options.tokens?.secret, dispatcher: options.dispatcher });
  return Object.assign(await createSubgraphServer(definition, options), { events: definition.events, escalation: definition.escalation });
}

export { createCapaDatabase } from './capa.database';
export { seedCapaDemo } from './demo/capa-demo';
