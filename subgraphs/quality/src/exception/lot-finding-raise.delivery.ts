import type { EntityManager } from 'typeorm';
import { CONTAINMENT_USER, lockKeyUntilCommit, signToken, type AuditTrail, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import { isHoldable, type AffectedLotsClient, type ImpactLot, type LotImpact } from './affected-lots.client';
import { OPEN_STATUSES, lotLabel } from './exception-raise.delivery';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { LotFinding, LotFindingRepository } from '../lot-rule/lot-finding.repository';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { ExceptionEvents } from '../notification/exception-events';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import { grade, moreSevere, type GradingFacts, type WorkflowTemplate } from '../workflow/workflow-template';

export interface LotFindingRaiseDependencies {
  exceptions: QualityExceptionRepository;
  findings: LotFindingRepository;
  rules: QualityRuleRepository;
  affectedLots: AffectedLotsClient;
  templates: WorkflowTemplateSource;
  containment: ContainmentRequests;
  events: ExceptionEvents;
  audit: AuditTrail;
  tokenSecret: string;
}

/**
 * Raises (or grows) the exception for what a lot rule found (a failed own result, a CoA we cannot confirm, an
 * attempt to use a blocked lot), whatever the rule kind: looks up the lot and what was made from it in the batch
 * domain, grades with the workflow template in force for the lot's material, and in one transaction writes the
 * exception, its lots, one hold request per lot and its event. One open exception per lot and rule kind: a later
 * finding of the same kind on the lot joins it (a repeated attempt, a second failed test).
 */
export class LotFindingRaiseDelivery implements OutboxDelivery {
  constructor(private readonly d: LotFindingRaiseDependencies) {}

  async deliver(message: OutboxMessage): Promise<void> {
    const findingId = String(message.payload.findingId);
    const [finding] = await this.d.findings.findByIds([findingId]);
    if (!finding) throw new Error(`lot finding ${findingId} does not exist`);
    const [rule] = await this.d.rules.findByIds([finding.ruleId]);
    const token = signToken(CONTAINMENT_USER, this.d.tokenSecret, '5m');
    const impact = await this.d.affectedLots.forLot(finding.lotNumber, { token, requestId: `outbox-${message.id}` });
    const template = await this.d.templates.inForceFor(impact.lot.materialCode);
    if (!template.raiseOn.includes(rule.kind)) return;
    const facts: GradingFacts = {
      ruleKind: rule.kind,
      criticalParameter: impact.lot.criticalMaterial,
      reachedCustomers: impact.customers.length > 0,
      releasedDownstream: impact.lots.some((lot) => lot.role === 'DOWNSTREAM' && lot.status === 'RELEASED'),
    };
    const graded = grade(template, facts);
    const grading = { ...facts, row: graded.row, customers: impact.customers, materialCode: impact.lot.materialCode, template: `${template.code}/${template.version}` };
    const wrote = await this.d.exceptions.transaction(async (manager) => {
      // Two findings of one kind on one lot delivered at once must not raise two exceptions.
      await lockKeyUntilCommit(manager, `quality.lot-finding.${finding.lotId}.${rule.kind}`);
      if (await this.d.findings.exceptionIdOf(finding.id, manager)) return false;
      const openId = await this.d.findings.openExceptionIdFor(finding.lotId, rule.kind, manager);
      const open = openId ? await this.d.exceptions.findByIdForUpdate(openId, manager) : null;
      return open && OPEN_STATUSES.includes(open.status)
        ? this.grow(open, finding, rule, impact, graded.severity, grading, manager)
        : this.raise(finding, rule, template, impact, graded.severity, grading, manager);
    });
    if (wrote) this.d.containment.deliverSoon();
  }

  private async raise(finding: LotFinding, rule: QualityRule, template: WorkflowTemplate, impact: LotImpact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    const detectedAt = finding.foundAt;
    const exception = await this.d.exceptions.save(
      {
        number: await this.d.exceptions.allocateNumber(detectedAt.getUTCFullYear(), manager),
        title: `${rule.code}: ${titleOf(rule, finding)}`,
        description: finding.detail,
        severity,
        status: 'OPEN',
        detectedAt,
        dueAt: new Date(detectedAt.getTime() + template.policies[severity].dueHours * 3_600_000),
        equipmentId: null,
        equipmentCode: null,
        // The test, for an inspection rule: KPIs by parameter group failed tests with the process parameters.
        parameter: rule.kind === 'HELD_LOT_USE' ? null : finding.subject,
        productionOrderNumber: null,
        reportedBy: null,
        templateCode: template.code,
        templateVersion: template.version,
        grading,
        impactSummary: impactSummary(impact),
      },
      manager,
    );
    await this.d.findings.link(exception.id, finding.id, manager);
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
        lotFinding: { new: finding.detail },
        affectedLots: { new: impact.lots.map(lotLabel) },
        workflowTemplate: { new: `${template.code}/${template.version}` },
        impactSummary: { new: exception.impactSummary },
      },
      reason: `rule ${rule.code} found: ${finding.detail}`,
    });
    await this.requestHolds(exception, impact.lots, manager);
    await this.d.events.publish(manager, { type: 'exception.created', exception, lotNumbers: impact.lots.map((lot) => lot.lotNumber), detail: finding.detail });
    return true;
  }

  private async grow(exception: QualityExceptionEntity, finding: LotFinding, rule: QualityRule, impact: LotImpact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    const linked = await this.d.findings.link(exception.id, finding.id, manager);
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
        ...(linked ? { lotFinding: { new: finding.detail } } : {}),
        ...(added.length ? { affectedLots: { new: added.map(lotLabel) } } : {}),
        ...(before.severity !== exception.severity ? { severity: { old: before.severity, new: exception.severity }, dueAt: { old: before.dueAt, new: exception.dueAt } } : {}),
        ...(before.status !== exception.status ? { status: { old: before.status, new: exception.status } } : {}),
      },
      reason: `rule ${rule.code}: ${finding.detail}`,
    });
    await this.requestHolds(exception, added, manager);
    if (added.length) await this.d.events.publish(manager, { type: 'exception.lots-added', exception, lotNumbers: added.map((lot) => lot.lotNumber), detail: finding.detail });
    if (before.status !== exception.status) await this.d.events.publish(manager, { type: 'exception.status-changed', exception, previousStatus: before.status });
    return true;
  }

  private requestHolds(exception: QualityExceptionEntity, lots: ImpactLot[], manager: EntityManager): Promise<void> {
    return this.d.containment.requestHolds(manager, exception, lots.filter(isHoldable).map((lot) => lot.lotNumber));
  }
}

function titleOf(rule: QualityRule, finding: LotFinding): string {
  if (rule.kind === 'HELD_LOT_USE') return `${finding.subject} of blocked lot ${finding.lotNumber} refused`;
  if (rule.kind === 'COA_DISAGREEMENT') return `"${finding.subject}" of lot ${finding.lotNumber} disagrees with the supplier's CoA`;
  return `"${finding.subject}" of lot ${finding.lotNumber} out of specification`;
}

function impactSummary(impact: LotImpact): string {
  const downstream = impact.lots.length - 1;
  const reached = impact.customers.length ? `reached ${impact.customers.length} customer(s): ${impact.customers.join(', ')}` : 'no customer reached';
  return `${impact.lots.length} lot(s) affected (lot ${impact.lot.lotNumber}, ${impact.lot.status}, and ${downstream} made from it); ${reached}`;
}
