import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { CapaSourceEntity } from './capa-source.entity';

export class CapaSourceRepository extends BaseRepository<CapaSourceEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, CapaSourceEntity);
  }

  findByCapaIds(capaIds: readonly string[], manager?: EntityManager): Promise<CapaSourceEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { capaId: In([...capaIds]) }, order: { capaId: 'ASC', position: 'ASC' } });
  }

  async insertAll(sources: ReadonlyArray<Omit<CapaSourceEntity, 'id'>>, manager: EntityManager): Promise<CapaSourceEntity[]> {
    return this.repo(manager).save(sources.map((source) => this.repo(manager).create(source)));
  }
}
