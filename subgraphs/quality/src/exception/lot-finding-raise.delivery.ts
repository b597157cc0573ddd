import type { EntityManager } from 'typeorm';
import { CONTAINMENT_USER, lockKeyUntilCommit, signToken, type AuditTrail, type OutboxDelivery, type OutboxMessage } from '@lotgraph/server';
import { ExceptionWriter } from './exception-writer';
import type { QualityExceptionRepository } from './quality-exception.repository';
import type { QualityExceptionEntity, Severity } from './quality-exception.entity';
import type { AffectedLotsClient, LotImpact } from './affected-lots.client';
import { customersReached, impactFacts } from './affected-lots.client';
import { isOpen } from './exception-status';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { LotFinding, LotFindingRepository } from '../lot-rule/lot-finding.repository';
import type { ContainmentRequests } from '../containment/containment-requests';
import type { ExceptionEvents } from '../notification/exception-events';
import type { WorkflowTemplateSource } from '../workflow/workflow-template-source';
import { dueAt, grade, type GradingFacts, type WorkflowTemplate } from '../workflow/workflow-template';

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
  private readonly writer: ExceptionWriter;

  constructor(private readonly d: LotFindingRaiseDependencies) {
    this.writer = new ExceptionWriter(d);
  }

  async deliver(message: OutboxMessage): Promise<void> {
    const findingId = String(message.payload.findingId);
    const [finding] = await this.d.findings.findByIds([findingId]);
    if (!finding) throw new Error(`lot finding ${findingId} does not exist`);
    const [rule] = await this.d.rules.findByIds([finding.ruleId]);
    if (!rule) throw new Error(`rule ${finding.ruleId} of lot finding ${findingId} does not exist`);
    const token = signToken(CONTAINMENT_USER, this.d.tokenSecret, '5m');
    const impact = await this.d.affectedLots.forLot(finding.lotNumber, { token, requestId: `outbox-${message.id}` });
    const template = await this.d.templates.inForceFor(impact.lot.materialCode);
    if (!template.raiseOn.includes(rule.kind)) return;
    const facts: GradingFacts = {
      ruleKind: rule.kind,
      criticalParameter: impact.lot.criticalMaterial,
      ...impactFacts(impact),
    };
    const graded = grade(template, facts);
    const grading = { ...facts, row: graded.row, customers: impact.customers, materialCode: impact.lot.materialCode, template: `${template.code}/${template.version}` };
    const wrote = await this.d.exceptions.transaction(async (manager) => {
      // Two findings of one kind on one lot delivered at once must not raise two exceptions.
      await lockKeyUntilCommit(manager, `quality.lot-finding.${finding.lotId}.${rule.kind}`);
      if (await this.d.findings.exceptionIdOf(finding.id, manager)) return false;
      const openId = await this.d.findings.openExceptionIdFor(finding.lotId, rule.kind, manager);
      const open = openId ? await this.d.exceptions.findByIdForUpdate(openId, manager) : null;
      return open && isOpen(open.status)
        ? this.grow(open, finding, rule, impact, graded.severity, grading, manager)
        : this.raise(finding, rule, template, impact, graded.severity, grading, manager);
    });
    if (wrote) this.d.containment.deliverSoon();
  }

  private async raise(finding: LotFinding, rule: QualityRule, template: WorkflowTemplate, impact: LotImpact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    await this.writer.open(
      {
        exception: {
          title: `${rule.code}: ${titleOf(rule, finding)}`,
          description: finding.detail,
          severity,
          status: 'OPEN',
          detectedAt: finding.foundAt,
          dueAt: dueAt(template, severity, finding.foundAt),
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
        lots: impact.lots,
        link: (exceptionId, tx) => this.d.findings.link(exceptionId, finding.id, tx),
        causeChanges: { lotFinding: { new: finding.detail } },
        reason: `rule ${rule.code} found: ${finding.detail}`,
        detail: finding.detail,
      },
      manager,
    );
    return true;
  }

  private grow(exception: QualityExceptionEntity, finding: LotFinding, rule: QualityRule, impact: LotImpact, severity: Severity, grading: Record<string, unknown>, manager: EntityManager): Promise<boolean> {
    return this.writer.grow(
      {
        exception,
        link: (tx) => this.d.findings.link(exception.id, finding.id, tx),
        linkChanges: { lotFinding: { new: finding.detail } },
        lots: impact.lots,
        severity,
        grading,
        impactSummary: impactSummary(impact),
        reason: `rule ${rule.code}: ${finding.detail}`,
        detail: finding.detail,
      },
      manager,
    );
  }
}

function titleOf(rule: QualityRule, finding: LotFinding): string {
  if (rule.kind === 'HELD_LOT_USE') return `${finding.subject} of blocked lot ${finding.lotNumber} refused`;
  if (rule.kind === 'COA_DISAGREEMENT') return `"${finding.subject}" of lot ${finding.lotNumber} disagrees with the supplier's CoA`;
  return `"${finding.subject}" of lot ${finding.lotNumber} out of specification`;
}

function impactSummary(impact: LotImpact): string {
  const downstream = impact.lots.length - 1;
  const reached = customersReached(impact.customers);
  return `${impact.lots.length} lot(s) affected (lot ${impact.lot.lotNumber}, ${impact.lot.status}, and ${downstream} made from it); ${reached}`;
}
