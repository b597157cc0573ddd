import { badInput, notFound } from '@lotgraph/server';
import type { LotRepository } from '../lot/lot.repository';
import type { LotEntity } from '../lot/lot.entity';
import type { ShipmentRepository } from '../shipment/shipment.repository';
import type { ShipmentEntity } from '../shipment/shipment.entity';
import type { GenealogyRepository, TraceDirection, TracedLink } from './genealogy.repository';

export const DEFAULT_TRACE_DEPTH = 20;
export const MAX_TRACE_DEPTH = 100;

export interface TraceResult {
  root: LotEntity;
  lots: LotEntity[];
  links: TracedLink[];
  shipments: ShipmentEntity[];
}

export class TraceService {
  constructor(
    private readonly lots: LotRepository,
    private readonly genealogy: GenealogyRepository,
    private readonly shipments: ShipmentRepository,
  ) {}

  async trace(lotNumber: string, direction: TraceDirection, maxDepth?: number | null): Promise<TraceResult> {
    const depth = maxDepth ?? DEFAULT_TRACE_DEPTH;
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TRACE_DEPTH) {
      throw badInput('Query.trace', 'maxDepth', `must be between 1 and ${MAX_TRACE_DEPTH}, got ${depth}`);
    }
    const root = await this.lots.findByLotNumber(lotNumber);
    if (!root) throw notFound('Lot', 'lotNumber', lotNumber);
    const links = await this.genealogy.trace(root.id, direction, depth);

    const distance = new Map<string, number>([[root.id, 0]]);
    for (const link of links) {
      const reached = direction === 'UPSTREAM' ? link.parentLotId : link.childLotId;
      if (!distance.has(reached)) distance.set(reached, link.depth);
    }
    // Both need only the lot ids: on PostgreSQL they run side by side on two pooled connections.
    const [found, shipments] = await Promise.all([
      this.lots.findByIds([...distance.keys()].filter((id) => id !== root.id)),
      direction === 'DOWNSTREAM' ? this.shipments.findShipmentsOfLots([...distance.keys()]) : Promise.resolve([]),
    ]);
    const lots = [root, ...found.sort((a, b) => distance.get(a.id)! - distance.get(b.id)! || a.lotNumber.localeCompare(b.lotNumber))];
    return { root, lots, links, shipments };
  }
}
