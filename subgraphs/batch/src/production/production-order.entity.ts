import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

export type ProductionOrderStatus = 'PLANNED' | 'RUNNING' | 'COMPLETED' | 'CANCELLED';

@Entity({ name: 'production_order' })
export class ProductionOrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ name: 'material_id', type: 'uuid' })
  materialId: string;

  @Column({ name: 'planned_quantity', type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  plannedQuantity: number;

  @Column({ type: 'text' })
  status: ProductionOrderStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
