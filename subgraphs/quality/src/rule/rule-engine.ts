import type { EntityManager } from 'typeorm';
import type { AuditTrail, Identity } from '@lotgraph/server';
import type { ProcessReading, ReadingRepository } from '../reading/reading.repository';
import type { QualityRule, QualityRuleRepository } from './quality-rule.repository';
import type { RuleViolation, RuleViolationRepository } from './rule-violation.repository';
import { evaluate, historyNeeded, type SpecLimits } from './rule-evaluator';
import { DEFAULT_WINDOW_MINUTES, isSpcKind } from './rule-kind';
import { individualsLimits, type ChartLimits } from './spc';
import type { ViolationSink } from './violation-sink';

/**
 * Judges a stored reading against every enabled rule for its parameter, in the reading's transaction. A finding
 * within a rule's window of an open violation of the same rule, equipment and parameter joins it as further
 * evidence: a burst from one cause is one violation.
 */
export class RuleEngine {
  constructor(
    private readonly rules: QualityRuleRepository,
    private readonly violations: RuleViolationRepository,
    private readonly readings: ReadingRepository,
    private readonly sink: ViolationSink,
    private readonly audit: AuditTrail,
  ) {}

  /** The readings' transactions have committed: what the violations set off may start. */
  committed(): void {
    this.sink.afterCommit?.();
  }

  async judge(reading: ProcessReading, spec: SpecLimits | null, actor: Identity, requestId: string | null, manager: EntityManager): Promise<RuleViolation[]> {
    const found: RuleViolation[] = [];
    for (const rule of await this.rules.enabledFor(reading.parameter, manager)) {
      const chart = isSpcKind(rule.kind) ? await this.chartFor(rule, reading, manager) : null;
      const before = await this.readings.before(reading, historyNeeded(rule.kind, rule.settings), manager);
      const finding = evaluate({ kind: rule.kind, settings: rule.settings, point: { id: reading.id, value: reading.value }, before, spec, chart });
      if (finding) found.push(await this.store(rule, reading, finding, actor, requestId, manager));
    }
    return found;
  }

  private async chartFor(rule: QualityRule, reading: ProcessReading, manager: EntityManager): Promise<ChartLimits | null> {
    const { centre, sigma, baselineFrom, baselineTo } = rule.settings;
    if (centre !== undefined && sigma !== undefined) return { centre, sigma };
    if (!baselineFrom || !baselineTo) return null;
    return individualsLimits(await this.readings.valuesBetween(reading.equipmentCode, reading.parameter, new Date(baselineFrom), new Date(baselineTo), manager));
  }

  private async store(rule: QualityRule, reading: ProcessReading, finding: { evidence: string[]; detail: string }, actor: Identity, requestId: string | null, manager: EntityManager) {
    const key = { ruleId: rule.id, equipmentCode: reading.equipmentCode, parameter: reading.parameter };
    const windowMs = (rule.settings.windowMinutes ?? DEFAULT_WINDOW_MINUTES) * 60_000;
    const open = await this.violations.findOpen(key, reading.measuredAt, windowMs, manager);
    let violation: RuleViolation;
    if (open) {
      const evidence = [...open.evidence, ...finding.evidence.filter((id) => !open.evidence.includes(id))];
      violation = await this.violations.extend(
        open.id,
        {
          firstAt: reading.measuredAt < open.firstAt ? reading.measuredAt : open.firstAt,
          lastAt: reading.measuredAt > open.lastAt ? reading.measuredAt : open.lastAt,
          evidence,
          detail: finding.detail,
        },
        manager,
      );
      await this.audit.record(manager, {
        actor, action: 'EXTEND_RULE_VIOLATION', entityType: 'RuleViolation', entityId: violation.id,
        changes: { evidence: { old: open.evidence, new: evidence }, lastAt: { old: open.lastAt, new: violation.lastAt } }, requestId,
      });
    } else {
      violation = await this.violations.insert({ ...key, firstAt: reading.measuredAt, lastAt: reading.measuredAt, evidence: finding.evidence, detail: finding.detail }, manager);
      await this.audit.record(manager, {
        actor, action: 'FIND_RULE_VIOLATION', entityType: 'RuleViolation', entityId: violation.id,
        changes: { rule: { new: rule.code }, equipmentCode: { new: violation.equipmentCode }, parameter: { new: violation.parameter }, evidence: { new: violation.evidence }, detail: { new: violation.detail } },
        requestId,
      });
    }
    await this.sink.violationFound({ violation, rule, isNew: !open }, manager);
    return violation;
  }
}
