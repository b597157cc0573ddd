import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '@lotgraph/server';

export type MaterialUse = 'CONSUMED' | 'PRODUCED';

/** A quantity of one lot consumed or produced by a segment (ISA-95 MaterialActual with MaterialUse). */
@Entity({ name: 'material_actual' })
export class MaterialActualEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'segment_id', type: 'uuid' })
  segmentId: string;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId: string;

  @Column({ name: 'material_use', type: 'text' })
  materialUse: MaterialUse;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer })
  quantity: number;

  @Column({ type: 'text' })
  uom: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
