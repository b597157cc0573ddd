import { assertRange, badInput, fetchPage, notFound, type Connection } from '@lotgraph/server';
import type { EquipmentRepository } from '../equipment/equipment.repository';
import type { ProductionRepository } from './production.repository';
import type { ProductionSegmentEntity } from './production-segment.entity';
import type { ProductionOrderEntity, ProductionOrderStatus } from './production-order.entity';

export interface OrderFilter {
  status?: ProductionOrderStatus[] | null;
  materialCode?: string | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
}

/** A window wider than this is a mistake (a year of one machine's runs), not a question about an event. */
const MAX_RUN_WINDOW_MS = 31 * 24 * 3_600_000;
const MAX_RUNS = 500;

export class ProductionService {
  constructor(
    private readonly production: ProductionRepository,
    private readonly equipment: EquipmentRepository,
  ) {}

  /** What ran on a piece of equipment during [from, to]: the segments, with the lots they consumed and produced. */
  async runsOn(equipmentCode: string, from: Date, to: Date): Promise<ProductionSegmentEntity[]> {
    assertRange('equipmentRuns', ['from', 'to'], from, to);
    if (to.getTime() - from.getTime() > MAX_RUN_WINDOW_MS) throw badInput('equipmentRuns', 'to', 'the window is longer than 31 days; ask for a shorter one');
    const equipment = await this.equipment.findByCode(equipmentCode.trim());
    if (!equipment) throw notFound('Equipment', 'code', equipmentCode);
    return this.production.findSegmentsOnEquipment(equipment.id, from, to, MAX_RUNS);
  }

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
