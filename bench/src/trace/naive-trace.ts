import type { DataSource } from 'typeorm';
import { CustomerEntity, GenealogyLinkEntity, LotEntity, ShipmentEntity, ShipmentLineEntity, type TraceDirection } from '@lotgraph/batch';

export interface NaiveTrace {
  lots: LotEntity[];
  links: Array<GenealogyLinkEntity & { depth: number }>;
  shipments: Array<{ shipment: ShipmentEntity; customer: CustomerEntity | null }>;
}

/**
 * The way a straightforward ORM implementation walks a genealogy: level by level, one `find` for the links of
 * each lot of the current level and one `findOneBy` for each lot it reaches, then (downstream) one `find` for
 * the shipment lines of each lot and one `findOneBy` per shipment and per customer. The baseline the
 * recursive query is there to beat.
 */
export async function naiveTrace(dataSource: DataSource, lotNumber: string, direction: TraceDirection, maxDepth: number): Promise<NaiveTrace> {
  const lots = dataSource.getRepository(LotEntity);
  const links = dataSource.getRepository(GenealogyLinkEntity);
  const root = await lots.findOneBy({ lotNumber });
  if (!root) throw new Error(`no lot ${lotNumber}`);
  const seen = new Map<string, LotEntity>([[root.id, root]]);
  const found: NaiveTrace['links'] = [];
  let level = [root];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth += 1) {
    const next: LotEntity[] = [];
    for (const lot of level) {
      const where = direction === 'UPSTREAM' ? { childLotId: lot.id } : { parentLotId: lot.id };
      for (const link of await links.find({ where })) {
        found.push(Object.assign(link, { depth }));
        const reachedId = direction === 'UPSTREAM' ? link.parentLotId : link.childLotId;
        if (seen.has(reachedId)) continue;
        const reached = await lots.findOneBy({ id: reachedId });
        if (!reached) continue;
        seen.set(reachedId, reached);
        next.push(reached);
      }
    }
    level = next;
  }

  const shipments: NaiveTrace['shipments'] = [];
  if (direction === 'DOWNSTREAM') {
    const lines = dataSource.getRepository(ShipmentLineEntity);
    const shipmentRepo = dataSource.getRepository(ShipmentEntity);
    const customers = dataSource.getRepository(CustomerEntity);
    const shipmentIds = new Set<string>();
    for (const lot of seen.values()) {
      for (const line of await lines.find({ where: { lotId: lot.id } })) {
        if (shipmentIds.has(line.shipmentId)) continue;
        shipmentIds.add(line.shipmentId);
        const shipment = await shipmentRepo.findOneBy({ id: line.shipmentId });
        if (shipment) shipments.push({ shipment, customer: await customers.findOneBy({ id: shipment.customerId }) });
      }
    }
  }
  return { lots: [...seen.values()], links: found, shipments };
}
