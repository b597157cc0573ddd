import type { DataSource, EntityManager } from 'typeorm';
import type { CapaEventType, ExceptionEventType } from './exception-events';
import type { ExceptionSummary } from './exception-summary';
import type { CapaSummary } from './capa-summary';

/** One exception event of quality.exception_event, as webhooks and the live stream send it. */
export interface StoredExceptionEvent {
  /** Increasing: the stream's event id (Last-Event-ID resumes after it). */
  id: string;
  type: ExceptionEventType;
  exceptionNumber: string;
  capaNumber: null;
  exception: ExceptionSummary;
  occurredAt: Date;
}

/** One CAPA event of the same log: it names its CAPA (and the capa outbox key it came with), not one exception. */
export interface StoredCapaEvent {
  id: string;
  type: CapaEventType;
  exceptionNumber: null;
  capaNumber: string;
  eventKey: string;
  capa: CapaSummary;
  detail: string;
  occurredAt: Date;
}

export type StoredEvent = StoredExceptionEvent | StoredCapaEvent;

interface EventRow {
  id: string | number;
  type: string;
  exception_number: string | null;
  capa_number: string | null;
  event_key: string | null;
  payload: Record<string, unknown> | string;
  occurred_at: Date | string;
}

function toEvent(row: EventRow): StoredEvent {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
  const common = { id: String(row.id), occurredAt: new Date(row.occurred_at) };
  if (row.capa_number !== null) {
    return { ...common, type: row.type as CapaEventType, exceptionNumber: null, capaNumber: row.capa_number, eventKey: row.event_key!, capa: payload.capa as CapaSummary, detail: payload.detail as string };
  }
  return { ...common, type: row.type as ExceptionEventType, exceptionNumber: row.exception_number!, capaNumber: null, exception: payload as unknown as ExceptionSummary };
}

/** The append-only log of exception and CAPA events (the database refuses UPDATE, DELETE and TRUNCATE). */
export class ExceptionEventRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  async append(manager: EntityManager, event: { type: ExceptionEventType; exceptionNumber: string; exception: ExceptionSummary }): Promise<StoredExceptionEvent> {
    const rows = (await manager.query(
      `INSERT INTO quality.exception_event (type, exception_number, payload) VALUES ($1, $2, $3) RETURNING *`,
      [event.type, event.exceptionNumber, JSON.stringify(event.exception)],
    )) as EventRow[];
    return toEvent(rows[0]) as StoredExceptionEvent;
  }

  async appendCapa(manager: EntityManager, event: { type: CapaEventType; eventKey: string; capa: CapaSummary; detail: string }): Promise<StoredCapaEvent> {
    const rows = (await manager.query(
      `INSERT INTO quality.exception_event (type, capa_number, event_key, payload) VALUES ($1, $2, $3, $4) RETURNING *`,
      [event.type, event.capa.number, event.eventKey, JSON.stringify({ capa: event.capa, detail: event.detail })],
    )) as EventRow[];
    return toEvent(rows[0]) as StoredCapaEvent;
  }

  async findById(id: string, manager?: EntityManager): Promise<StoredEvent | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(`SELECT * FROM quality.exception_event WHERE id = $1`, [id])) as EventRow[];
    return rows[0] ? toEvent(rows[0]) : null;
  }

  /** The CAPA event published with this key, if any. */
  async findByEventKey(eventKey: string, manager?: EntityManager): Promise<StoredCapaEvent | null> {
    const rows = (await (manager ?? this.dataSource.manager).query(`SELECT * FROM quality.exception_event WHERE event_key = $1`, [eventKey])) as EventRow[];
    return rows[0] ? (toEvent(rows[0]) as StoredCapaEvent) : null;
  }

  /** Events after `afterId`, oldest first. */
  async findAfter(afterId: string, limit: number): Promise<StoredEvent[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM quality.exception_event WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit])) as EventRow[];
    return rows.map(toEvent);
  }

  /** Id of the newest event ("0" when there is none): where a new subscriber starts. */
  async lastId(): Promise<string> {
    const rows = (await this.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM quality.exception_event`)) as Array<{ id: string }>;
    return rows[0].id;
  }
}
