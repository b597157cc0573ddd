import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A recall started from one lot: every lot downstream of it was recalled (or, if never released, held). */
@Entity({ name: 'recall' })
export class RecallEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ name: 'root_lot_id', type: 'uuid' })
  rootLotId: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'exception_number', type: 'text', nullable: true })
  exceptionNumber: string | null;

  @Column({ name: 'initiated_by', type: 'text' })
  initiatedBy: string;

  @Column({ name: 'initiated_at', type: 'timestamptz', default: () => 'now()' })
  initiatedAt: Date;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
