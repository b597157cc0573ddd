import type { DataSource, EntityManager } from 'typeorm';
import type { ExceptionEventType } from './exception-events';
import type { ExceptionSummary } from './exception-summary';

/** One row of quality.exception_event, as webhooks and the live stream send it. */
export interface StoredExceptionEvent {
  /** Increasing: the stream's event id (Last-Event-ID resumes after it). */
  id: string;
  type: ExceptionEventType;
  exceptionNumber: string;
  exception: ExceptionSummary;
  occurredAt: Date;
}

interface EventRow {
  id: string | number;
  type: ExceptionEventType;
  exception_number: string;
  payload: ExceptionSummary | string;
  occurred_at: Date | string;
}

function toEvent(row: EventRow): StoredExceptionEvent {
  return {
    id: String(row.id),
    type: row.type,
    exceptionNumber: row.exception_number,
    exception: typeof row.payload === 'string' ? (JSON.parse(row.payload) as ExceptionSummary) : row.payload,
    occurredAt: new Date(row.occurred_at),
  };
}

/** The append-only log of exception events (the database refuses UPDATE, DELETE and TRUNCATE). */
export class ExceptionEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, event: { type: ExceptionEventType; exceptionNumber: string; exception: ExceptionSummary }): Promise<StoredExceptionEvent> {
    const rows = (await manager.query(
      `INSERT INTO quality.exception_event (type, exception_number, payload) VALUES ($1, $2, $3) RETURNING *`,
      [event.type, event.exceptionNumber, JSON.stringify(event.exception)],
    )) as EventRow[];
    return toEvent(rows[0]);
  }

  async findById(id: string, manager?: EntityManager): Promise<StoredExceptionEvent | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(`SELECT * FROM quality.exception_event WHERE id = $1`, [id])) as EventRow[];
    return rows[0] ? toEvent(rows[0]) : null;
  }

  /** Events after `afterId`, oldest first. */
  async findAfter(afterId: string, limit: number): Promise<StoredExceptionEvent[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM quality.exception_event WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])) as EventRow[];
    return rows.map(toEvent);
  }

  /** Id of the newest event ("0" when there is none): where a new subscriber starts. */
  async lastId(): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM quality.exception_event`)) as Array<{ id: string }>;
    return rows[0].id;
  }

  async findByExceptionNumber(number: string): Promise<StoredExceptionEvent[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM quality.exception_event WHERE exception_number = $1 ORDER BY id`, [number])) as EventRow[];
    return rows.map(toEvent);
  }
}
