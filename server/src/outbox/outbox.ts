import type { DataSource, EntityManager } from 'typeorm';

export interface OutboxMessageInput {
  topic: string;
  /** Names the message once: enqueuing the same key again adds nothing. */
  key: string;
  /** The record the message belongs to (an exception id), to list its messages. */
  subject?: string | null;
  payload: Record<string, unknown>;
}

export interface OutboxMessage {
  id: string;
  topic: string;
  key: string;
  subject: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

interface OutboxRow {
  id: string | number;
  topic: string;
  idempotency_key: string;
  subject: string | null;
  payload: Record<string, unknown> | string;
  created_at: Date | string;
  attempts: number;
  next_attempt_at: Date | string;
  last_attempt_at: Date | string | null;
  last_error: string | null;
  delivered_at: Date | string | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: String(row.id),
    topic: row.topic,
    key: row.idempotency_key,
    subject: row.subject,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
    createdAt: date(row.created_at)!,
    attempts: Number(row.attempts),
    nextAttemptAt: date(row.next_attempt_at)!,
    lastAttemptAt: date(row.last_attempt_at),
    lastError: row.last_error,
    deliveredAt: date(row.delivered_at),
  };
}

/** A raw UPDATE ... RETURNING answers [rows, count] through TypeORM's PostgreSQL driver. */
function returned(result: unknown): OutboxRow[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as OutboxRow[];
  return result as OutboxRow[];
}

/**
 * A schema's transactional outbox (createOutboxTable). `enqueue` writes a message in the caller's transaction,
 * so the change and the request to tell another domain about it are committed together or not at all.
 */
export class Outbox {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}".outbox_message`;
  }

  /** True when the message was added; false when a message with this key already exists. */
  async enqueue(manager: EntityManager, message: OutboxMessageInput): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO ${this.table} (topic, idempotency_key, subject, payload) VALUES ($1, $2, $3, $4)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [message.topic, message.key, message.subject ?? null, JSON.stringify(message.payload)],
    )) as unknown[];
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due messages for one delivery attempt each: counts the attempt and moves the next one
   * `leaseMs` ahead, so no other dispatcher takes them meanwhile (FOR UPDATE SKIP LOCKED) and a dispatcher that
   * dies mid-delivery leaves them due again once the lease runs out.
   */
  /** `topics` limits the claim to those topics (a dispatcher per kind of delivery); all topics without it. */
  async claimDue(limit: number, leaseMs: number, topics?: readonly string[]): Promise<OutboxMessage[]> {
    const result = await this.dataSource.query(
      `UPDATE ${this.table} SET attempts = attempts + 1, last_attempt_at = now(),
              next_attempt_at = now() + ($2::int * interval '1 millisecond')
        WHERE id IN (SELECT id FROM ${this.table} WHERE delivered_at IS NULL AND next_attempt_at <= now()
                        AND ($3::text[] IS NULL OR topic = ANY($3::text[]))
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING *`,
      [limit, leaseMs, topics ? [...topics] : null],
    );
    return returned(result).map(toMessage).sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Marks a claimed message delivered, in the caller's transaction (with what the delivery completes). */
  async markDelivered(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE ${this.table} SET delivered_at = now(), last_error = NULL WHERE id = $1 AND delivered_at IS NULL`, [id]);
  }

  /** Keeps why the attempt failed and when the next one is due. */
  async markFailed(id: string, error: string, retryInMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table} SET last_error = $2, next_attempt_at = now() + ($3::int * interval '1 millisecond') WHERE id = $1 AND delivered_at IS NULL`,
      [id, error.slice(0, 2000), Math.round(retryInMs)],
    );
  }

  async findBySubject(subjects: readonly string[], manager?: EntityManager): Promise<OutboxMessage[]> {
    if (subjects.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(`SELECT * FROM ${this.table} WHERE subject = ANY($1) ORDER BY id`, [
      [...subjects],
    ])) as OutboxRow[];
    return rows.map(toMessage);
  }

  /** One subject's latest messages of a topic, newest first: a delivery log a page long. */
  async findLatestBySubject(subject: string, topic: string, limit: number): Promise<OutboxMessage[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE subject = $1 AND topic = $2 ORDER BY id DESC LIMIT $3`, [
      subject,
      topic,
      limit,
    ])) as OutboxRow[];
    return rows.map(toMessage);
  }

  async findByKey(key: string): Promise<OutboxMessage | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${this.table} WHERE idempotency_key = $1`, [key])) as OutboxRow[];
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async countUndelivered(): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE delivered_at IS NULL`)) as Array<{ n: number }>;
    return Number(rows[0].n);
  }

  transaction<R>(work: (manager: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }
}
