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

  @Column({ type: 'text' })
  role: AffectedLotRole;

  @ManyToOne(() => QualityExceptionEntity)
  @JoinColumn({ name: 'exception_id' })
  exception?: QualityExceptionEntity;
}
