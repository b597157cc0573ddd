import { badInput, lockKeyUntilCommit, type AuditTrail, type GraphCaller, type Identity } from '@lotgraph/server';
import type { EntityManager } from 'typeorm';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { AffectedLotRole } from './affected-lot.entity';
import type { LotLookupClient, LotRef } from '../lot/lot-lookup.client';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import type { ExceptionEvents } from '../notification/exception-events';
import { dueAt } from '../workflow/workflow-template';

export interface ReportExceptionInput {
  idempotencyKey?: string | null;
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

/** What a report said, as kept with its idempotency key: a retry under the key must say the same. */
interface ReportContent {
  reportedBy: string;
  title: string;
  description: string | null;
  severity: Severity;
  equipmentId: string | null;
  parameter: string | null;
  productionOrderNumber: string | null;
  /** As given; null when not (the time of the first report is then the exception's). */
  detectedAt: string | null;
  lots: Array<{ lotNumber: string; role: AffectedLotRole }>;
}

const MAX_KEY_LENGTH = 200;

/** The fields of a kept report that differ from those of the report sent again under its key, reportedBy first. */
function differing(kept: ReportContent, sent: ReportContent): Array<keyof ReportContent> {
  const fields = Object.keys(sent) as Array<keyof ReportContent>;
  return fields.filter((field) => JSON.stringify(kept[field]) !== JSON.stringify(sent[field]));
}

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
    const key = reportKey(input.idempotencyKey);
    const content: ReportContent = {
      reportedBy: actor.id,
      title,
      description: text(input.description),
      severity: input.severity,
      equipmentId: input.equipmentId ?? null,
      parameter: text(input.parameter),
      productionOrderNumber: text(input.productionOrderNumber),
      detectedAt: input.detectedAt ? input.detectedAt.toISOString() : null,
      lots: given.map((lot, index) => ({ lotNumber: numbers[index], role: lot.role ?? 'REPORTED' })),
    };
    // A retry answers from what is kept, before asking the batch domain anything.
    const earlier = key ? await this.reportedUnder(key, content) : undefined;
    if (earlier) return earlier;
    // Each lot is looked up in the batch domain as the reporter, before anything is written.
    const found: Array<{ lot: LotRef; role: AffectedLotRole }> = [];
    for (const [index, lot] of content.lots.entries()) {
      found.push({ lot: await this.lots.find(numbers[index], request.caller, 'report an exception'), role: lot.role });
    }
    // A report by hand names no material: the plant's default template governs it.
    const template = await this.templates.inForceFor(null);
    let recorded = false;
    const exception = await this.exceptions.transaction(async (manager) => {
      if (key) {
        // Two retries at once: the second waits for the first and answers its exception.
        await lockKeyUntilCommit(manager, `quality.exception-report.${key}`);
        const concurrent = await this.reportedUnder(key, content, manager);
        if (concurrent) return concurrent;
      }
      const exception = await this.exceptions.save(
        {
          number: await this.exceptions.allocateNumber(detectedAt.getUTCFullYear(), manager),
          title,
          description: content.description,
          severity: input.severity,
          status: 'OPEN',
          detectedAt,
          dueAt: dueAt(template, input.severity, detectedAt),
          equipmentId: content.equipmentId,
          parameter: content.parameter,
          productionOrderNumber: content.productionOrderNumber,
          reportedBy: actor.id,
          templateCode: template.code,
          templateVersion: template.version,
          reportKey: key,
          reportContent: key ? (content as unknown as Record<string, unknown>) : null,
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
          ...(key ? { idempotencyKey: { new: key } } : {}),
        },
        requestId,
      });
      const lotNumbers = found.map(({ lot }) => lot.lotNumber);
      await this.containment.requestHolds(manager, exception, lotNumbers);
      await this.events.publish(manager, { type: 'exception.created', exception, lotNumbers, detail: `Reported by ${actor.name}` });
      recorded = true;
      return exception;
    });
    if (recorded) this.containment.deliverSoon();
    return exception;
  }

  /** The exception reported under the key, if the report sent again says the same; refused when it does not. */
  private async reportedUnder(key: string, content: ReportContent, manager?: EntityManager): Promise<QualityExceptionEntity | undefined> {
    const kept = await this.exceptions.findByReportKey(key, manager);
    if (!kept) return undefined;
    const fields = differing(kept.reportContent as unknown as ReportContent, content);
    if (fields.length === 0) return kept;
    const reason =
      fields[0] === 'reportedBy'
        ? `${key} is the key ${kept.reportedBy} reported ${kept.number} under; one key names one report of one person`
        : `${key} is the key of ${kept.number}, reported with another ${fields.join(', ')}; one key names one report (send a new key for a new report)`;
    throw badInput('QualityException', fields[0] === 'reportedBy' ? 'idempotencyKey' : fields[0], reason);
  }
}

/** The idempotency key as kept, or null without one; blank or overlong is refused. */
function reportKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const key = value.trim();
  if (!key) throw badInput('QualityException', 'idempotencyKey', 'must not be blank: leave it out instead');
  if (key.length > MAX_KEY_LENGTH) throw badInput('QualityException', 'idempotencyKey', `is ${key.length} characters long; at most ${MAX_KEY_LENGTH} are allowed`);
  return key;
}
