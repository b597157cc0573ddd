import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EvidenceRef } from '../root-cause/evidence';

export type CapaActionKind = 'CORRECTION' | 'CORRECTIVE' | 'PREVENTIVE';
export type CapaActionStatus = 'OPEN' | 'DONE';
export type ChangeRequestKind = 'SPECIFICATION' | 'PROCESS' | 'SUPPLIER' | 'EQUIPMENT_MAINTENANCE';

export interface ChangeRequest {
  kind: ChangeRequestKind;
  reference: string;
  description: string;
}

@Entity({ name: 'capa_action' })
export class CapaActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'capa_id', type: 'uuid' })
  capaId: string;

  /** 1 for the CAPA's first action. */
  @Column({ type: 'int' })
  sequence: number;

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

  @Column({ name: 'change_requests', type: 'jsonb' })
  changeRequests: ChangeRequest[];

  @Column({ name: 'completion_evidence', type: 'text', nullable: true })
  completionEvidence: string | null;

  @Column({ name: 'completion_evidence_links', type: 'jsonb' })
  completionEvidenceLinks: EvidenceRef[];

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When capa.notifier told that it is overdue (once). */
  @Column({ name: 'overdue_notified_at', type: 'timestamptz', nullable: true })
  overdueNotifiedAt: Date | null;
}
