import type { EntityManager } from 'typeorm';
import { CONTAINMENT_USER, signToken, type AuditTrail, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { AffectedLotsClient, Impact, ImpactLot } from './affected-lots.client';
import { isHoldable } from './affected-lots.client';
import type { RuleViolation, RuleViolationRepository } from '../rule/rule-violation.repository';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { ReadingRepository } from '../reading/reading.repository';
import type { EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { ExceptionEvents } from '../notification/exception-events';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import { grade, moreSevere, type GradingFacts, type WorkflowTemplate } from '../workflow/workflow-template';
import { DEFAULT_WINDOW_MINUTES } from '../rule/rule-kind';

export interface ExceptionRaiseDependencies {
  exceptions: QualityExceptionRepository;
  violations: RuleViolationRepository;
  rules: QualityRuleRepository;
  readings: ReadingRepository;
  catalogue: EquipmentParameterRepository;
  specs: SpecificationRepository;
  affectedLots: AffectedLotsClient;
  templates: WorkflowTemplateSource;
  containment: ContainmentRequests;
  events: ExceptionEvents;
  audit: AuditTrail;
  tokenSecret: string;
}

/**
 * Raises (or grows) the exception for a rule violation: looks up in the batch domain the lots the excursion
 * affected, grades it with the workflow template in force for the series' material, and in one transaction
 * writes the exception, its lots and one hold request per lot. Violations of one series close together in time
 * (the same cause) are one exception; a later violation adds its lots, and raises the severity if it grades higher.
 */
export class ExceptionRaiseDelivery implements OutboxDelivery {
  constructor(private readonly d: ExceptionRaiseDependencies) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const violationId = String(message.payload.violationId);
    const [violation] = await this.d.violations.findByIds([violationId]);
    if (!violation) throw new Error(`rule violation ${violationId} does not exist`);
    const [rule] = await this.d.rules.findByIds([violation.ruleId]);
    const series = await this.d.catalogue.find(violation.equipmentCode, violation.parameter);
    const template = await this.d.templates.inForceFor(series?.materialCode ?? null);
    if (!template.raiseOn.includes(rule.kind)) return;
    const evidence = await this.d.readings.findByIds(violation.evidence);
    const named = (pick: (r: (typeof evidence)[number]) => string | null) => [...new Set(evidence.map(pick).filter((v): v is string => !!v))];
    const token = signToken(CONTAINMENT_USER, this.d.tokenSecret, '5m');
    const impact = await this.d.affectedLots.find(
      { equipmentCode: violation.equipmentCode, from: violation.firstAt, to: violation.lastAt, namedLots: named((r) => r.lotNumber), namedOrder: named((r) => r.productionOrder)[0] ?? null },
      { token, requestId: `outbox-${message.id}` },
    );
    const spec = series ? await this.d.specs.inForce(series.materialCode, series.operation, violation.firstAt) : null;
    const facts: GradingFacts = {
      ruleKind: rule.kind,
      criticalParameter: spec?.parameters.find((p) => p.parameter === violation.parameter)?.critical ?? false,
      reachedCustomers: impact.customers.length > 0,
      releasedDownstream: impact.lots.some((lot) => lot.role === 'DOWNSTREAM' && lot.status === 'RELEASED'),
    };
    const graded = grade(template, facts);
    const wrote = await this.d.exceptions.transaction(async (manager) => {
      const windowMs = (rule.settings.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;
      const grouped = await this.d.exceptions.findByViolationForUpdate(violation.id, manager);
      // Once its lots are dispositioned an exception takes no more: a cause still running raises a new one.
      const existing =
        (grouped && OPEN_STATUSES.includes(grouped.status) ? grouped : null) ??
        (await this.d.exceptions.findOpenForSeriesForUpdate(violation.equipmentCode, violation.parameter, new Date(violation.firstAt.getTime() - windowMs), manager));
      const grading = { ...facts, row: graded.row, customers: impact.customers, template: `${template.code}/${template.version}` };
      return existing
        ? this.grow(existing, violation, rule, impact, graded.severity, grading, manager)
        : this.raise(violation, rule, template, impact, graded.severity, grading, manager);
    });
    if (wrote) this.d.containment.deliverSoon();
  }

  private async raise(violation: RuleViolation, rule: QualityRule, template: WorkflowTemplate, impact: Impact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    const detectedAt = violation.firstAt;
    const exception = await this.d.exceptions.save(
      {
        number: await this.d.exceptions.allocateNumber(detectedAt.getUTCFullYear(), manager),
        title: `${rule.code}: ${violation.parameter} on ${violation.equipmentCode}`,
        description: violation.detail,
        severity,
        status: 'OPEN',
        detectedAt,
        dueAt: new Date(detectedAt.getTime() + template.policies[severity].dueHours * 3_600_000),
        equipmentId: impact.equipmentId,
        equipmentCode: violation.equipmentCode,
        parameter: violation.parameter,
        productionOrderNumber: impact.productionOrderNumber,
        reportedBy: null,
        templateCode: template.code,
        templateVersion: template.version,
        grading,
        impactSummary: impactSummary(impact),
      },
      manager,
    );
    await this.d.exceptions.linkViolation(exception.id, violation.id, manager);
    for (const lot of impact.lots) await this.d.exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: lot.id, lotNumber: lot.lotNumber, role: lot.role }, manager);
    await this.d.audit.record(manager, {
      actor: CONTAINMENT_USER,
      action: 'RAISE_EXCEPTION',
      entityType: 'QualityException',
      entityId: exception.number,
      changes: {
        exceptionNumber: { new: exception.number },
        title: { new: exception.title },
        severity: { new: severity },
        status: { new: 'OPEN' },
        dueAt: { new: exception.dueAt },
        equipmentCode: { new: exception.equipmentCode },
        parameter: { new: exception.parameter },
        orderNumber: { new: exception.productionOrderNumber },
        affectedLots: { new: impact.lots.map(lotLabel) },
        workflowTemplate: { new: `${template.code}/${template.version}` },
        impactSummary: { new: exception.impactSummary },
      },
      reason: `rule ${rule.code} found: ${violation.detail}`,
    });
    await this.requestHolds(exception, impact.lots, manager);
    await this.d.events.publish(manager, { type: 'exception.created', exception, lotNumbers: impact.lots.map((lot) => lot.lotNumber), detail: violation.detail });
    return true;
  }

  private async grow(exception: QualityExceptionEntity, violation: RuleViolation, rule: QualityRule, impact: Impact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    const linked = await this.d.exceptions.linkViolation(exception.id, violation.id, manager);
    const known = new Set((await this.d.exceptions.findAffectedLots([exception.id], manager)).map((lot) => lot.lotId));
    const added = impact.lots.filter((lot) => !known.has(lot.id));
    const regraded = moreSevere(exception.severity, severity);
    if (!linked && added.length === 0 && regraded === exception.severity) return false;
    const before = { severity: exception.severity, status: exception.status, dueAt: exception.dueAt };
    for (const lot of added) await this.d.exceptions.saveAffectedLot({ exceptionId: exception.id, lotId: lot.id, lotNumber: lot.lotNumber, role: lot.role }, manager);
    if (regraded !== exception.severity) {
      exception.severity = regraded;
      exception.grading = grading;
      const template = exception.templateCode !== null ? await this.d.templates.version(exception.templateCode, exception.templateVersion ?? 0, manager) : null;
      if (template) exception.dueAt = new Date(Math.min(exception.dueAt?.getTime() ?? Infinity, exception.detectedAt.getTime() + template.policies[regraded].dueHours * 3_600_000));
    }
    // New lots to hold: the containment is not complete again until they are held.
    if (exception.status === 'CONTAINED' && added.some(isHoldable)) {
      exception.status = 'OPEN';
      exception.containedAt = null;
    }
    exception.impactSummary = impactSummary(impact);
    await this.d.exceptions.save(exception, manager);
    await this.d.audit.record(manager, {
      actor: CONTAINMENT_USER,
      action: 'GROW_EXCEPTION',
      entityType: 'QualityException',
      entityId: exception.number,
      changes: {
        ...(linked ? { ruleViolation: { new: `${rule.code} ${violation.firstAt.toISOString()}` } } : {}),
        ...(added.length ? { affectedLots: { new: added.map(lotLabel) } } : {}),
        ...(before.severity !== exception.severity ? { severity: { old: before.severity, new: exception.severity }, dueAt: { old: before.dueAt, new: exception.dueAt } } : {}),
        ...(before.status !== exception.status ? { status: { old: before.status, new: exception.status } } : {}),
      },
      reason: `rule ${rule.code}: ${violation.detail}`,
    });
    await this.requestHolds(exception, added, manager);
    if (added.length) await this.d.events.publish(manager, { type: 'exception.lots-added', exception, lotNumbers: added.map((lot) => lot.lotNumber), detail: violation.detail });
    if (before.status !== exception.status) await this.d.events.publish(manager, { type: 'exception.status-changed', exception, previousStatus: before.status });
    return true;
  }

  private requestHolds(exception: QualityExceptionEntity, lots: ImpactLot[], manager: EntityManager): Promise<void> {
    return this.d.containment.requestHolds(manager, exception, lots.filter(isHoldable).map((lot) => lot.lotNumber));
  }
}

const OPEN_STATUSES: readonly string[] = ['OPEN', 'CONTAINED', 'INVESTIGATING'];

const lotLabel = (lot: ImpactLot) => `${lot.lotNumber} (${lot.role})`;

function impactSummary(impact: Impact): string {
  const count = (role: string) => impact.lots.filter((lot) => lot.role === role).length;
  const parts = [`${count('RUNNING')} running`, `${count('CONSUMED')} consumed`, `${count('DOWNSTREAM')} made from them`];
  const reached = impact.customers.length ? `reached ${impact.customers.length} customer(s): ${impact.customers.join(', ')}` : 'no customer reached';
  return `${impact.lots.length} lot(s) affected (${parts.join(', ')}); ${reached}`;
}
