import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { IngestRejectionEntity } from './rejection/ingest-rejection.entity';
import { CreateIngestTables1766200000000 } from './migrations/1766200000000-create-ingest-tables';

export function createIntegrationDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'integration',
    entities: [IngestRejectionEntity],
    migrations: [CreateIngestTables1766200000000],
  });
}
