import { In, type DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { BaseRepository, lockKeyUntilCommit } from '@lotgraph/server';
import { ShipmentEntity } from './shipment.entity';
import { ShipmentLineEntity } from './shipment-line.entity';
import { CustomerEntity } from './customer.entity';

export interface ShipmentQuery {
  customerCode?: string;
  lotId?: string;
  shippedFrom?: Date;
  shippedTo?: Date;
  afterNumber?: string;
  limit: number;
}

export class ShipmentRepository extends BaseRepository<ShipmentEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, ShipmentEntity);
  }

  private lines(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ShipmentLineEntity);
  }

  private customers(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(CustomerEntity);
  }

  findLinesByLotIds(lotIds: readonly string[], manager?: EntityManager): Promise<ShipmentLineEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.lines(manager).findBy({ lotId: In([...lotIds]) });
  }

  /**
   * Shipments carrying any of the lots, oldest first, in one query. The shipment ids are gathered first and then
   * looked up by key: as `IN (subquery)` the planner hashed them and read every shipment (~25 ms at 70,000).
   */
  findShipmentsOfLots(lotIds: readonly string[], manager?: EntityManager): Promise<ShipmentEntity[]> {
    if (lotIds.length === 0) return Promise.resolve([]);
    return this.repo(manager)
      .createQueryBuilder('shipment')
      .where('shipment.id = ANY(ARRAY(SELECT line.shipment_id FROM batch.shipment_line line WHERE line.lot_id IN (:...lotIds)))', { lotIds: [...lotIds] })
      .orderBy('shipment.shipped_at', 'ASC')
      .addOrderBy('shipment.number', 'ASC')
      .getMany();
  }

  /** One page in shipment-number order plus the total count of matching shipments. */
  async findPage(query: ShipmentQuery, manager?: EntityManager): Promise<{ rows: ShipmentEntity[]; total: number }> {
    const builder = this.repo(manager).createQueryBuilder('shipment');
    if (query.customerCode) {
      builder.andWhere('shipment.customer_id = (SELECT c.id FROM batch.customer c WHERE c.code = :customerCode)', { customerCode: query.customerCode });
    }
    if (query.lotId) {
      builder.andWhere('shipment.id IN (SELECT line.shipment_id FROM batch.shipment_line line WHERE line.lot_id = :lotId)', { lotId: query.lotId });
    }
    if (query.shippedFrom) builder.andWhere('shipment.shipped_at >= :shippedFrom', { shippedFrom: query.shippedFrom });
    if (query.shippedTo) builder.andWhere('shipment.shipped_at < :shippedTo', { shippedTo: query.shippedTo });
    const total = await builder.clone().getCount();
    if (query.afterNumber !== undefined) builder.andWhere('shipment.number > :after', { after: query.afterNumber });
    const rows = await builder.orderBy('shipment.number', 'ASC').limit(query.limit).getMany();
    return { rows, total };
  }

  findLinesByShipmentIds(shipmentIds: readonly string[], manager?: EntityManager): Promise<ShipmentLineEntity[]> {
    if (shipmentIds.length === 0) return Promise.resolve([]);
    return this.lines(manager).findBy({ shipmentId: In([...shipmentIds]) });
  }

  findCustomersByIds(ids: readonly string[], manager?: EntityManager): Promise<CustomerEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.customers(manager).findBy({ id: In([...ids]) });
  }

  /** Serialises writers of one shipment number until the transaction ends. */
  async lockNumber(number: string, manager: EntityManager): Promise<void> {
    await lockKeyUntilCommit(manager, `shipment:${number}`);
  }

  findByNumber(number: string, manager?: EntityManager): Promise<ShipmentEntity | null> {
    return this.repo(manager).findOneBy({ number });
  }

  findCustomerByCode(code: string, manager?: EntityManager): Promise<CustomerEntity | null> {
    return this.customers(manager).findOneBy({ code });
  }

  findLine(shipmentId: string, lotId: string, manager?: EntityManager): Promise<ShipmentLineEntity | null> {
    return this.lines(manager).findOneBy({ shipmentId, lotId });
  }

  saveLine(line: DeepPartial<ShipmentLineEntity>, manager?: EntityManager): Promise<ShipmentLineEntity> {
    return this.lines(manager).save(line);
  }

  saveCustomer(customer: DeepPartial<CustomerEntity>, manager?: EntityManager): Promise<CustomerEntity> {
    return this.customers(manager).save(customer);
  }
}
