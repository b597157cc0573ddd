import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type EquipmentLevel = 'ENTERPRISE' | 'SITE' | 'AREA' | 'WORK_CENTER' | 'WORK_UNIT';

@Entity({ name: 'equipment' })
export class EquipmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  level: EquipmentLevel;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;
}
