import type { DeepPartial, EntityManager } from 'typeorm';
import { CONTAINMENT_USER, type AuditTrail, type FieldChanges } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import { isHoldable, type ImpactLot } from './affected-lots.client';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { ExceptionEvents } from '../notification/exception-events';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import { dueAt, moreSevere } from '../workflow/workflow-template';

export interface ExceptionWriterDependencies {
  exceptions: QualityExceptionRepository;
  templates: WorkflowTemplateSource;
  containment: ContainmentRequests;
  events: ExceptionEvents;
  audit: AuditTrail;
}

/** A new exception as a raising path composed it (from a rule violation, from a lot finding). */
export interface Opening {
  /** Its fields but the number, which is allocated in the transaction. */
  exception: Omit<DeepPartial<QualityExceptionEntity>, 'number'> & { detectedAt: Date };
  lots: ImpactLot[];
  /** Links the exception to its cause (the violation, the finding) once it has an id. */
  link(exceptionId: string, manager: EntityManager): Promise<unknown>;
  /** What the audit entry says of the cause, beside the exception's own fields. */
  causeChanges: FieldChanges;
  reason: string;
  /** The cause in a sentence, for the exception.created event. */
  detail: string;
}

/** A further cause joining an open exception (locked by the caller). */
export interface Growth {
  exception: QualityExceptionEntity;
  /** Links the cause; false when it was linked before. */
  link(manager: EntityManager): Promise<boolean>;
  linkChanges: FieldChanges;
  lots: ImpactLot[];
  severity: Severity;
  grading: Record<string, unknown>;
  impactSummary: string;
  reason: string;
  detail: string;
}

const lotLabel = (lot: ImpactLot) => `${lot.lotNumber} (${lot.role})`;

/**
 * What every raising path writes, in the caller's transaction, as the quality.containment system user: the
 * exception with its lots, its audit entry, one hold request per lot that can still be held, and its event; or,
 * for a cause joining an open exception, the new lots, a higher severity, the containment reopened for lots not
 * yet held, its audit entry and events.
 */
export class ExceptionWriter {
  constructor(private readonly d: ExceptionWriterDependencies) {}

  async open(o: Opening, manager: EntityManager): Promise<QualityExceptionEntity> {
    const number = await this.d.exceptions.allocateNumber(o.exception.detectedAt.getUTCFullYear(), manager);
    // Lots that are all final (rejected, recalled) need no hold: the exception is contained as it opens.
    const contained = o.lots.length > 0 && !o.lots.some(isHoldable);
    const exception = await this.d.exceptions.save({ ...o.exception, number, ...(contained ? { status: 'CONTAINED' as const, containedAt: new Date() } : {}) }, manager);
    await o.link(exception.id, manager);
    for (const lot of o.lots) await this.d.exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: lot.id, lotNumber: lot.lotNumber, role: lot.role }, manager);
    await this.d.audit.record(manager, {
      actor: CONTAINMENT_USER,
      action: 'RAISE_EXCEPTION',
      entityType: 'QualityException',
      entityId: exception.number,
      changes: {
        exceptionNumber: { new: exception.number },
        title: { new: exception.title },
        severity: { new: exception.severity },
        status: { new: exception.status },
        dueAt: { new: exception.dueAt },
        ...o.causeChanges,
        affectedLots: { new: o.lots.map(lotLabel) },
        workflowTemplate: { new: `${exception.templateCode}/${exception.templateVersion}` },
        impactSummary: { new: exception.impactSummary },
      },
      reason: o.reason,
    });
    await this.requestHolds(exception, o.lots, manager);
    await this.d.events.publish(manager, { type: 'exception.created', exception, lotNumbers: o.lots.map((lot) => lot.lotNumber), detail: o.detail });
    return exception;
  }

  /** False when the cause changes nothing (linked before, no new lot, no higher severity). */
  async grow(g: Growth, manager: EntityManager): Promise<boolean> {
    const { exception } = g;
    const linked = await g.link(manager);
    const known = new Set((await this.d.exceptions.findAffectedLots([exception.id], manager)).map((lot) => lot.lotId));
    const added = g.lots.filter((lot) => !known.has(lot.id));
    const regraded = moreSevere(exception.severity, g.severity);
    if (!linked && added.length === 0 && regraded === exception.severity) return false;
    const before = { severity: exception.severity, status: exception.status, dueAt: exception.dueAt };
    for (const lot of added) await this.d.exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: lot.id, lotNumber: lot.lotNumber, role: lot.role }, manager);
    if (regraded !== exception.severity) {
      exception.severity = regraded;
      exception.grading = g.grading;
      const template = exception.templateCode !== null ? await this.d.templates.version(exception.templateCode, exception.templateVersion ?? 0, manager) : null;
      if (template) exception.dueAt = new Date(Math.min(exception.dueAt?.getTime() ?? Infinity, dueAt(template, regraded, exception.detectedAt).getTime()));
    }
    // New lots to hold: the containment is not complete again until they are held.
    if (exception.status === 'CONTAINED' && added.some(isHoldable)) {
      exception.status = 'OPEN';
      exception.containedAt = null;
    }
    exception.impactSummary = g.impactSummary;
    await this.d.exceptions.save(exception, manager);
    await this.d.audit.record(manager, {
      actor: CONTAINMENT_USER,
      action: 'GROW_EXCEPTION',
      entityType: 'QualityException',
      entityId: exception.number,
      changes: {
        ...(linked ? g.linkChanges : {}),
        ...(added.length ? { affectedLots: { new: added.map(lotLabel) } } : {}),
        ...(before.severity !== exception.severity ? { severity: { old: before.severity, new: exception.severity }, dueAt: { old: before.dueAt, new: exception.dueAt } } : {}),
        ...(before.status !== exception.status ? { status: { old: before.status, new: exception.status } } : {}),
      },
      reason: g.reason,
    });
    await this.requestHolds(exception, added, manager);
    if (added.length) await this.d.events.publish(manager, { type: 'exception.lots-added', exception, lotNumbers: added.map((lot) => lot.lotNumber), detail: g.detail });
    if (before.status !== exception.status) await this.d.events.publish(manager, { type: 'exception.status-changed', exception, previousStatus: before.status });
    return true;
  }

  private requestHolds(exception: QualityExceptionEntity, lots: ImpactLot[], manager: EntityManager): Promise<void> {
    return this.d.containment.requestHolds(manager, exception, lots.filter(isHoldable).map((lot) => lot.lotNumber));
  }
}
