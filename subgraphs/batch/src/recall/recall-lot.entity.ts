import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LotStatus } from '../lot/lot.entity';

/** One lot a recall reached, and what the recall did to its status. */
@Entity({ name: 'recall_lot' })
export class RecallLotEntity {
  @PrimaryColumn({ name: 'recall_id', type: 'uuid' })
  recallId: string;

  @PrimaryColumn({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'status_before', type: 'text' })
  statusBefore: LotStatus;

  @Column({ name: 'status_after', type: 'text' })
  statusAfter: LotStatus;
}
