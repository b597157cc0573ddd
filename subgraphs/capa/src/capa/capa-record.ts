import type { EntityManager } from 'typeorm';
import type { CapaEntity } from './capa.entity';
import type { CapaSourceEntity } from '../source/capa-source.entity';
import type { CapaActionEntity } from '../action/capa-action.entity';
import type { RootCauseAnalysisEntity } from '../root-cause/root-cause-analysis.entity';
import type { EffectivenessCheckEntity } from '../effectiveness/effectiveness-check.entity';
import type { EffectivenessVerdictEntity } from '../effectiveness/effectiveness-verdict.entity';
import type { CapaSourceRepository } from '../source/capa-source.repository';
import type { CapaActionRepository } from '../action/capa-action.repository';
import type { RootCauseAnalysisRepository } from '../root-cause/root-cause-analysis.repository';
import type { EffectivenessCheckRepository } from '../effectiveness/effectiveness-check.repository';

/** A CAPA with every part of it: what its content hashes seal and its steps check. */
export interface CapaRecord {
  capa: CapaEntity;
  sources: CapaSourceEntity[];
  /** Oldest first; the last is in force. */
  analyses: RootCauseAnalysisEntity[];
  actions: CapaActionEntity[];
  /** Oldest first; the last is in force. */
  checks: EffectivenessCheckEntity[];
  /** The results kept: the FAILs that reopened the investigation, the PASS it closed on. */
  verdicts: EffectivenessVerdictEntity[];
}

/** The result kept for a check version, if any. */
export const verdictOf = (record: CapaRecord, version: number) => record.verdicts.find((v) => v.version === version)?.result ?? null;

export const latest = <T>(versions: readonly T[]): T | null => versions[versions.length - 1] ?? null;

/** Reads the parts of CAPAs (in the caller's transaction when given a manager). */
export class CapaRecordReader {
  constructor(
    private readonly sources: CapaSourceRepository,
    private readonly actions: CapaActionRepository,
    private readonly analyses: RootCauseAnalysisRepository,
    private readonly checks: EffectivenessCheckRepository,
  ) {}

  async read(capa: CapaEntity, manager?: EntityManager): Promise<CapaRecord> {
    const [sources, actions, analyses, checks, verdicts] = await Promise.all([
      this.sources.findByCapaIds([capa.id], manager),
      this.actions.findByCapaIds([capa.id], manager),
      this.analyses.findByCapaIds([capa.id], manager),
      this.checks.findByCapaIds([capa.id], manager),
      this.checks.findVerdicts([capa.id], manager),
    ]);
    return { capa, sources, actions, analyses, checks, verdicts };
  }
}
