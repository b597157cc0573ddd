import { badInput, notFound } from '@lotgraph/server';
import type { LotEntity } from '../lot/lot.entity';
import type { ShipmentEntity } from '../shipment/shipment.entity';
import type { CustomerEntity } from '../shipment/customer.entity';
import type { GenealogyRepository, TraceDirection, TracedLink } from './genealogy.repository';

export const DEFAULT_TRACE_DEPTH = 20;
export const MAX_TRACE_DEPTH = 100;

export interface TraceResult {
  root: LotEntity;
  lots: LotEntity[];
  links: TracedLink[];
  shipments: ShipmentEntity[];
  customers: CustomerEntity[];
}

export class TraceService {
  constructor(private readonly genealogy: GenealogyRepository) {}

  async trace(lotNumber: string, direction: TraceDirection, maxDepth?: number | null): Promise<TraceResult> {
    const depth = maxDepth ?? DEFAULT_TRACE_DEPTH;
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_TRACE_DEPTH) {
      throw badInput('Query.trace', 'maxDepth', `must be between 1 and ${MAX_TRACE_DEPTH}, got ${depth}`);
    }
    const found = await this.genealogy.traceRecords(lotNumber, direction, depth, direction === 'DOWNSTREAM');
    if (!found) throw notFound('Lot', 'lotNumber', lotNumber);
    return { root: found.lots[0], ...found };
  }
}
