import { assertRange, fetchPage, notFound, type Connection } from '@lotgraph/server';
import type { ProductionRepository } from './production.repository';
import type { ProductionOrderEntity, ProductionOrderStatus } from './production-order.entity';

export interface OrderFilter {
  status?: ProductionOrderStatus[] | null;
  materialCode?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

export class ProductionService {
  constructor(private readonly production: ProductionRepository) {}

  async getOrder(number: string): Promise<ProductionOrderEntity> {
    const order = await this.production.findByNumber(number);
    if (!order) throw notFound('ProductionOrder', 'number', number);
    return order;
  }

  list(filter: OrderFilter | null | undefined, first?: number | null, after?: string | null): Promise<Connection<ProductionOrderEntity>> {
    assertRange('ProductionOrderFilter', ['createdFrom', 'createdTo'], filter?.createdFrom, filter?.createdTo);
    return fetchPage(
      first,
      after,
      ({ afterKey, limit }) =>
        this.production.findPage({
          statuses: filter?.status ?? undefined,
          materialCode: filter?.materialCode ?? undefined,
          createdFrom: filter?.createdFrom ?? undefined,
          createdTo: filter?.createdTo ?? undefined,
          afterNumber: afterKey,
          limit,
        }),
      (order) => order.number,
    );
  }
}
