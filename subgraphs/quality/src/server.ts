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
import { qualityRulesResolvers } from './rule/quality-rules.resolver';

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
      { DateTime: DateTimeScalar, JSON: JSONScalar },
      qualityExceptionResolvers(new QualityExceptionService(exceptions)),
      inspectionResolvers(new InspectionService(inspections, new LotLookupClient(graph), audit)),
      releaseCheckResolvers(),
      lotDossierResolvers(),
      historyResolvers(),
      specAndRuleResolvers(database, graph, audit),
    ),
    createLoaders: () => createQualityLoaders(exceptions, inspections, audit),
  };
}

/** Specifications, process readings and rules; `sink` receives every violation found (exceptions come later). */
function specAndRuleResolvers(database: SubgraphDatabase, graph: GraphClient, audit: AuditTrail, sink: ViolationSink = noFurtherAction) {
  const ds = database.dataSource;
  const catalogue = new EquipmentParameterRepository(ds);
  const specs = new SpecificationRepository(ds);
  const ruleRows = new QualityRuleRepository(ds);
  const readingRows = new ReadingRepository(ds);
  const violations = new RuleViolationRepository(ds);
  const signatures = new SignatureRepository(ds, 'quality');
  return qualityRulesResolvers({
    catalogue: new EquipmentParameterService(ds, catalogue, audit),
    specifications: new SpecificationService(specs, catalogue, new SignerClient(graph), new SignatureService(signatures, audit), audit),
    rules: new QualityRuleService(ds, ruleRows, audit),
    readings: new ReadingService(readingRows, catalogue, specs, new RuleEngine(ruleRows, violations, readingRows, sink, audit), audit),
    ruleRows,
    readingRows,
    violations,
    signatures,
  });
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
