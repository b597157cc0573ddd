import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EffectivenessResult } from './effectiveness-result';

/** A check's result kept as it was judged: the PASS a CAPA closed on, or the FAIL that reopened its investigation. */
@Entity({ name: 'effectiveness_verdict' })
export class EffectivenessVerdictEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  result: EffectivenessResult;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
