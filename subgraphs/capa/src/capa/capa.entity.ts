import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CapaStatus } from './capa-status';

export type CapaType = 'CORRECTIVE' | 'PREVENTIVE';
export type IshikawaCategory = 'MAN' | 'MACHINE' | 'MATERIAL' | 'METHOD' | 'MEASUREMENT' | 'ENVIRONMENT';
export const ISHIKAWA_CATEGORIES: readonly IshikawaCategory[] = ['MAN', 'MACHINE', 'MATERIAL', 'METHOD', 'MEASUREMENT', 'ENVIRONMENT'];

/** Severity × occurrence × detection, 1-10 each (FMEA). */
export interface Risk {
  severity: number;
  occurrence: number;
  detection: number;
}

/** What a CAPA is about, from its sources: where similar CAPAs are looked for. */
export interface CapaScope {
  equipmentCodes: string[];
  parameters: string[];
  materialCodes: string[];
  supplierCodes: string[];
  lotNumbers: string[];
}

@Entity({ name: 'capa' })
export class CapaEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  type: CapaType;

  @Column({ type: 'text' })
  status: CapaStatus;

  @Column({ name: 'problem_statement', type: 'text' })
  problemStatement: string;

  /** Null only for CAPAs recorded before risk was assessed. */
  @Column({ name: 'risk_before', type: 'jsonb', nullable: true })
  riskBefore: Risk | null;

  @Column({ name: 'risk_after', type: 'jsonb', nullable: true })
  riskAfter: Risk | null;

  /** The chosen root cause's description, from the latest analysis (kept here for lists and similarity). */
  @Column({ name: 'root_cause', type: 'text', nullable: true })
  rootCause: string | null;

  @Column({ name: 'root_cause_category', type: 'text', nullable: true })
  rootCauseCategory: IshikawaCategory | null;

  @Column({ type: 'jsonb' })
  scope: CapaScope;

  @Column({ type: 'text' })
  owner: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @Column({ name: 'plan_approved_at', type: 'timestamptz', nullable: true })
  planApprovedAt: Date | null;

  @Column({ name: 'plan_approved_by', type: 'text', nullable: true })
  planApprovedBy: string | null;

  /** When every action was done and the effectiveness check began to measure (its verification window's default start). */
  @Column({ name: 'effectiveness_started_at', type: 'timestamptz', nullable: true })
  effectivenessStartedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closing_summary', type: 'text', nullable: true })
  closingSummary: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancelled_by', type: 'text', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
