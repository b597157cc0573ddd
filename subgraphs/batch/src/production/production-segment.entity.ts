import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One operation of a production order on one piece of equipment (ISA-95 SegmentResponse). */
@Entity({ name: 'production_segment' })
export class ProductionSegmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'production_order_id', type: 'uuid' })
  productionOrderId: string;

  @Column({ type: 'text' })
  operation: string;

  @Column({ name: 'equipment_id', type: 'uuid' })
  equipmentId: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  operator: string | null;

  /** Id of the MES report the segment was recorded from; the same report sent twice is recorded once. */
  @Column({ name: 'report_id', type: 'text', nullable: true, unique: true })
  reportId: string | null;

  /** Process parameters set for the run, by name: { "barrel_temp_zone3": { "value": 228, "unit": "°C" } }. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  parameters: Record<string, { value: number | string; unit?: string }>;
}
