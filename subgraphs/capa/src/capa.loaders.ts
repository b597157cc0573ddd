import type DataLoader from 'dataloader';
import { createAuditHistoryLoader, createGroupLoader, createKeyLoader, type AuditHistoryLoader, type AuditTrail } from '@lotgraph/server';
import type { CapaRepository } from './capa/capa.repository';
import type { CapaEntity } from './capa/capa.entity';
import type { CapaActionEntity } from './capa/capa-action.entity';

export interface CapaLoaders {
  capaById: DataLoader<string, CapaEntity | null>;
  capasByExceptionId: DataLoader<string, CapaEntity[]>;
  actionsByCapaId: DataLoader<string, CapaActionEntity[]>;
  history: AuditHistoryLoader;
}

export function createCapaLoaders(capas: CapaRepository, audit: AuditTrail): CapaLoaders {
  return {
    capaById: createKeyLoader((ids) => capas.findByIds(ids)),
    capasByExceptionId: createGroupLoader(async (ids) =>
      (await capas.findByExceptionIds(ids)).map((row) => ({ key: row.exceptionId, row })),
    ),
    actionsByCapaId: createGroupLoader(async (ids) => (await capas.findActions(ids)).map((row) => ({ key: row.capaId, row }))),
    history: createAuditHistoryLoader(audit),
  };
}
