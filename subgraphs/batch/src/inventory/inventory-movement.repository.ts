import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { InventoryMovementEntity, type MovementKind } from './inventory-movement.entity';

export interface MovementQuery {
  lotId?: string;
  kinds?: MovementKind[];
  from?: Date;
  to?: Date;
  /** Keyset: movements after this "movedAt|id" key. */
  after?: { movedAt: Date; id: string };
  limit: number;
}

export class InventoryMovementRepository extends BaseRepository<InventoryMovementEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, InventoryMovementEntity);
  }

  findOne(kind: MovementKind, documentNumber: string, lotId: string, manager?: EntityManager): Promise<InventoryMovementEntity | null> {
    return this.repo(manager).findOneBy({ kind, documentNumber, lotId });
  }

  findByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<InventoryMovementEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager).find({ where: { lotId: In([...lotIds]) }, order: { movedAt: 'ASC', id: 'ASC' } });
  }

  /** One page in time order plus the total count of matching movements. */
  async findPage(query: MovementQuery, manager?: EntityManager): Promise<{ rows: InventoryMovementEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('m');
    if (query.lotId) builder.andWhere('m.lot_id = :lotId', { lotId: query.lotId });
    if (query.kinds?.length) builder.andWhere('m.kind IN (:...kinds)', { kinds: query.kinds });
    if (query.from) builder.andWhere('m.moved_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('m.moved_at < :to', { to: query.to });
    const total = await builder.clone().getCount();
    if (query.after) {
      builder.andWhere('(m.moved_at, m.id) > (:afterAt, :afterId)', { afterAt: query.after.movedAt, afterId: query.after.id });
    }
    const rows = await builder.orderBy('m.moved_at', 'ASC').addOrderBy('m.id', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }
}
