import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LotStatus } from './lot.entity';
import type { LotUse } from './lot-status';

@Entity({ name: 'lot_usage_refusal' })
export class LotUsageRefusalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'attempted_use', type: 'text' })
  attemptedUse: LotUse;

  @Column({ name: 'lot_status', type: 'text' })
  lotStatus: LotStatus;

  /** What the attempt was part of: a shipment or production order number. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'attempted_by', type: 'text' })
  attemptedBy: string;

  @Column({ name: 'attempted_at', type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
