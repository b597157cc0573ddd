import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CapaActionKind = 'CORRECTION' | 'CORRECTIVE' | 'PREVENTIVE';
export type CapaActionStatus = 'OPEN' | 'DONE' | 'VERIFIED';

@Entity({ name: 'capa_action' })
export class CapaActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  kind: CapaActionKind;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  owner: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ type: 'text' })
  status: CapaActionStatus;
}
