import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { RootCauseAnalysisEntity } from './root-cause-analysis.entity';

export class RootCauseAnalysisRepository extends BaseRepository<RootCauseAnalysisEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, RootCauseAnalysisEntity);
  }

  /** Every analysis of the CAPAs, oldest version first. */
  findByCapaIds(capaIds: readonly string[], manager?: EntityManager): Promise<RootCauseAnalysisEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { capaId: In([...capaIds]) }, order: { capaId: 'ASC', version: 'ASC' } });
  }

  insert(analysis: Omit<RootCauseAnalysisEntity, 'id' | 'recordedAt'>, manager: EntityManager): Promise<RootCauseAnalysisEntity> {
    return this.repo(manager).save(this.repo(manager).create(analysis));
  }
}
