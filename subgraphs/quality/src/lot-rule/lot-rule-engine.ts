import type { EntityManager } from 'typeorm';
import { lockKeyUntilCommit, type AuditTrail, type Outbox } from '@lotgraph/server';
import type { InspectionEntity } from '../inspection/inspection.entity';
import type { InspectionRepository } from '../inspection/inspection.repository';
import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { LotFindingRepository } from './lot-finding.repository';
import type { LotRuleChecks, Recorder } from './lot-rule-checks';
import { coaDisagreements, heldLotUse, limsOutOfSpec, type LotRuleFinding } from './lot-rule-evaluator';
import type { LotUsageRefusal } from './lot-usage-refusal.repository';

export const RAISE_LOT_FINDING_TOPIC = 'quality.raiseLotFinding';

/**
 * Judges inspection results and refused uses of lots by the enabled lot rules, in the transaction that records
 * them: each finding is kept once (by its evidence) and asks, through the quality outbox, for the exception it
 * raises or joins, so a finding is never left without its exception even while the batch domain is down.
 */
export class LotRuleEngine implements LotRuleChecks {
  private wake: () => void = () => undefined;
  private pending = false;

  constructor(
    private readonly rules: QualityRuleRepository,
    private readonly inspections: InspectionRepository,
    private readonly findings: LotFindingRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  onRequested(wake: () => void): void {
    this.wake = wake;
  }

  async inspectionRecorded(inspection: InspectionEntity, by: Recorder, manager: EntityManager): Promise<void> {
    if (inspection.result === 'PENDING') return;
    const rules = await this.rules.enabledOfKinds(['LIMS_OUT_OF_SPEC', 'COA_DISAGREEMENT'], inspection.testName, manager);
    if (rules.length === 0) return;
    let others: InspectionEntity[] = [];
    if (rules.some((rule) => rule.kind === 'COA_DISAGREEMENT') && inspection.measuredValue !== null) {
      // Our value and the CoA's recorded at the same moment: the later of the two waits here and sees the other.
      await lockKeyUntilCommit(manager, `quality.inspection-values.${inspection.lotId}.${inspection.testName}`);
      others = await this.inspections.findMeasured(inspection.lotId, inspection.testName, manager);
    }
    for (const rule of rules) {
      const found = rule.kind === 'LIMS_OUT_OF_SPEC' ? [limsOutOfSpec(rule.id, inspection)] : coaDisagreements(rule.id, rule.settings, inspection, others);
      for (const finding of found) if (finding) await this.keep(rule, { id: inspection.lotId, lotNumber: inspection.lotNumber }, inspection.testName, finding, by, manager);
    }
  }

  async refusalRecorded(refusal: LotUsageRefusal, by: Recorder, manager: EntityManager): Promise<void> {
    for (const rule of await this.rules.enabledOfKinds(['HELD_LOT_USE'], refusal.attemptedUse, manager)) {
      await this.keep(rule, { id: refusal.lotId, lotNumber: refusal.lotNumber }, refusal.attemptedUse, heldLotUse(rule.id, refusal), by, manager);
    }
  }

  afterCommit(): void {
    if (!this.pending) return;
    this.pending = false;
    this.wake();
  }

  private async keep(rule: QualityRule, lot: { id: string; lotNumber: string }, subject: string, found: LotRuleFinding, by: Recorder, manager: EntityManager): Promise<void> {
    const finding = await this.findings.insertIfAbsent({ ...found, ruleId: rule.id, lotId: lot.id, lotNumber: lot.lotNumber, subject }, manager);
    if (!finding) return;
    await this.audit.record(manager, {
      actor: by.actor,
      action: 'FIND_LOT_RULE',
      entityType: 'LotFinding',
      entityId: finding.id,
      changes: { rule: { new: rule.code }, lotNumber: { new: lot.lotNumber }, detail: { new: finding.detail } },
      requestId: by.requestId,
    });
    await this.outbox.enqueue(manager, { topic: RAISE_LOT_FINDING_TOPIC, key: `raise-finding:${finding.id}`, subject: finding.id, payload: { findingId: finding.id } });
    this.pending = true;
  }
}
