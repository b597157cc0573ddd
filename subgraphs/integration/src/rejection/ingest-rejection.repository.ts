import type { DataSource, EntityManager } from 'typeorm';
import { BaseRepository } from '@lotgraph/server';
import { IngestRejectionEntity } from './ingest-rejection.entity';

export type NewRejection = Omit<IngestRejectionEntity, 'status' | 'replayedAt' | 'replayedBy'>;

export class IngestRejectionRepository extends BaseRepository<IngestRejectionEntity> {
  constructor(dataSource: DataSource) {
    super(dataSource, IngestRejectionEntity);
  }

  /** Inserts the rejection unless one with its adapter and idempotency key is kept; answers whether it was new. */
  async insertIfAbsent(rejection: NewRejection, manager: EntityManager): Promise<boolean> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO integration.ingest_rejection (id, adapter, source, position, record, problems, options, idempotency_key, received_by, received_at, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (adapter, idempotency_key) DO NOTHING
       RETURNING id`,
      [
        rejection.id,
        rejection.adapter,
        rejection.source,
        rejection.position,
        JSON.stringify(rejection.record),
        JSON.stringify(rejection.problems),
        JSON.stringify(rejection.options),
        rejection.idempotencyKey,
        rejection.receivedBy,
        rejection.receivedAt,
        rejection.requestId,
      ],
    );
    return inserted.length > 0;
  }

  findById(id: string): Promise<IngestRejectionEntity | null> {
    return this.repo().findOneBy({ id });
  }

  findByKey(adapter: string, idempotencyKey: string, manager?: EntityManager): Promise<IngestRejectionEntity> {
    return this.repo(manager).findOneByOrFail({ adapter, idempotencyKey });
  }

  find(filter: { adapter?: string | null; status: 'OPEN' | 'REPLAYED'; first: number }): Promise<IngestRejectionEntity[]> {
    return this.repo().find({
      where: { status: filter.status, ...(filter.adapter ? { adapter: filter.adapter } : {}) },
      order: { receivedAt: 'DESC', id: 'DESC' },
      take: filter.first,
    });
  }
}
