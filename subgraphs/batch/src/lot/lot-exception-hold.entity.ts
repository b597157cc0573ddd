import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LotStatus } from './lot.entity';

export type DispositionDecision = 'USE_AS_IS' | 'REWORK' | 'SCRAP' | 'RETURN_TO_SUPPLIER' | 'RELEASE';

/** A quality exception's hold on a lot, as its containment placed it; lifted only by that exception's disposition. */
@Entity({ name: 'lot_exception_hold' })
export class LotExceptionHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'exception_number', type: 'text' })
  exceptionNumber: string;

  @Column({ name: 'held_by', type: 'text' })
  heldBy: string;

  @Column({ name: 'held_at', type: 'timestamptz', default: () => 'now()' })
  heldAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}

/** What a quality exception decided for a lot, as applied here. */
@Entity({ name: 'lot_exception_disposition' })
export class LotExceptionDispositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'exception_number', type: 'text' })
  exceptionNumber: string;

  @Column({ type: 'text' })
  decision: DispositionDecision;

  @Column({ type: 'text' })
  reason: string;

  /** The lot's status once this disposition was applied. */
  @Column({ name: 'status_after', type: 'text' })
  statusAfter: LotStatus;

  @Column({ name: 'applied_by', type: 'text' })
  appliedBy: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
