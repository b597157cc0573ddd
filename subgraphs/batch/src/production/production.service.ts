import { notFound } from '@lotgraph/server';
import type { ProductionRepository } from './production.repository';
import type { ProductionOrderEntity } from './production-order.entity';

export class ProductionService {
  constructor(private readonly production: ProductionRepository) {}

  async getOrder(number: string): Promise<ProductionOrderEntity> {
    const order = await this.production.findByNumber(number);
    if (!order) throw notFound('ProductionOrder', 'number', number);
    return order;
  }
}
