import { CreateAuditTrail1764144200000 } from './migrations/1764144200000-create-audit-trail';
import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { CapaEntity } from './capa/capa.entity';
import { CapaActionEntity } from './capa/capa-action.entity';
import { CreateCapaTables1763712200000 } from './migrations/1763712200000-create-capa-tables';

export function createCapaDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'capa',
    entities: [CapaEntity, CapaActionEntity],
    migrations: [CreateCapaTables1763712200000, CreateAuditTrail1764144200000],
  });
}
