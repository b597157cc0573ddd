import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { ProductionOrderEntity } from './production-order.entity';
import { ProductionSegmentEntity } from './production-segment.entity';
import { MaterialActualEntity } from './material-actual.entity';

export interface OrderQuery {
  statuses?: string[];
  materialCode?: string;
  createdFrom?: Date;
  createdTo?: Date;
  afterNumber?: string;
  limit: number;
}

export class ProductionRepository extends BaseRepository<ProductionOrderEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ProductionOrderEntity);
  }

  private segments(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ProductionSegmentEntity);
  }

  private actuals(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(MaterialActualEntity);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<ProductionOrderEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  findSegmentsByIds(ids: readonly string[], manager?: EntityManager): Promise<ProductionSegmentEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.segments(manager).findBy({ id: In([...ids]) });
  }

  findSegmentsByOrderIds(orderIds: readonly string[], manager?: EntityManager): Promise<ProductionSegmentEntity[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.segments(manager).find({ where: { productionOrderId: In([...orderIds]) }, order: { startedAt: 'ASC' } });
  }

  findActualsBySegmentIds(segmentIds: readonly string[], manager?: EntityManager): Promise<MaterialActualEntity[]> {
    if (segmentIds.length === 0) return Promise.resolve([]);
    return this.actuals(manager).find({ where: { segmentId: In([...segmentIds]) }, order: { materialUse: 'ASC', recordedAt: 'ASC' } });
  }

  /** One page in order-number order plus the total count of matching orders. */
  async findPage(query: OrderQuery, manager?: EntityManager): Promise<{ rows: ProductionOrderEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('o');
    if (query.statuses?.length) builder.andWhere('o.status IN (:...statuses)', { statuses: query.statuses });
    if (query.materialCode) {
      builder.andWhere('o.material_id = (SELECT m.id FROM batch.material m WHERE m.code = :materialCode)', { materialCode: query.materialCode });
    }
    if (query.createdFrom) builder.andWhere('o.created_at >= :createdFrom', { createdFrom: query.createdFrom });
    if (query.createdTo) builder.andWhere('o.created_at < :createdTo', { createdTo: query.createdTo });
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('o.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('o.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }

  /** Reads the order and locks it until the transaction ends, so two reports against it take turns. */
  findByNumberForUpdate(number: string, manager: EntityManager): Promise<ProductionOrderEntity | null> {
    return this.repo(manager).createQueryBuilder('o').where('o.number = :number', { number }).setLock('pessimistic_write').getOne();
  }

  findSegmentByReportId(reportId: string, manager?: EntityManager): Promise<ProductionSegmentEntity | null> {
    return this.segments(manager).findOneBy({ reportId });
  }

  /** Every actual (consumed or produced) that names one of the lots, in time order. */
  findActualsByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<MaterialActualEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.actuals(manager).find({ where: { lotId: In([...lotIds]) }, order: { recordedAt: 'ASC' } });
  }

  /** Segments on one piece of equipment that ran at some moment of [from, to] (a running one has no end yet). */
  findSegmentsOnEquipment(equipmentId: string, from: Date, to: Date, limit: number, manager?: EntityManager): Promise<ProductionSegmentEntity[]> {
    return this.segments(manager)
      .createQueryBuilder('s')
      .where('s.equipment_id = :equipmentId', { equipmentId })
      .andWhere('s.started_at <= :to', { to })
      .andWhere('(s.ended_at IS NULL OR s.ended_at >= :from)', { from })
      .orderBy('s.started_at', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Whether a segment of the order has already produced into the lot. */
  async orderProducedLot(orderId: string, lotId: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM batch.material_actual a JOIN batch.production_segment s ON s.id = a.segment_id
        WHERE s.production_order_id = $1 AND a.lot_id = $2 AND a.material_use = 'PRODUCED' LIMIT 1`,
      [orderId, lotId],
    );
    return rows.length > 0;
  }

  saveSegment(segment: DeepPartial<ProductionSegmentEntity>, manager?: EntityManager): Promise<ProductionSegmentEntity> {
    return this.segments(manager).save(segment);
  }

  saveActual(actual: DeepPartial<MaterialActualEntity>, manager?: EntityManager): Promise<MaterialActualEntity> {
    return this.actuals(manager).save(actual);
  }
}
