import type { DataSource, EntityManager } from 'typeorm';
import { GenealogyLinkEntity } from './genealogy-link.entity';

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
    const [from, to] = direction === 'UPSTREAM' ? ['child_lot_id', 'parent_lot_id'] : ['parent_lot_id', 'child_lot_id'];
    const rows: Array<{ parent_lot_id: string; child_lot_id: string; segment_id: string; quantity: string; uom: string; depth: number }> =
      await (manager ?? this.dataSource.manager).query(
        `WITH RECURSIVE walk (parent_lot_id, child_lot_id, segment_id, quantity, uom, depth) AS (
           SELECT g.parent_lot_id, g.child_lot_id, g.segment_id, g.quantity, g.uom, 1
             FROM batch.genealogy_link g
            WHERE g.${from} = $1
           UNION
           SELECT g.parent_lot_id, g.child_lot_id, g.segment_id, g.quantity, g.uom, w.depth + 1
             FROM walk w
             JOIN batch.genealogy_link g ON g.${from} = w.${to}
            WHERE w.depth < $2
         )
         SELECT parent_lot_id, child_lot_id, segment_id, quantity, uom, min(depth)::int AS depth
           FROM walk
          GROUP BY parent_lot_id, child_lot_id, segment_id, quantity, uom
          ORDER BY depth, parent_lot_id, child_lot_id`,
        [rootLotId, maxDepth],
      );
    return rows.map((row) => ({
      parentLotId: row.parent_lot_id,
      childLotId: row.child_lot_id,
      segmentId: row.segment_id,
      quantity: Number(row.quantity),
      uom: row.uom,
      depth: Number(row.depth),
    }));
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
