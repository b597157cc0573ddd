import { badInput, canonicalJson, type AuditTrail, type Identity } from '@lotgraph/server';
import type { DataSource } from 'typeorm';
import type { QualityRule, QualityRuleRepository } from './quality-rule.repository';
import { RULE_KINDS, type RuleKind, type RuleSettings } from './rule-kind';
import { validRuleSettings } from './rule-settings';

export interface QualityRuleInput {
  code: string;
  kind: RuleKind;
  parameter: string;
  settings?: RuleSettings | null;
  enabled?: boolean | null;
}

/** Rules are data: QA defines which check applies to which parameter; a rule code is defined once. */
export class QualityRuleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: QualityRuleRepository,
    private readonly audit: AuditTrail,
  ) {}

  async define(input: QualityRuleInput, actor: Identity, requestId: string | null): Promise<QualityRule> {
    const label = `QualityRule ${input.code}`;
    if (!input.code.trim()) throw badInput('QualityRule', 'code', 'required');
    if (!RULE_KINDS.includes(input.kind)) throw badInput(label, 'kind', `unknown kind ${input.kind}`);
    if (!input.parameter.trim()) throw badInput(label, 'parameter', 'required');
    const settings = validRuleSettings(input);
    return this.dataSource.transaction(async (manager) => {
      const rule = { code: input.code.trim(), kind: input.kind, parameter: input.parameter.trim(), settings, enabled: input.enabled ?? true, createdBy: actor.id };
      const created = await this.rules.insert(rule, manager);
      if (!created) {
        const existing = (await this.rules.findByCode(rule.code, manager))!;
        const same = existing.kind === rule.kind && existing.parameter === rule.parameter && // jsonb keeps keys in its own order: compare the settings as canonical JSON.
          canonicalJson(existing.settings) === canonicalJson(settings) && existing.enabled === rule.enabled;
        if (same) return existing;
        throw badInput(label, 'code', `rule ${rule.code} is already defined (${existing.kind} on ${existing.parameter}) with other settings; a rule is defined once, give the new one its own code`);
      }
      await this.audit.record(manager, {
        actor, action: 'DEFINE_QUALITY_RULE', entityType: 'QualityRule', entityId: created.code,
        changes: { kind: { new: created.kind }, parameter: { new: created.parameter }, settings: { new: created.settings }, enabled: { new: created.enabled } },
        requestId,
      });
      return created;
    });
  }
}
