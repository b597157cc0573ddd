import type { EntityManager } from 'typeorm';
import { CONTAINMENT_USER, lockKeyUntilCommit, signToken, type AuditTrail, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';
import { ExceptionWriter } from './exception-writer';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { AffectedLotsClient, Impact } from './affected-lots.client';
import { customersReached, impactFacts } from './affected-lots.client';
import type { RuleViolation, RuleViolationRepository } from '../rule/rule-violation.repository';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { ReadingRepository } from '../reading/reading.repository';
import type { EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { ExceptionEvents } from '../notification/exception-events';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import { dueAt, grade, type GradingFacts, type WorkflowTemplate } from '../workflow/workflow-template';
import { DEFAULT_WINDOW_MINUTES } from '../rule/rule-kind';
import { isOpen } from './exception-status';

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
  private readonly writer: ExceptionWriter;

  constructor(private readonly d: ExceptionRaiseDependencies) {
    this.writer = new ExceptionWriter(d);
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const violationId = String(message.payload.violationId);
    const [violation] = await this.d.violations.findByIds([violationId]);
    if (!violation) throw new Error(`rule violation ${violationId} does not exist`);
    const [rule] = await this.d.rules.findByIds([violation.ruleId]);
    if (!rule) throw new Error(`rule ${violation.ruleId} of rule violation ${violationId} does not exist`);
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
      ...impactFacts(impact),
    };
    const graded = grade(template, facts);
    const wrote = await this.d.exceptions.transaction(async (manager) => {
      // One raise per series at a time (several dispatchers may deliver two of its violations at once): the
      // second sees the first's exception and joins it.
      await lockKeyUntilCommit(manager, `quality.exception-series:${violation.equipmentCode}:${violation.parameter}`);
      const windowMs = (rule.settings.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;
      const grouped = await this.d.exceptions.findByViolationForUpdate(violation.id, manager);
      // Once its lots are dispositioned an exception takes no more: a cause still running raises a new one.
      const existing =
        (grouped && isOpen(grouped.status) ? grouped : null) ??
        (await this.d.exceptions.findOpenForSeriesForUpdate(
          violation.equipmentCode, violation.parameter, new Date(violation.firstAt.getTime() - windowMs), new Date(violation.lastAt.getTime() + windowMs), manager,
        ));
      const grading = { ...facts, row: graded.row, customers: impact.customers, template: `${template.code}/${template.version}` };
      return existing
        ? this.grow(existing, violation, rule, impact, graded.severity, grading, manager)
        : this.raise(violation, rule, template, impact, graded.severity, grading, manager);
    });
    if (wrote) this.d.containment.deliverSoon();
  }

  private raise(violation: RuleViolation, rule: QualityRule, template: WorkflowTemplate, impact: Impact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    return this.writer.open(
      {
        exception: {
          title: `${rule.code}: ${violation.parameter} on ${violation.equipmentCode}`,
          description: violation.detail,
          severity,
          status: 'OPEN',
          detectedAt: violation.firstAt,
          dueAt: dueAt(template, severity, violation.firstAt),
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
        lots: impact.lots,
        link: (exceptionId, tx) => this.d.exceptions.linkViolation(exceptionId, violation.id, tx),
        causeChanges: { equipmentCode: { new: violation.equipmentCode }, parameter: { new: violation.parameter }, orderNumber: { new: impact.productionOrderNumber } },
        reason: `rule ${rule.code} found: ${violation.detail}`,
        detail: violation.detail,
      },
      manager,
    ).then(() => true);
  }

  private grow(exception: QualityExceptionEntity, violation: RuleViolation, rule: QualityRule, impact: Impact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    return this.writer.grow(
      {
        exception,
        link: (tx) => this.d.exceptions.linkViolation(exception.id, violation.id, tx),
        linkChanges: { ruleViolation: { new: `${rule.code} ${violation.firstAt.toISOString()}` } },
        lots: impact.lots,
        severity,
        grading,
        impactSummary: impactSummary(impact),
        reason: `rule ${rule.code}: ${violation.detail}`,
        detail: violation.detail,
      },
      manager,
    );
  }
}

function impactSummary(impact: Impact): string {
  const count = (role: string) => impact.lots.filter((lot) => lot.role === role).length;
  const parts = [`${count('RUNNING')} running`, `${count('CONSUMED')} consumed`, `${count('DOWNSTREAM')} made from them`];
  const reached = customersReached(impact.customers);
  return `${impact.lots.length} lot(s) affected (${parts.join(', ')}); ${reached}`;
}
