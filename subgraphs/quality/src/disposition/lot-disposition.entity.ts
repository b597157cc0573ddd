import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DispositionDecision } from './disposition';

/** What is done with one affected lot of an exception; final (the table is append-only). */
@Entity({ name: 'lot_disposition' })
export class LotDispositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  /** Id of the batch subgraph's Lot. */
  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'lot_number', type: 'text' })
  lotNumber: string;

  @Column({ type: 'text' })
  decision: DispositionDecision;

  @Column({ type: 'text' })
  reason: string;

  /** SHA-256 of the disposition's content (dispositionContentHash), which its signature names. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'decided_by', type: 'text' })
  decidedBy: string;

  @Column({ name: 'decided_at', type: 'timestamptz', default: () => 'now()' })
  decidedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
