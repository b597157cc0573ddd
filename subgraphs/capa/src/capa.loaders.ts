import type DataLoader from 'dataloader';
import { createAuditHistoryLoader, createGroupLoader, createKeyLoader, type AuditHistoryLoader, type AuditTrail, type ESignature, type SignatureRepository } from '@lotgraph/server';
import type { CapaRepository } from './capa/capa.repository';
import type { CapaEntity } from './capa/capa.entity';
import type { CapaRecord } from './capa/capa-record';
import type { CapaSourceRepository } from './source/capa-source.repository';
import type { CapaSourceEntity } from './source/capa-source.entity';
import type { CapaActionRepository } from './action/capa-action.repository';
import type { CapaActionEntity } from './action/capa-action.entity';
import type { RootCauseAnalysisRepository } from './root-cause/root-cause-analysis.repository';
import type { RootCauseAnalysisEntity } from './root-cause/root-cause-analysis.entity';
import type { EffectivenessCheckRepository } from './effectiveness/effectiveness-check.repository';
import type { EffectivenessCheckEntity } from './effectiveness/effectiveness-check.entity';
import type { EffectivenessVerdictEntity } from './effectiveness/effectiveness-verdict.entity';
import type { Evaluation } from './effectiveness/effectiveness-evaluator';

export interface CapaLoaders {
  capaById: DataLoader<string, CapaEntity | null>;
  capaByNumber: DataLoader<string, CapaEntity | null>;
  capasByExceptionId: DataLoader<string, CapaEntity[]>;
  sourcesByCapaId: DataLoader<string, CapaSourceEntity[]>;
  actionsByCapaId: DataLoader<string, CapaActionEntity[]>;
  analysesByCapaId: DataLoader<string, RootCauseAnalysisEntity[]>;
  checksByCapaId: DataLoader<string, EffectivenessCheckEntity[]>;
  verdictsByCapaId: DataLoader<string, EffectivenessVerdictEntity[]>;
  /** Signatures by `<entityType>:<entityId>` (Capa:CAPA-…, CapaPlan:CAPA-…). */
  signaturesByEntity: DataLoader<string, ESignature[]>;
  history: AuditHistoryLoader;
  /** Each CAPA's effectiveness evaluated once per request (it asks the graph). */
  evaluations: Map<string, Promise<Evaluation | null>>;
}

export interface CapaLoaderSources {
  capas: CapaRepository;
  sources: CapaSourceRepository;
  actions: CapaActionRepository;
  analyses: RootCauseAnalysisRepository;
  checks: EffectivenessCheckRepository;
  signatures: SignatureRepository;
  audit: AuditTrail;
}

const byCapa = <T extends { capaId: string }>(rows: T[]) => rows.map((row) => ({ key: row.capaId, row }));

export function createCapaLoaders(s: CapaLoaderSources): CapaLoaders {
  return {
    capaById: createKeyLoader((ids) => s.capas.findByIds(ids)),
    capaByNumber: createKeyLoader((numbers) => s.capas.findByNumbers(numbers), (capa) => capa.number),
    capasByExceptionId: createGroupLoader((ids) => s.capas.findByExceptionIds(ids)),
    sourcesByCapaId: createGroupLoader(async (ids) => byCapa(await s.sources.findByCapaIds(ids))),
    actionsByCapaId: createGroupLoader(async (ids) => byCapa(await s.actions.findByCapaIds(ids))),
    analysesByCapaId: createGroupLoader(async (ids) => byCapa(await s.analyses.findByCapaIds(ids))),
    checksByCapaId: createGroupLoader(async (ids) => byCapa(await s.checks.findByCapaIds(ids))),
    verdictsByCapaId: createGroupLoader(async (ids) => byCapa(await s.checks.findVerdicts(ids))),
    signaturesByEntity: createGroupLoader(async (keys) => {
      const byType = new Map<string, string[]>();
      for (const key of keys) {
        const [type, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
        byType.set(type, [...(byType.get(type) ?? []), id]);
      }
      const found = await Promise.all([...byType].map(([type, ids]) => s.signatures.findFor(type, ids)));
      return found.flat().map((row) => ({ key: `${row.entityType}:${row.entityId}`, row }));
    }),
    history: createAuditHistoryLoader(s.audit),
    evaluations: new Map(),
  };
}

/** A CAPA with its parts, read through the request's loaders. */
export async function loadRecord(loaders: CapaLoaders, capa: CapaEntity): Promise<CapaRecord> {
  const [sources, actions, analyses, checks, verdicts] = await Promise.all([
    loaders.sourcesByCapaId.load(capa.id),
    loaders.actionsByCapaId.load(capa.id),
    loaders.analysesByCapaId.load(capa.id),
    loaders.checksByCapaId.load(capa.id),
    loaders.verdictsByCapaId.load(capa.id),
  ]);
  return { capa, sources, actions, analyses, checks, verdicts };
}
