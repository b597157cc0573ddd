import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type CapaSourceKind = 'EXCEPTION' | 'AUDIT_FINDING' | 'CUSTOMER_COMPLAINT';

/** What a CAPA answers; written when it is opened, never changed. */
@Entity({ name: 'capa_source' })
export class CapaSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  kind: CapaSourceKind;

  /** The quality subgraph's QualityException id; a reference across subgraphs, so no foreign key. */
  @Column({ name: 'exception_id', type: 'uuid', nullable: true })
  exceptionId: string | null;

  @Column({ name: 'exception_number', type: 'text', nullable: true })
  exceptionNumber: string | null;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}
