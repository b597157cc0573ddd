import { badInput, type AuditTrail, type GraphCaller, type Identity } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { AffectedLotRole } from './affected-lot.entity';
import type { LotLookupClient, LotRef } from '../lot/lot-lookup.client';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import type { ExceptionEvents } from '../notification/exception-events';
import { dueAt } from '../workflow/workflow-template';

export interface ReportExceptionInput {
  title: string;
  description?: string | null;
  severity: Severity;
  equipmentId?: string | null;
  parameter?: string | null;
  productionOrderNumber?: string | null;
  detectedAt?: Date | null;
  lots?: Array<{ lotNumber: string; role?: AffectedLotRole | null }> | null;
}

export interface ReportExceptionRequest {
  input: ReportExceptionInput;
  actor: Identity;
  caller: GraphCaller;
  requestId: string;
}

const text = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/**
 * An exception reported by hand: recorded OPEN with its due time, its affected lots, and, in the same
 * transaction, one hold request per lot in the outbox, so no exception is ever left without its holds.
 */
export class ExceptionReportService {
  constructor(
    private readonly exceptions: QualityExceptionRepository,
    private readonly lots: LotLookupClient,
    private readonly containment: ContainmentRequests,
    private readonly templates: WorkflowTemplateSource,
    private readonly events: ExceptionEvents,
    private readonly audit: AuditTrail,
  ) {}

  async report(request: ReportExceptionRequest): Promise<QualityExceptionEntity> {
    const { input, actor, requestId } = request;
    const title = text(input.title);
    if (!title) throw badInput('QualityException', 'title', 'a title is required to report an exception');
    const detectedAt = input.detectedAt ?? new Date();
    if (detectedAt.getTime() > Date.now() + 60_000) {
      throw badInput('QualityException', 'detectedAt', `${detectedAt.toISOString()} is in the future; give the time the deviation happened`);
    }
    const given = input.lots ?? [];
    const numbers = given.map((lot) => lot.lotNumber.trim());
    const repeated = numbers.find((number, index) => numbers.indexOf(number) !== index);
    if (repeated) throw badInput('QualityException', 'lots', `lot ${repeated} is named twice`);
    // Each lot is looked up in the batch domain as the reporter, before anything is written.
    const found: Array<{ lot: LotRef; role: AffectedLotRole }> = [];
    for (const [index, lot] of given.entries()) {
      found.push({ lot: await this.lots.find(numbers[index], request.caller, 'report an exception'), role: lot.role ?? 'REPORTED' });
    }
    // A report by hand names no material: the plant's default template governs it.
    const template = await this.templates.inForceFor(null);
    const created = await this.exceptions.transaction(async (manager) => {
      const exception = await this.exceptions.save(
        {
          number: await this.exceptions.allocateNumber(detectedAt.getUTCFullYear(), manager),
          title,
          description: text(input.description),
          severity: input.severity,
          status: 'OPEN',
          detectedAt,
          dueAt: dueAt(template, input.severity, detectedAt),
          equipmentId: input.equipmentId ?? null,
          parameter: text(input.parameter),
          productionOrderNumber: text(input.productionOrderNumber),
          reportedBy: actor.id,
          templateCode: template.code,
          templateVersion: template.version,
        },
        manager,
      );
      for (const { lot, role } of found) await this.exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: lot.id, lotNumber: lot.lotNumber, role }, manager);
      await this.audit.record(manager, {
        actor,
        action: 'REPORT_EXCEPTION',
        entityType: 'QualityException',
        entityId: exception.number,
        changes: {
          exceptionNumber: { new: exception.number },
          title: { new: exception.title },
          description: { new: exception.description },
          severity: { new: exception.severity },
          status: { new: exception.status },
          dueAt: { new: exception.dueAt },
          equipment: { new: exception.equipmentId },
          parameter: { new: exception.parameter },
          orderNumber: { new: exception.productionOrderNumber },
          affectedLots: { new: found.map(({ lot, role }) => `${lot.lotNumber} (${role})`) },
          workflowTemplate: { new: `${template.code}/${template.version}` },
        },
        requestId,
      });
      const lotNumbers = found.map(({ lot }) => lot.lotNumber);
      await this.containment.requestHolds(manager, exception, lotNumbers);
      await this.events.publish(manager, { type: 'exception.created', exception, lotNumbers, detail: `Reported by ${actor.name}` });
      return exception;
    });
    this.containment.deliverSoon();
    return created;
  }
}
