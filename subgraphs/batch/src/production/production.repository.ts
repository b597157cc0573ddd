import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { ProductionOrderEntity } from './production-order.entity';
import { ProductionSegmentEntity } from './production-segment.entity';
import { MaterialActualEntity } from './material-actual.entity';

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

  saveSegment(segment: DeepPartial<ProductionSegmentEntity>, manager?: EntityManager): Promise<ProductionSegmentEntity> {
    return this.segments(manager).save(segment);
  }

  saveActual(actual: DeepPartial<MaterialActualEntity>, manager?: EntityManager): Promise<MaterialActualEntity> {
    return this.actuals(manager).save(actual);
  }
}
