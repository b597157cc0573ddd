import type DataLoader from 'dataloader';
import { createAuditHistoryLoader, createGroupLoader, createKeyLoader, type AuditHistoryLoader, type AuditTrail } from '@lotgraph/server';
import type { QualityExceptionRepository } from './exception/quality-exception.repository';
import type { QualityExceptionEntity } from './exception/quality-exception.entity';
import type { AffectedLotEntity } from './exception/affected-lot.entity';
import type { InspectionRepository } from './inspection/inspection.repository';
import type { InspectionEntity } from './inspection/inspection.entity';
import type { ContainmentRequests, LotContainment } from './containment/containment-requests';

export interface QualityLoaders {
  exceptionById: DataLoader<string, QualityExceptionEntity | null>;
  exceptionsByLotId: DataLoader<string, QualityExceptionEntity[]>;
  affectedLotsByExceptionId: DataLoader<string, AffectedLotEntity[]>;
  inspectionsByLotId: DataLoader<string, InspectionEntity[]>;
  history: AuditHistoryLoader;
  containmentByExceptionId: DataLoader<string, LotContainment[]>;
}

export function createQualityLoaders(exceptions: QualityExceptionRepository, inspections: InspectionRepository, audit: AuditTrail, containment: ContainmentRequests): QualityLoaders {
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
  };
}
