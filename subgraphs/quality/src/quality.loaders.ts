import type DataLoader from 'dataloader';
import { createGroupLoader, createKeyLoader } from '@lotgraph/server';
import type { QualityExceptionRepository } from './exception/quality-exception.repository';
import type { QualityExceptionEntity } from './exception/quality-exception.entity';
import type { AffectedLotEntity } from './exception/affected-lot.entity';

export interface QualityLoaders {
  exceptionById: DataLoader<string, QualityExceptionEntity | null>;
  exceptionsByLotId: DataLoader<string, QualityExceptionEntity[]>;
  affectedLotsByExceptionId: DataLoader<string, AffectedLotEntity[]>;
}

export function createQualityLoaders(exceptions: QualityExceptionRepository): QualityLoaders {
  return {
    exceptionById: createKeyLoader((ids) => exceptions.findByIds(ids)),
    exceptionsByLotId: createGroupLoader((lotIds) => exceptions.findByLotIds(lotIds)),
    affectedLotsByExceptionId: createGroupLoader(async (ids) =>
      (await exceptions.findAffectedLots(ids)).map((row) => ({ key: row.exceptionId, row })),
    ),
  };
}
