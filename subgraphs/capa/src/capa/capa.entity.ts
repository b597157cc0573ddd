import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type CapaStatus = 'OPEN' | 'ROOT_CAUSE_ANALYSIS' | 'IMPLEMENTING' | 'EFFECTIVENESS_CHECK' | 'CLOSED' | 'CANCELLED';

@Entity({ name: 'capa' })
export class CapaEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  /** Id of the quality subgraph's QualityException; a reference across subgraphs, so no foreign key. */
  @Column({ name: 'exception_id', type: 'uuid' })
  exceptionId: string;

  @Column({ type: 'text' })
  status: CapaStatus;

  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause: string | null;

  @Column({ type: 'text' })
  owner: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
