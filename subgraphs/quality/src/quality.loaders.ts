import type DataLoader from 'dataloader';
import { createAuditHistoryLoader, createGroupLoader, createKeyLoader, type AuditHistoryLoader, type AuditTrail, type ESignature, type SignatureRepository } from '@lotgraph/server';
import type { QualityExceptionRepository } from './exception/quality-exception.repository';
import type { QualityExceptionEntity } from './exception/quality-exception.entity';
import type { AffectedLotEntity } from './exception/affected-lot.entity';
import type { InspectionRepository } from './inspection/inspection.repository';
import type { InspectionEntity } from './inspection/inspection.entity';
import type { ContainmentRequests, LotContainment } from './containment/containment-requests';
import type { QualityRule, QualityRuleRepository } from './rule/quality-rule.repository';
import type { ProcessReading, ReadingRepository } from './reading/reading.repository';
import type { RuleViolation, RuleViolationRepository } from './rule/rule-violation.repository';
import type { LotDispositionRepository } from './disposition/lot-disposition.repository';
import type { LotDispositionEntity } from './disposition/lot-disposition.entity';
import type { DispositionDelivery, DispositionRequests } from './disposition/disposition-requests';
import type { LotFinding, LotFindingRepository } from './lot-rule/lot-finding.repository';
import type { LotUsageRefusal, LotUsageRefusalRepository } from './lot-rule/lot-usage-refusal.repository';

/** What a loader's loadMany found, in the order asked: keys that name no row (null) or failed (an Error) are left out. */
export const present = <T>(rows: ReadonlyArray<T | null | Error>): T[] => rows.filter((row): row is T => row !== null && !(row instanceof Error));

export interface QualityLoaders {
  exceptionById: DataLoader<string, QualityExceptionEntity | null>;
  exceptionsByLotId: DataLoader<string, QualityExceptionEntity[]>;
  affectedLotsByExceptionId: DataLoader<string, AffectedLotEntity[]>;
  inspectionsByLotId: DataLoader<string, InspectionEntity[]>;
  history: AuditHistoryLoader;
  containmentByExceptionId: DataLoader<string, LotContainment[]>;
  ruleById: DataLoader<string, QualityRule | null>;
  readingById: DataLoader<string, ProcessReading | null>;
  violationById: DataLoader<string, RuleViolation | null>;
  violationIdsByExceptionId: DataLoader<string, string[]>;
  /** A specification version's signatures, by `<specNumber>/<version>` (as they are signed). */
  signaturesBySpecVersion: DataLoader<string, ESignature[]>;
  /** A workflow template version's signatures, by `<code>/<version>`. */
  signaturesByTemplateVersion: DataLoader<string, ESignature[]>;
  dispositionsByExceptionId: DataLoader<string, LotDispositionEntity[]>;
  dispositionDeliveriesByExceptionId: DataLoader<string, DispositionDelivery[]>;
  /** Signatures by `<entityType>:<entityId>` (QualityException:EX-…, LotDisposition:EX-…/<lot>), one query per entity type. */
  signaturesByEntity: DataLoader<string, ESignature[]>;
  /** What lot rules found, by the exception they raised or joined. */
  findingsByExceptionId: DataLoader<string, LotFinding[]>;
  inspectionById: DataLoader<string, InspectionEntity | null>;
  refusalById: DataLoader<string, LotUsageRefusal | null>;
}

export interface QualityLoaderSources {
  exceptions: QualityExceptionRepository;
  inspections: InspectionRepository;
  audit: AuditTrail;
  containment: ContainmentRequests;
  ruleRows: QualityRuleRepository;
  readingRows: ReadingRepository;
  violations: RuleViolationRepository;
  signatures: SignatureRepository;
  dispositions: LotDispositionRepository;
  dispositionRequests: DispositionRequests;
  findings: LotFindingRepository;
  refusals: LotUsageRefusalRepository;
}

/** Signatures of several entity types, keyed `<entityType>:<entityId>`. */
async function signaturesOf(signatures: SignatureRepository, keys: readonly string[]): Promise<Array<{ key: string; row: ESignature }>> {
  const byType = new Map<string, string[]>();
  for (const key of keys) {
    const at = key.indexOf(':');
    const type = key.slice(0, at);
    byType.set(type, [...(byType.get(type) ?? []), key.slice(at + 1)]);
  }
  const found = await Promise.all([...byType].map(([type, ids]) => signatures.findFor(type, ids)));
  return found.flat().map((row) => ({ key: `${row.entityType}:${row.entityId}`, row }));
}

export function createQualityLoaders(sources: QualityLoaderSources): QualityLoaders {
  const { exceptions, inspections, audit, containment, ruleRows, readingRows, violations, signatures, dispositions, dispositionRequests, findings, refusals } = sources;
  return {
    exceptionById: createKeyLoader((ids) => exceptions.findByIds(ids)),
    exceptionsByLotId: createGroupLoader((lotIds) => exceptions.findByLotIds(lotIds)),
    affectedLotsByExceptionId: createGroupLoader(async (ids) =>
      (await exceptions.findAffectedLots(ids)).map((row) => ({ key: row.exceptionId, row })),
    ),
    inspectionsByLotId: createGroupLoader(async (lotIds) =>
      (await inspections.findByLotIds(lotIds)).map((row) => ({ key: row.lotId, row })),
    ),
    history: createAuditHistoryLoader(audit),
    containmentByExceptionId: createGroupLoader((ids) => containment.forExceptions(ids)),
    ruleById: createKeyLoader((ids) => ruleRows.findByIds(ids)),
    readingById: createKeyLoader((ids) => readingRows.findByIds(ids)),
    violationById: createKeyLoader((ids) => violations.findByIds(ids)),
    violationIdsByExceptionId: createGroupLoader((ids) => exceptions.violationIdsOf(ids)),
    signaturesBySpecVersion: createGroupLoader(async (keys) =>
      (await signatures.findFor('Specification', keys)).map((row) => ({ key: row.entityId, row })),
    ),
    signaturesByTemplateVersion: createGroupLoader(async (keys) =>
      (await signatures.findFor('WorkflowTemplate', keys)).map((row) => ({ key: row.entityId, row })),
    ),
    dispositionsByExceptionId: createGroupLoader(async (ids) => (await dispositions.findByExceptionIds(ids)).map((row) => ({ key: row.exceptionId, row }))),
    dispositionDeliveriesByExceptionId: createGroupLoader((ids) => dispositionRequests.forExceptions(ids)),
    signaturesByEntity: createGroupLoader((keys) => signaturesOf(signatures, keys)),
    findingsByExceptionId: createGroupLoader((ids) => findings.findByExceptionIds(ids)),
    inspectionById: createKeyLoader((ids) => inspections.findByIds(ids)),
    refusalById: createKeyLoader((ids) => refusals.findByIds(ids), (row) => row.refusalId),
  };
}
