import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit } from '@lotgraph/server';
import { LotEntity, type LotStatus } from './lot.entity';

export interface LotQuery {
  statuses?: LotStatus[];
  materialCode?: string;
  supplierCode?: string;
  lotNumberPrefix?: string;
  storageLocation?: string;
  manufacturedFrom?: string;
  manufacturedTo?: string;
  expiresBefore?: string;
  createdFrom?: Date;
  createdTo?: Date;
  /** Return lots whose lot number sorts after this one. */
  afterLotNumber?: string;
  limit: number;
}

export class LotRepository extends BaseRepository<LotEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, LotEntity);
  }

  findByLotNumber(lotNumber: string, manager?: EntityManager): Promise<LotEntity | null> {
    return this.repo(manager).findOneBy({ lotNumber });
  }

  /** Reads the lot and locks its row until the transaction ends, so two status changes cannot interleave. */
  findByLotNumberForUpdate(lotNumber: string, manager: EntityManager): Promise<LotEntity | null> {
    return this.repo(manager).createQueryBuilder('lot').where('lot.lot_number = :lotNumber', { lotNumber }).setLock('pessimistic_write').getOne();
  }

  findByIdForUpdate(id: string, manager: EntityManager): Promise<LotEntity | null> {
    return this.repo(manager).createQueryBuilder('lot').where('lot.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  /** Serialises writers that would create the same lot number until the transaction ends. */
  async lockLotNumber(lotNumber: string, manager: EntityManager): Promise<void> {
    await lockKeyUntilCommit(manager, `lot:${lotNumber}`);
  }

  /** Raises the quantity on hand in SQL (exact numeric arithmetic); returns the new quantity. */
  async addToStock(lotId: string, quantity: number, manager: EntityManager): Promise<number> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ quantity: () => 'quantity + :quantity', updatedAt: () => 'now()' })
      .where('id = :lotId', { lotId, quantity })
      .returning('quantity')
      .execute();
    return Number((result.raw as Array<{ quantity: string }>)[0].quantity);
  }

  /**
   * Lowers the quantity on hand in SQL (exact numeric arithmetic); the lot must hold at least that much.
   * Returns the new quantity.
   */
  async takeFromStock(lotId: string, quantity: number, manager: EntityManager): Promise<number> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ quantity: () => 'quantity - :quantity', updatedAt: () => 'now()' })
      .where('id = :lotId AND quantity >= :quantity', { lotId, quantity })
      .returning('quantity')
      .execute();
    const [row] = result.raw as Array<{ quantity: string }>;
    if (!row) throw new Error(`lot ${lotId} does not hold ${quantity}`);
    return Number(row.quantity);
  }

  findByLotNumbers(lotNumbers: readonly string[], manager?: EntityManager): Promise<LotEntity[]> {
    return this.repo(manager).findBy({ lotNumber: In([...lotNumbers]) });
  }

  /** One page in lot-number order plus the total count of matching lots. */
  async findPage(query: LotQuery, manager?: EntityManager): Promise<{ rows: LotEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('lot');
    if (query.statuses?.length) builder.andWhere('lot.status IN (:...statuses)', { statuses: query.statuses });
    if (query.materialCode) {
      builder.andWhere('lot.material_id = (SELECT m.id FROM batch.material m WHERE m.code = :materialCode)', {
        materialCode: query.materialCode,
      });
    }
    if (query.supplierCode) {
      builder.andWhere('lot.supplier_id = (SELECT s.id FROM batch.supplier s WHERE s.code = :supplierCode)', {
        supplierCode: query.supplierCode,
      });
    }
    if (query.lotNumberPrefix) {
      builder.andWhere("lot.lot_number LIKE :prefix ESCAPE '\\'", {
        prefix: `${query.lotNumberPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (query.storageLocation) builder.andWhere('lot.storage_location = :location', { location: query.storageLocation });
    if (query.manufacturedFrom) builder.andWhere('lot.manufactured_on >= :mFrom', { mFrom: query.manufacturedFrom });
    if (query.manufacturedTo) builder.andWhere('lot.manufactured_on <= :mTo', { mTo: query.manufacturedTo });
    if (query.expiresBefore) builder.andWhere('lot.expires_on <= :expiresBefore', { expiresBefore: query.expiresBefore });
    if (query.createdFrom) builder.andWhere('lot.created_at >= :cFrom', { cFrom: query.createdFrom });
    if (query.createdTo) builder.andWhere('lot.created_at < :cTo', { cTo: query.createdTo });
    const total = await builder.clone().getCount();
    if (query.afterLotNumber !== undefined) {
      builder.andWhere('lot.lot_number > :after', { after: query.afterLotNumber });
    }
    const rows = await builder.orderBy('lot.lot_number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }
}
