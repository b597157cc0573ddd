import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type Severity = 'MINOR' | 'MAJOR' | 'CRITICAL';
export type ExceptionStatus = 'OPEN' | 'CONTAINED' | 'INVESTIGATING' | 'DISPOSITIONED' | 'VERIFIED' | 'CLOSED';

@Entity({ name: 'quality_exception' })
export class QualityExceptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  number: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  severity: Severity;

  @Column({ type: 'text' })
  status: ExceptionStatus;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** Id of the batch subgraph's Equipment; a reference across subgraphs, so no foreign key. */
  @Column({ name: 'equipment_id', type: 'uuid', nullable: true })
  equipmentId: string | null;

  @Column({ type: 'text', nullable: true })
  parameter: string | null;

  /** The production order running when it happened; the batch domain's order number. */
  @Column({ name: 'production_order_number', type: 'text', nullable: true })
  productionOrderNumber: string | null;

  /** Code of the equipment (work unit) whose readings raised it; null for one reported by hand without one. */
  @Column({ name: 'equipment_code', type: 'text', nullable: true })
  equipmentCode: string | null;

  /** The workflow template version that graded it (severity, due time, owners, signatures). */
  @Column({ name: 'template_code', type: 'text', nullable: true })
  templateCode: string | null;

  @Column({ name: 'template_version', type: 'int', nullable: true })
  templateVersion: number | null;

  /** The facts the grading matrix was given, and the row that matched. */
  @Column({ type: 'jsonb', nullable: true })
  grading: Record<string, unknown> | null;

  @Column({ name: 'impact_summary', type: 'text', nullable: true })
  impactSummary: string | null;

  /** When the last of its affected lots was put on hold. */
  @Column({ name: 'contained_at', type: 'timestamptz', nullable: true })
  containedAt: Date | null;

  /** When it was escalated for being overdue. */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /** User id of who reported it by hand; null for one the rules raised. */
  @Column({ name: 'reported_by', type: 'text', nullable: true })
  reportedBy: string | null;

  /** When, and by whom, the owner took the exception (CONTAINED → INVESTIGATING); time to acknowledge. */
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ name: 'acknowledged_by', type: 'text', nullable: true })
  acknowledgedBy: string | null;

  /** When the last affected lot got its disposition. */
  @Column({ name: 'dispositioned_at', type: 'timestamptz', nullable: true })
  dispositionedAt: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by', type: 'text', nullable: true })
  verifiedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'text', nullable: true })
  closedBy: string | null;

  /** The sender's idempotency key of a report by hand, and the content it was reported with (ReportContent). */
  @Column({ name: 'report_key', type: 'text', nullable: true })
  reportKey: string | null;

  @Column({ name: 'report_content', type: 'jsonb', nullable: true })
  reportContent: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
