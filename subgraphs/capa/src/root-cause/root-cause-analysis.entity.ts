import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { IshikawaCategory } from '../capa/capa.entity';
import type { EvidenceRef } from './evidence';

export interface Why {
  question: string;
  answer: string;
  evidence: EvidenceRef[];
}

export interface FishboneCause {
  key: string;
  category: IshikawaCategory;
  description: string;
  evidence: EvidenceRef[];
}

/** One recorded root-cause analysis of a CAPA; a revision is a new version, never a change. */
@Entity({ name: 'root_cause_analysis' })
export class RootCauseAnalysisEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'five_whys', type: 'jsonb' })
  fiveWhys: Why[];

  @Column({ type: 'jsonb' })
  causes: FishboneCause[];

  @Column({ name: 'root_cause_key', type: 'text' })
  rootCauseKey: string;

  @Column({ type: 'text' })
  justification: string;

  @Column({ name: 'recorded_by', type: 'text' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}
