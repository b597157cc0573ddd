import { Column, Entity, PrimaryColumn } from 'typeorm';

export interface IngestProblem {
  field: string | null;
  value: string | null;
  rule: string;
  reason: string;
}

/** A source record an adapter could not import, kept whole with its reasons (the dead-letter store). */
@Entity({ name: 'ingest_rejection' })
export class IngestRejectionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  adapter: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text' })
  position: string;

  @Column({ type: 'jsonb' })
  record: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  problems: IngestProblem[];

  /** The adapter's options the record was read with (time zone, stage), so a replay reads it the same way. */
  @Column({ type: 'jsonb' })
  options: Record<string, unknown>;

  @Column({ type: 'text' })
  status: 'OPEN' | 'REPLAYED';

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  @Column({ name: 'received_by', type: 'text' })
  receivedBy: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'replayed_at', type: 'timestamptz', nullable: true })
  replayedAt: Date | null;

  @Column({ name: 'replayed_by', type: 'text', nullable: true })
  replayedBy: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
