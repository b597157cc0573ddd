import type { LotEntity } from '../lot/lot.entity';
import type { GenealogyRepository, TracedLink } from '../genealogy/genealogy.repository';
import type { ProductionRepository } from '../production/production.repository';
import type { ProductionSegmentEntity } from '../production/production-segment.entity';
import type { ShipmentRepository } from '../shipment/shipment.repository';
import type { ShipmentEntity } from '../shipment/shipment.entity';
import type { RecallRepository } from '../recall/recall.repository';
import type { RecallEntity } from '../recall/recall.entity';

/** The batch file of one lot ("one batch, one file"): its records from the batch domain, read on demand. */
export class DossierService {
  constructor(
    private readonly genealogy: GenealogyRepository,
    private readonly production: ProductionRepository,
    private readonly shipments: ShipmentRepository,
    private readonly recalls: RecallRepository,
  ) {}

  /** The segments that made the lot, oldest first. */
  async productionSegments(lot: LotEntity): Promise<ProductionSegmentEntity[]> {
    const actuals = await this.production.findActualsByLotIds([lot.id]);
    const ids = [...new Set(actuals.filter((a) => a.materialUse === 'PRODUCED').map((a) => a.segmentId))];
    const segments = await this.production.findSegmentsByIds(ids);
    return segments.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  /** What went into the lot (UPSTREAM) or what the lot went into (DOWNSTREAM), one step. */
  async directLinks(lot: LotEntity, direction: 'UPSTREAM' | 'DOWNSTREAM'): Promise<TracedLink[]> {
    const links = await this.genealogy.findDirect(lot.id, direction);
    return links.map((link) => ({ ...link, depth: 1 }));
  }

  shipmentsOf(lot: LotEntity): Promise<ShipmentEntity[]> {
    return this.shipments.findShipmentsOfLots([lot.id]);
  }

  async recallsOf(lot: LotEntity): Promise<RecallEntity[]> {
    return this.recalls.findRecallsOfLots([lot.id]);
  }
}
