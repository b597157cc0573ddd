import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { CapaActionEntity } from './capa-action.entity';
import { OPEN_STATUSES_SQL } from '../capa/capa-status';

export class CapaActionRepository extends BaseRepository<CapaActionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, CapaActionEntity);
  }

  findByCapaIds(capaIds: readonly string[], manager?: EntityManager): Promise<CapaActionEntity[]> {
    if (capaIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { capaId: In([...capaIds]) }, order: { capaId: 'ASC', sequence: 'ASC' } });
  }

  findOne(capaId: string, sequence: number, manager?: EntityManager): Promise<CapaActionEntity | null> {
    return this.repo(manager).findOneBy({ capaId, sequence });
  }

  /** OPEN actions of open CAPAs due before `today` (YYYY-MM-DD) that nobody was told of yet. */
  async findOverdueToNotify(today: string, manager?: EntityManager): Promise<CapaActionEntity[]> {
    const rows: Array<{ id: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT a.id FROM capa.capa_action a JOIN capa.capa c ON c.id = a.capa_id
       WHERE a.status = 'OPEN' AND a.due_on < $1::date AND a.overdue_notified_at IS NULL AND c.status IN (${OPEN_STATUSES_SQL})
       ORDER BY a.due_on, a.id`,
      [today],
    );
    return this.findByIds(rows.map((row) => row.id), manager);
  }

  findByIdForUpdate(id: string, manager: EntityManager): Promise<CapaActionEntity | null> {
    return this.repo(manager).createQueryBuilder('action').where('action.id = :id', { id }).setLock('pessimistic_write').getOne();
  }
}
