import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { EffectivenessCheckEntity } from './effectiveness-check.entity';
import { EffectivenessVerdictEntity } from './effectiveness-verdict.entity';
import type { EffectivenessResult } from './effectiveness-result';

export class EffectivenessCheckRepository extends BaseRepository<EffectivenessCheckEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, EffectivenessCheckEntity);
  }

  /** Every check of the CAPAs, oldest version first. */
  findByCapaIds(capaIds: readonly string[], manager?: EntityManager): Promise<EffectivenessCheckEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { capaId: In([...capaIds]) }, order: { capaId: 'ASC', version: 'ASC' } });
  }

  insert(check: Omit<EffectivenessCheckEntity, 'id' | 'definedAt'>, manager: EntityManager): Promise<EffectivenessCheckEntity> {
    return this.repo(manager).save(this.repo(manager).create(check));
  }

  /** The results kept for the CAPAs' checks. */
  findVerdicts(capaIds: readonly string[], manager?: EntityManager): Promise<EffectivenessVerdictEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.verdicts(manager).find({ where: { capaId: In([...capaIds]) }, order: { capaId: 'ASC', version: 'ASC' } });
  }

  keepVerdict(capaId: string, result: EffectivenessResult, manager: EntityManager): Promise<EffectivenessVerdictEntity> {
    return this.verdicts(manager).save(this.verdicts(manager).create({ capaId, version: result.version, result }));
  }

  private verdicts(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(EffectivenessVerdictEntity);
  }
}
