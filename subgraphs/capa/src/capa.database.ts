import { createSubgraphDatabase, type DatabaseOptions, type SubgraphDatabase } from '@lotgraph/server';
import { CapaEntity } from './capa/capa.entity';
import { CapaSourceEntity } from './source/capa-source.entity';
import { CapaActionEntity } from './action/capa-action.entity';
import { RootCauseAnalysisEntity } from './root-cause/root-cause-analysis.entity';
import { EffectivenessCheckEntity } from './effectiveness/effectiveness-check.entity';
import { EffectivenessVerdictEntity } from './effectiveness/effectiveness-verdict.entity';
import { CreateCapaTables1763712200000 } from './migrations/1763712200000-create-capa-tables';
import { CreateAuditTrail1764144200000 } from './migrations/1764144200000-create-audit-trail';
import { CapaClosedLoop1765500000000 } from './migrations/1765500000000-capa-closed-loop';
import { SignAuditEntries1766000000000 } from './migrations/1766000000000-sign-audit-entries';

export function createCapaDatabase(options: DatabaseOptions): SubgraphDatabase {
  return createSubgraphDatabase({
    ...options,
    schema: 'capa',
    entities: [CapaEntity, CapaSourceEntity, CapaActionEntity, RootCauseAnalysisEntity, EffectivenessCheckEntity, EffectivenessVerdictEntity],
    migrations: [CreateCapaTables1763712200000, CreateAuditTrail1764144200000, CapaClosedLoop1765500000000, SignAuditEntries1766000000000],
  });
}
