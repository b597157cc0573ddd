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

/** A period of one series to read: [from, to), or [from, to] with `includeTo`; at most `limit` readings (all when absent). */
export interface SeriesPeriod {
  equipmentCode: string;
  parameter: string;
  from: Date;
  to: Date;
  includeTo: boolean;
  limit?: number | null;
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

  /**
   * Each period's readings in time order (then id), in the order the periods are given, in one query. A period is
   * half-open, [from, to), unless `includeTo`: a baseline window is [baselineFrom, baselineTo) (a rule's, a chart's),
   * a charted or measured period [from, to], both ends included (controlChart, processCapability). `limit`: at most
   * that many of each period's first readings.
   */
  async readingsIn(periods: readonly SeriesPeriod[], manager?: EntityManager): Promise<TimedPoint[][]> {
    const result = periods.map((): TimedPoint[] => []);
    if (periods.length === 0) return result;
    const column = <K extends keyof SeriesPeriod>(key: K) => periods.map((p) => p[key] ?? null);
    const rows: Array<{ n: string | number; id: string; value: string; measured_at: Date | string }> = await (manager ?? this.dataSource.manager).query(
      `SELECT s.n, p.id, p.value, p.measured_at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::boolean[], $6::int[]) WITH ORDINALITY
              AS s(equipment_code, parameter, from_at, to_at, include_to, row_limit, n)
         CROSS JOIN LATERAL (
           SELECT p.id, p.value, p.measured_at FROM quality.process_reading p
            WHERE p.equipment_code = s.equipment_code AND p.parameter = s.parameter AND p.measured_at >= s.from_at AND p.measured_at <= s.to_at
              AND (s.include_to OR p.measured_at < s.to_at)
            ORDER BY p.measured_at, p.id LIMIT s.row_limit) p`,
      [column('equipmentCode'), column('parameter'), column('from'), column('to'), column('includeTo'), column('limit')],
    );
    for (const r of rows) result[Number(r.n) - 1].push({ id: r.id, value: Number(r.value), measuredAt: new Date(r.measured_at) });
    for (const points of result) points.sort(byTimeThenId);
    return result;
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<ProcessReading[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.process_reading WHERE id = ANY($1::uuid[])', [[...ids]]);
    return rows.map(toReading);
  }
}
