import type { DataSource, EntityManager } from 'typeorm';
import { timeOrderedUuid } from '@lotgraph/server';

/** The time series a reading belongs to. */
export const seriesKey = (s: { equipmentCode: string; parameter: string }): string => `${s.equipmentCode}\u0000${s.parameter}`;

/** Series order: by time, then id (as the database orders uuids). */
export const byTimeThenId = (a: { measuredAt: Date; id: string }, b: { measuredAt: Date; id: string }): number =>
  a.measuredAt.getTime() - b.measuredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export interface ProcessReading {
  id: string;
  readingId: string | null;
  equipmentCode: string;
  parameter: string;
  value: number;
  measuredAt: Date;
  productionOrder: string | null;
  lotNumber: string | null;
  specificationId: string | null;
  /** The ingest call that stored it, whose audit entry (ReadingBatch) holds its values; null before such entries. */
  batchId: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** A reading to store: its id is made by the caller, so a batch knows its readings before they are written. */
export type NewReading = Omit<ProcessReading, 'recordedAt'> & { requestId: string | null };

/** A point of a series with its time, for judging readings against the ones before them. */
export interface TimedPoint {
  id: string;
  value: number;
  measuredAt: Date;
}

/** Which part of a series' stored history a batch needs: `before` points ahead of `from`, and all in [from, to]. */
export interface SeriesWindow {
  equipmentCode: string;
  parameter: string;
  from: Date;
  to: Date;
  before: number;
}

export interface RejectedReading {
  readingId: string | null;
  equipmentCode: string | null;
  parameter: string | null;
  value: string | null;
  measuredAt: string | null;
  reason: string;
  recordedBy: string;
  requestId: string | null;
}

type Row = {
  id: string; reading_id: string | null; equipment_code: string; parameter: string; value: string; measured_at: Date | string;
  production_order: string | null; lot_number: string | null; specification_id: string | null; batch_id: string | null; recorded_by: string; recorded_at: Date | string;
};
const toReading = (r: Row): ProcessReading => ({
  id: r.id, readingId: r.reading_id, equipmentCode: r.equipment_code, parameter: r.parameter, value: Number(r.value), measuredAt: new Date(r.measured_at),
  productionOrder: r.production_order, lotNumber: r.lot_number, specificationId: r.specification_id, batchId: r.batch_id, recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at),
});

/** Accepted process readings (a time series per equipment and parameter) and rejected ones with their reasons. */
export class ReadingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  async findByReadingIds(readingIds: readonly string[], manager: EntityManager): Promise<ProcessReading[]> {
    if (readingIds.length === 0) return [];
    const rows: Row[] = await manager.query('SELECT * FROM quality.process_reading WHERE reading_id = ANY($1::text[])', [[...readingIds]]);
    return rows.map(toReading);
  }

  /**
   * Stores readings in one statement; how many were stored. A reading whose readingId is already stored (by an
   * earlier call, or by another transaction meanwhile) is left out, not an error, for the caller to sort out.
   */
  async insertMany(readings: readonly NewReading[], manager: EntityManager): Promise<number> {
    if (readings.length === 0) return 0;
    // One JSON document rather than an array per column: serialised natively, measured faster for thousands of rows.
    const [{ stored }]: Array<{ stored: number }> = await manager.query(
      `WITH stored AS (
         INSERT INTO quality.process_reading (id, reading_id, equipment_code, parameter, value, measured_at, production_order, lot_number, specification_id, batch_id, recorded_by, request_id)
         SELECT * FROM json_to_recordset($1::json) AS r(id uuid, "readingId" text, "equipmentCode" text, parameter text, value numeric, "measuredAt" timestamptz,
           "productionOrder" text, "lotNumber" text, "specificationId" uuid, "batchId" uuid, "recordedBy" text, "requestId" text)
         ON CONFLICT (reading_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS stored FROM stored`,
      [JSON.stringify(readings)],
    );
    return stored;
  }

  /**
   * For each series: its `before` latest points measured before `from` and all measured in [from, to], in time
   * order (then id) — the history a batch's rules need, in one query. The latest points come straight off the
   * series index (newest first, stopping after `before`, with any sharing the last one's time), not from sorting
   * the whole history, so the query costs the same however long the series is.
   */
  async windows(windows: readonly SeriesWindow[], manager: EntityManager): Promise<Map<string, TimedPoint[]>> {
    const result = new Map<string, TimedPoint[]>(windows.map((w) => [seriesKey(w), []]));
    if (windows.length === 0) return result;
    const rows: Array<{ equipment_code: string; parameter: string; id: string; value: string; measured_at: Date | string }> = await manager.query(
      `SELECT s.equipment_code, s.parameter, h.id, h.value, h.measured_at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[]) AS s(equipment_code, parameter, from_at, to_at, before_count)
         CROSS JOIN LATERAL (
           (SELECT p.id, p.value, p.measured_at FROM quality.process_reading p
             WHERE p.equipment_code = s.equipment_code AND p.parameter = s.parameter AND p.measured_at < s.from_at
             ORDER BY p.measured_at DESC FETCH FIRST (s.before_count) ROWS WITH TIES)
           UNION ALL
           (SELECT p.id, p.value, p.measured_at FROM quality.process_reading p
             WHERE p.equipment_code = s.equipment_code AND p.parameter = s.parameter AND p.measured_at >= s.from_at AND p.measured_at <= s.to_at)
         ) h`,
      [windows.map((w) => w.equipmentCode), windows.map((w) => w.parameter), windows.map((w) => w.from), windows.map((w) => w.to), windows.map((w) => w.before)],
    );
    for (const r of rows) result.get(seriesKey({ equipmentCode: r.equipment_code, parameter: r.parameter }))!.push({ id: r.id, value: Number(r.value), measuredAt: new Date(r.measured_at) });
    for (const points of result.values()) points.sort(byTimeThenId);
    return result;
  }

  /** Keeps rejected readings in the order given, each with its reason; their ids. */
  async insertRejectedMany(rejected: readonly RejectedReading[], manager: EntityManager): Promise<string[]> {
    if (rejected.length === 0) return [];
    // Ids that sort in the order given: the rows share one recorded_at, and are read back by (recorded_at, id).
    const ids = rejected.map(() => timeOrderedUuid());
    const column = <K extends keyof RejectedReading>(key: K) => rejected.map((r) => r[key]);
    await manager.query(
      `INSERT INTO quality.rejected_reading (id, reading_id, equipment_code, parameter, value, measured_at, reason, recorded_by, request_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [ids, column('readingId'), column('equipmentCode'), column('parameter'), column('value'), column('measuredAt'), column('reason'), column('recordedBy'), column('requestId')],
    );
    return ids;
  }

  /** A series' values measured in [from, to), in time order: an SPC baseline. */
  async valuesBetween(equipmentCode: string, parameter: string, from: Date, to: Date, manager?: EntityManager): Promise<number[]> {
    const rows: Array<{ value: string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT value FROM quality.process_reading WHERE equipment_code = $1 AND parameter = $2 AND measured_at >= $3 AND measured_at < $4 ORDER BY measured_at, id`,
      [equipmentCode, parameter, from, to],
    );
    return rows.map((r) => Number(r.value));
  }

  /** A series' readings measured in [from, to] (both included), in time order (then id): at most `limit` of the first. */
  async pointsBetween(equipmentCode: string, parameter: string, from: Date, to: Date, limit: number, manager?: EntityManager): Promise<TimedPoint[]> {
    const rows: Array<{ id: string; value: string; measured_at: Date | string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT id, value, measured_at FROM quality.process_reading
        WHERE equipment_code = $1 AND parameter = $2 AND measured_at >= $3 AND measured_at <= $4
        ORDER BY measured_at, id LIMIT $5`,
      [equipmentCode, parameter, from, to, limit],
    );
    return rows.map((r) => ({ id: r.id, value: Number(r.value), measuredAt: new Date(r.measured_at) }));
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<ProcessReading[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.process_reading WHERE id = ANY($1::uuid[])', [[...ids]]);
    return rows.map(toReading);
  }
}
