import type { DataSource, EntityManager } from 'typeorm';

/** A refusal of the batch domain to use a lot its status blocks, as batch told quality of it. */
export interface LotUsageRefusal {
  /** The batch domain's id of the refusal: quality records each one once. */
  refusalId: string;
  lotId: string;
  lotNumber: string;
  attemptedUse: 'CONSUME' | 'MOVE' | 'SHIP';
  lotStatus: string;
  reference: string | null;
  attemptedBy: string;
  attemptedAt: Date;
  recordedBy: string;
  recordedAt: Date;
}

type Row = {
  refusal_id: string; lot_id: string; lot_number: string; attempted_use: LotUsageRefusal['attemptedUse']; lot_status: string; reference: string | null;
  attempted_by: string; attempted_at: Date | string; recorded_by: string; recorded_at: Date | string;
};

const toRefusal = (r: Row): LotUsageRefusal => ({
  refusalId: r.refusal_id, lotId: r.lot_id, lotNumber: r.lot_number, attemptedUse: r.attempted_use, lotStatus: r.lot_status, reference: r.reference,
  attemptedBy: r.attempted_by, attemptedAt: new Date(r.attempted_at), recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at),
});

/** Refused uses of lots, kept once each (append-only): the evidence of HELD_LOT_USE findings. */
export class LotUsageRefusalRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  /** The refusal as stored, and whether this call stored it (false: it was recorded before). */
  async insertIfAbsent(refusal: Omit<LotUsageRefusal, 'recordedAt'>, manager: EntityManager): Promise<{ refusal: LotUsageRefusal; inserted: boolean }> {
    const rows: Row[] = await manager.query(
      `INSERT INTO quality.lot_usage_refusal (refusal_id, lot_id, lot_number, attempted_use, lot_status, reference, attempted_by, attempted_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (refusal_id) DO NOTHING RETURNING *`,
      [refusal.refusalId, refusal.lotId, refusal.lotNumber, refusal.attemptedUse, refusal.lotStatus, refusal.reference, refusal.attemptedBy, refusal.attemptedAt, refusal.recordedBy],
    );
    if (rows[0]) return { refusal: toRefusal(rows[0]), inserted: true };
    return { refusal: (await this.findByIds([refusal.refusalId], manager))[0], inserted: false };
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<LotUsageRefusal[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.lot_usage_refusal WHERE refusal_id = ANY($1::uuid[]) ORDER BY attempted_at', [[...ids]]);
    return rows.map(toRefusal);
  }
}
