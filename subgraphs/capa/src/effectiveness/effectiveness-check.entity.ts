import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EffectivenessMetric } from './effectiveness-metric';

export type TargetComparison = 'AT_MOST' | 'AT_LEAST';

/** One effectiveness check of a CAPA, with the baseline computed when it was defined; a new check is a new version. */
@Entity({ name: 'effectiveness_check' })
export class EffectivenessCheckEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  metric: EffectivenessMetric;

  @Column({ name: 'baseline_from', type: 'timestamptz' })
  baselineFrom: Date;

  @Column({ name: 'baseline_to', type: 'timestamptz' })
  baselineTo: Date;

  /** Null: from the plan's approval. */
  @Column({ name: 'verification_from', type: 'timestamptz', nullable: true })
  verificationFrom: Date | null;

  @Column({ name: 'verification_to', type: 'timestamptz' })
  verificationTo: Date;

  @Column({ type: 'text' })
  comparison: TargetComparison;

  @Column({ type: 'double precision' })
  target: number;

  @Column({ name: 'min_samples', type: 'int' })
  minSamples: number;

  @Column({ name: 'baseline_value', type: 'double precision', nullable: true })
  baselineValue: number | null;

  @Column({ name: 'baseline_sample_size', type: 'int' })
  baselineSampleSize: number;

  @Column({ name: 'defined_by', type: 'text' })
  definedBy: string;

  @Column({ name: 'defined_at', type: 'timestamptz', default: () => 'now()' })
  definedAt: Date;
}
