import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { QualityExceptionEntity } from './quality-exception.entity';

export type AffectedLotRole = 'RUNNING' | 'CONSUMED' | 'DOWNSTREAM' | 'REPORTED';

@Entity({ name: 'affected_lot' })
export class AffectedLotEntity {
  @PrimaryColumn({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  /** Id of the batch subgraph's Lot; a reference across subgraphs, so no foreign key. */
  @PrimaryColumn({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  /** The lot's number as batch gave it when the lot was added; null on rows from before it was kept. */
  @Column({ name: 'lot_number', type: 'text', nullable: true })
  lotNumber?: string | null;

  @Column({ type: 'text' })
  role: AffectedLotRole;

  @ManyToOne(() => QualityExceptionEntity)
  @JoinColumn({ name: 'exception_id' })
  exception?: QualityExceptionEntity;
}
