import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MaterialClass = 'RAW' | 'COMPONENT' | 'SUBASSEMBLY' | 'FINISHED_DEVICE';

@Entity({ name: 'material' })
export class MaterialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  gtin: string | null;

  @Column({ name: 'material_class', type: 'text' })
  materialClass: MaterialClass;

  @Column({ type: 'boolean', default: false })
  critical: boolean;

  @Column({ type: 'text' })
  uom: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
