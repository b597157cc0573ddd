import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { QualityExceptionEntity } from './exception/quality-exception.entity';
import { AffectedLotEntity } from './exception/affected-lot.entity';
import { CreateQualityTables1763712100000 } from './migrations/1763712100000-create-quality-tables';

export function createQualityDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'quality',
    entities: [QualityExceptionEntity, AffectedLotEntity],
    migrations: [CreateQualityTables1763712100000],
  });
}
