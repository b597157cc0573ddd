import type { DataSource, EntityManager } from 'typeorm';
import { GenealogyLinkEntity } from './genealogy-link.entity';
import { LotEntity } from '../lot/lot.entity';
import { ShipmentEntity } from '../shipment/shipment.entity';

export type TraceDirection = 'UPSTREAM' | 'DOWNSTREAM';

export interface TracedLink {
  parentLotId: string;
  childLotId: string;
  segmentId: string;
  quantity: number;
  uom: string;
  /** Steps from the root lot: 1 for the root's own inputs (upstream) or outputs (downstream). */
  depth: number;
}

/** Lots (root first, then by distance) and links as traceRecords reads them. */
export interface TraceRecords {
  lots: LotEntity[];
  links: TracedLink[];
  shipments: ShipmentEntity[];
}

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };
interface TraceJson {
  links: TracedLink[];
  lots: Array<Json<LotEntity>>;
  shipments: Array<Json<ShipmentEntity>>;
}

type LinkRow = { parent_lot_id: string; child_lot_id: string; segment_id: string; quantity: string; uom: string; depth: number };

const toTracedLink = (row: LinkRow): TracedLink => ({
  parentLotId: row.parent_lot_id,
  childLotId: row.child_lot_id,
  segmentId: row.segment_id,
  quantity: Number(row.quantity),
  uom: row.uom,
  depth: Number(row.depth),
});

/**
 * The CTEs `walk` and `link`: every link reachable from the root, each at its shortest depth. UNION (not UNION
 * ALL) and the depth bound ($2) keep the walk finite on any graph, cycles included.
 */
function walkSql(direction: TraceDirection, rootId: string): string {
  const [from, to] = direction === 'UPSTREAM' ? ['child_lot_id', 'parent_lot_id'] : ['parent_lot_id', 'child_lot_id'];
  return `walk (parent_lot_id, child_lot_id, segment_id, quantity, uom, depth) AS (
           SELECT g.parent_lot_id, g.child_lot_id, g.segment_id, g.quantity, g.uom, 1
             FROM batch.genealogy_link g
            WHERE g.${from} = ${rootId}
           UNION
           SELECT g.parent_lot_id, g.child_lot_id, g.segment_id, g.quantity, g.uom, w.depth + 1
             FROM walk w
             JOIN batch.genealogy_link g ON g.${from} = w.${to}
            WHERE w.depth < $2
         ),
         link AS (
           SELECT parent_lot_id, child_lot_id, segment_id, quantity, uom, min(depth)::int AS depth
             FROM walk
            GROUP BY parent_lot_id, child_lot_id, segment_id, quantity, uom
         )`;
}

/** Shipments with a line for any reached lot; ids looked up by key (a semi-join scanned every shipment). */
const SHIPMENTS_OF_REACHED = `(SELECT coalesce(json_agg(json_build_object(
                      'id', s.id, 'number', s.number, 'customerId', s.customer_id, 'shippedAt', s.shipped_at)
                      ORDER BY s.shipped_at, s.number), '[]')
                    FROM batch.shipment s
                   WHERE s.id = ANY(ARRAY(SELECT line.shipment_id FROM batch.shipment_line line
                                           WHERE line.lot_id IN (SELECT lot_id FROM reached))))`;

export class GenealogyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(GenealogyLinkEntity);
  }

  /**
   * Every genealogy link reachable from the root lot, in one recursive query. UNION (not UNION ALL) and the
   * depth bound keep it finite on any graph, cycles included; each link is reported at its shortest depth.
   */
  async trace(rootLotId: string, direction: TraceDirection, maxDepth: number, manager?: EntityManager): Promise<TracedLink[]> {
    const rows: LinkRow[] = await (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE ${walkSql(direction, '$1::uuid')}
       SELECT parent_lot_id, child_lot_id, segment_id, quantity, uom, depth FROM link
        ORDER BY depth, parent_lot_id, child_lot_id`,
      [rootLotId, maxDepth],
    );
    return rows.map(toTracedLink);
  }

  /**
   * A whole trace in one statement and one round trip: the root (found by lot number), its links, every lot
   * they reach and, if asked, those lots' shipments. PostgreSQL builds the answer as one JSON value, which
   * parses far faster than hundreds of rows hydrated into entities (BENCHMARKS.md). Null if no such lot.
   */
  async traceRecords(lotNumber: string, direction: TraceDirection, maxDepth: number, withShipments: boolean, manager?: EntityManager): Promise<TraceRecords | null> {
    const reachedColumn = direction === 'UPSTREAM' ? 'parent_lot_id' : 'child_lot_id';
    const [row]: Array<{ trace: TraceJson | null }> = await (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE root AS (SELECT id FROM batch.material_lot WHERE lot_number = $1),
       ${walkSql(direction, '(SELECT id FROM root)')},
       reached AS (
         SELECT lot_id, min(distance) AS distance
           FROM (SELECT id AS lot_id, 0 AS distance FROM root
                 UNION ALL SELECT ${reachedColumn}, depth FROM link) AS r
          GROUP BY lot_id
       )
       SELECT CASE WHEN EXISTS (SELECT 1 FROM root) THEN json_build_object(
         'links', (SELECT coalesce(json_agg(json_build_object(
                      'parentLotId', parent_lot_id, 'childLotId', child_lot_id, 'segmentId', segment_id,
                      'quantity', quantity, 'uom', uom, 'depth', depth) ORDER BY depth, parent_lot_id, child_lot_id), '[]')
                    FROM link),
         'lots', (SELECT json_agg(json_build_object(
                      'id', l.id, 'lotNumber', l.lot_number, 'materialId', l.material_id, 'status', l.status,
                      'quantity', l.quantity, 'uom', l.uom, 'supplierId', l.supplier_id,
                      'supplierLotNumber', l.supplier_lot_number, 'manufacturedOn', l.manufactured_on,
                      'expiresOn', l.expires_on, 'statusBeforeHold', l.status_before_hold,
                      'storageLocation', l.storage_location, 'producedOnEquipmentId', l.produced_on_equipment_id,
                      'createdAt', l.created_at, 'updatedAt', l.updated_at) ORDER BY r.distance, l.lot_number COLLATE "C")
                    FROM reached r JOIN batch.material_lot l ON l.id = r.lot_id),
         'shipments', ${withShipments ? SHIPMENTS_OF_REACHED : `'[]'::json`}
       ) END AS trace`,
      [lotNumber, maxDepth],
    );
    const trace = row?.trace;
    if (!trace) return null;
    return {
      links: trace.links,
      lots: trace.lots.map((lot) => Object.assign(new LotEntity(), lot, { createdAt: new Date(lot.createdAt), updatedAt: new Date(lot.updatedAt) })),
      shipments: trace.shipments.map((shipment) => Object.assign(new ShipmentEntity(), shipment, { shippedAt: new Date(shipment.shippedAt) })),
    };
  }

  /**
   * The first of the candidate lots that is reachable downstream from the given lot (the lot itself included),
   * or null: linking any such candidate as an input of the lot would close a genealogy cycle.
   */
  async firstDownstreamOf(lotId: string, candidateIds: readonly string[], manager?: EntityManager): Promise<string | null> {
    if (candidateIds.length === 0) return null;
    const rows: Array<{ lot_id: string }> = await (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE down (lot_id) AS (
         SELECT $1::uuid
         UNION
         SELECT g.child_lot_id FROM down d JOIN batch.genealogy_link g ON g.parent_lot_id = d.lot_id
       )
       SELECT lot_id FROM down WHERE lot_id = ANY($2::uuid[]) LIMIT 1`,
      [lotId, [...candidateIds]],
    );
    return rows[0]?.lot_id ?? null;
  }

  /** The direct links into (UPSTREAM: the lot's inputs) or out of (DOWNSTREAM: what it went into) a lot. */
  findDirect(lotId: string, direction: TraceDirection, manager?: EntityManager): Promise<GenealogyLinkEntity[]> {
    const where = direction === 'UPSTREAM' ? { childLotId: lotId } : { parentLotId: lotId };
    return this.repo(manager).find({ where, order: { segmentId: 'ASC', parentLotId: 'ASC', childLotId: 'ASC' } });
  }

  save(link: GenealogyLinkEntity, manager?: EntityManager): Promise<GenealogyLinkEntity> {
    return this.repo(manager).save(link);
  }
}
