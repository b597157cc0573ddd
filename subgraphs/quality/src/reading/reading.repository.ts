import type { DataSource, EntityManager } from 'typeorm';
import type { SeriesPoint } from '../rule/rule-evaluator';

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
  recordedBy: string;
  recordedAt: Date;
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
  production_order: string | null; lot_number: string | null; specification_id: string | null; recorded_by: string; recorded_at: Date | string;
};
const toReading = (r: Row): ProcessReading => ({
  id: r.id, readingId: r.reading_id, equipmentCode: r.equipment_code, parameter: r.parameter, value: Number(r.value), measuredAt: new Date(r.measured_at),
  productionOrder: r.production_order, lotNumber: r.lot_number, specificationId: r.specification_id, recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at),
});

/** Accepted process readings (a time series per equipment and parameter) and rejected ones with their reasons. */
export class ReadingRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  async findByReadingId(readingId: string, manager: EntityManager): Promise<ProcessReading | null> {
    const rows: Row[] = await manager.query('SELECT * FROM quality.process_reading WHERE reading_id = $1', [readingId]);
    return rows[0] ? toReading(rows[0]) : null;
  }

  async insert(r: Omit<ProcessReading, 'id' | 'recordedAt'> & { requestId: string | null }, manager: EntityManager): Promise<ProcessReading> {
    const [row]: Row[] = await manager.query(
      `INSERT INTO quality.process_reading (reading_id, equipment_code, parameter, value, measured_at, production_order, lot_number, specification_id, recorded_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [r.readingId, r.equipmentCode, r.parameter, r.value, r.measuredAt, r.productionOrder, r.lotNumber, r.specificationId, r.recordedBy, r.requestId],
    );
    return toReading(row);
  }

  async insertRejected(r: RejectedReading, manager: EntityManager): Promise<string> {
    const [row]: Array<{ id: string }> = await manager.query(
      `INSERT INTO quality.rejected_reading (reading_id, equipment_code, parameter, value, measured_at, reason, recorded_by, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [r.readingId, r.equipmentCode, r.parameter, r.value, r.measuredAt, r.reason, r.recordedBy, r.requestId],
    );
    return row.id;
  }

  /** The `limit` readings of a series measured before the given reading (by time, then id), oldest first. */
  async before(reading: ProcessReading, limit: number, manager: EntityManager): Promise<SeriesPoint[]> {
    if (limit <= 0) return [];
    const rows: Array<{ id: string; value: string }> = await manager.query(
      `SELECT id, value FROM quality.process_reading
        WHERE equipment_code = $1 AND parameter = $2 AND (measured_at, id) < ($3, $4::uuid)
        ORDER BY measured_at DESC, id DESC LIMIT $5`,
      [reading.equipmentCode, reading.parameter, reading.measuredAt, reading.id, limit],
    );
    return rows.reverse().map((r) => ({ id: r.id, value: Number(r.value) }));
  }

  /** A series' values measured in [from, to), in time order: an SPC baseline. */
  async valuesBetween(equipmentCode: string, parameter: string, from: Date, to: Date, manager: EntityManager): Promise<number[]> {
    const rows: Array<{ value: string }> = await manager.query(
      `SELECT value FROM quality.process_reading WHERE equipment_code = $1 AND parameter = $2 AND measured_at >= $3 AND measured_at < $4 ORDER BY measured_at, id`,
      [equipmentCode, parameter, from, to],
    );
    return rows.map((r) => Number(r.value));
  }

  async findByIds(ids: readonly string[], manager?: EntityManager): Promise<ProcessReading[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.process_reading WHERE id = ANY($1::uuid[])', [[...ids]]);
    return rows.map(toReading);
  }

  async rejected(manager?: EntityManager): Promise<Array<RejectedReading & { id: string }>> {
    const rows: Array<{ id: string; reading_id: string | null; equipment_code: string | null; parameter: string | null; value: string | null; measured_at: string | null; reason: string; recorded_by: string; request_id: string | null }> =
      await (manager ?? this.dataSource.manager).query('SELECT * FROM quality.rejected_reading ORDER BY recorded_at, id');
    return rows.map((r) => ({ id: r.id, readingId: r.reading_id, equipmentCode: r.equipment_code, parameter: r.parameter, value: r.value, measuredAt: r.measured_at, reason: r.reason, recordedBy: r.recorded_by, requestId: r.request_id }));
  }
}
