import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LotStatus } from './lot.entity';

/** Who moved a lot from one status to another, when and why. */
@Entity({ name: 'lot_status_change' })
export class LotStatusChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: LotStatus | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: LotStatus;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'exception_number', type: 'text', nullable: true })
  exceptionNumber: string | null;

  @Column({ name: 'changed_by', type: 'text' })
  changedBy: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
