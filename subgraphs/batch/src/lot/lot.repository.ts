import { In, type DataSource, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { LotEntity, type LotStatus } from './lot.entity';

export interface LotQuery {
  statuses?: LotStatus[];
  materialCode?: string;
  supplierCode?: string;
  lotNumberPrefix?: string;
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

  /** Lowers the quantity on hand in SQL (exact numeric arithmetic); the lot must hold at least that much. */
  async takeFromStock(lotId: string, quantity: number, manager: EntityManager): Promise<void> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set({ quantity: () => 'quantity - :quantity', updatedAt: () => 'now()' })
      .where('id = :lotId AND quantity >= :quantity', { lotId, quantity })
      .execute();
    if (result.affected !== 1) throw new Error(`lot ${lotId} does not hold ${quantity}`);
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
    const total = await builder.clone().getCount();
    if (query.afterLotNumber !== undefined) {
      builder.andWhere('lot.lot_number > :after', { after: query.afterLotNumber });
    }
    const rows = await builder.orderBy('lot.lot_number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }
}
