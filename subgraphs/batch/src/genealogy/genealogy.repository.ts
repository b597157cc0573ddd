import type { DataSource, EntityManager } from 'typeorm';
import { GenealogyLinkEntity } from './genealogy-link.entity';
import { LotEntity } from '../lot/lot.entity';
import { ShipmentEntity } from '../shipment/shipment.entity';
import { CustomerEntity } from '../shipment/customer.entity';

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
  /** The customers of those shipments, read with them (every trace that shows a shipment names its customer). */
  customers: CustomerEntity[];
}

/**
 * The trace as PostgreSQL builds it: each link, lot and shipment a JSON array of its columns (no key names
 * to write and parse), timestamps as epoch milliseconds (formatting timestamptz as text, and parsing it back,
 * was a large part of a big trace's statement).
 */
type LinkTuple = [parentLotId: string, childLotId: string, segmentId: string, quantity: number, uom: string, depth: number];
type LotTuple = [
  id: string, lotNumber: string, materialId: string, status: LotEntity['status'], quantity: number, uom: string,
  supplierId: string | null, supplierLotNumber: string | null, manufacturedOn: string | null, expiresOn: string | null,
  statusBeforeHold: LotEntity['statusBeforeHold'], storageLocation: string | null, producedOnEquipmentId: string | null,
  createdAt: number, updatedAt: number,
];
type ShipmentTuple = [id: string, number: string, customerId: string, shippedAt: number, customerCode: string, customerName: string, customerCountry: string | null];
type TraceTuples = [links: LinkTuple[], lots: LotTuple[], shipments: ShipmentTuple[]];

/** Milliseconds since the epoch, truncated as JavaScript truncates a timestamp's microseconds. */
const epochMs = (column: string) => `floor(extract(epoch FROM ${column})::numeric * 1000)::bigint`;

function lotOf(t: LotTuple): LotEntity {
  const lot = new LotEntity();
  lot.id = t[0];
  lot.lotNumber = t[1];
  lot.materialId = t[2];
  lot.status = t[3];
  lot.quantity = t[4];
  lot.uom = t[5];
  lot.supplierId = t[6];
  lot.supplierLotNumber = t[7];
  lot.manufacturedOn = t[8];
  lot.expiresOn = t[9];
  lot.statusBeforeHold = t[10];
  lot.storageLocation = t[11];
  lot.producedOnEquipmentId = t[12];
  lot.createdAt = new Date(t[13]);
  lot.updatedAt = new Date(t[14]);
  return lot;
}

function shipmentOf(t: ShipmentTuple): ShipmentEntity {
  const shipment = new ShipmentEntity();
  shipment.id = t[0];
  shipment.number = t[1];
  shipment.customerId = t[2];
  shipment.shippedAt = new Date(t[3]);
  return shipment;
}

function customersOf(shipments: ShipmentTuple[]): CustomerEntity[] {
  const customers = new Map<string, CustomerEntity>();
  for (const t of shipments) {
    if (customers.has(t[2])) continue;
    const customer = new CustomerEntity();
    customer.id = t[2];
    customer.code = t[4];
    customer.name = t[5];
    customer.country = t[6];
    customers.set(customer.id, customer);
  }
  return [...customers.values()];
}

const linkOf = (t: LinkTuple): TracedLink => ({ parentLotId: t[0], childLotId: t[1], segmentId: t[2], quantity: t[3], uom: t[4], depth: t[5] });

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

/**
 * Shipments with a line for any reached lot, with their customers; ids looked up by key (a semi-join scanned
 * every shipment).
 */
const SHIPMENTS_OF_REACHED = `(SELECT coalesce(json_agg(json_build_array(
                      s.id, s.number, s.customer_id, ${epochMs('s.shipped_at')}, c.code, c.name, c.country)
                      ORDER BY s.shipped_at, s.number), '[]')
                    FROM batch.shipment s JOIN batch.customer c ON c.id = s.customer_id
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
   * they reach and, if asked, those lots' shipments and their customers. PostgreSQL builds the answer as one
   * JSON value (TraceTuples), which parses far faster than hundreds of rows hydrated into entities
   * (BENCHMARKS.md). Null if no such lot.
   */
  async traceRecords(lotNumber: string, direction: TraceDirection, maxDepth: number, withShipments: boolean, manager?: EntityManager): Promise<TraceRecords | null> {
    const reachedColumn = direction === 'UPSTREAM' ? 'parent_lot_id' : 'child_lot_id';
    const [row]: Array<{ trace: TraceTuples | null }> = await (manager ?? this.dataSource.manager).query(
      `WITH RECURSIVE root AS (SELECT id FROM batch.material_lot WHERE lot_number = $1),
       ${walkSql(direction, '(SELECT id FROM root)')},
       reached AS (
         SELECT lot_id, min(distance) AS distance
           FROM (SELECT id AS lot_id, 0 AS distance FROM root
                 UNION ALL SELECT ${reachedColumn}, depth FROM link) AS r
          GROUP BY lot_id
       )
       SELECT CASE WHEN EXISTS (SELECT 1 FROM root) THEN json_build_array(
         (SELECT coalesce(json_agg(json_build_array(parent_lot_id, child_lot_id, segment_id, quantity, uom, depth)
                    ORDER BY depth, parent_lot_id, child_lot_id), '[]')
            FROM link),
         (SELECT json_agg(json_build_array(
                    l.id, l.lot_number, l.material_id, l.status, l.quantity, l.uom, l.supplier_id, l.supplier_lot_number,
                    l.manufactured_on, l.expires_on, l.status_before_hold, l.storage_location, l.produced_on_equipment_id,
                    ${epochMs('l.created_at')}, ${epochMs('l.updated_at')}) ORDER BY r.distance, l.lot_number COLLATE "C")
            FROM reached r JOIN batch.material_lot l ON l.id = r.lot_id),
         ${withShipments ? SHIPMENTS_OF_REACHED : `'[]'::json`}
       ) END AS trace`,
      [lotNumber, maxDepth],
    );
    const trace = row?.trace;
    if (!trace) return null;
    return { links: trace[0].map(linkOf), lots: trace[1].map(lotOf), shipments: trace[2].map(shipmentOf), customers: customersOf(trace[2]) };
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
