import { badInput, canonicalJson, type AuditTrail, type Identity } from '@lotgraph/server';
import type { DataSource } from 'typeorm';
import type { QualityRule, QualityRuleRepository } from './quality-rule.repository';
import { ANY_SUBJECT, RULE_KINDS, isLotRuleKind, isSpcKind, type RuleKind, type RuleSettings } from './rule-kind';

export interface QualityRuleInput {
  code: string;
  kind: RuleKind;
  parameter: string;
  settings?: RuleSettings | null;
  enabled?: boolean | null;
}

const NUMBER_SETTINGS = ['centre', 'sigma', 'sigmaMultiple', 'runLength', 'trendLength', 'minCpk', 'windowReadings', 'windowMinutes'] as const;
const WHOLE_COUNTS: readonly string[] = ['runLength', 'trendLength', 'windowReadings'];

const LOT_USES = ['CONSUME', 'MOVE', 'SHIP'];

/** A lot rule's settings: tolerances for COA_DISAGREEMENT (at least one), none for the others. */
function validLotRuleSettings(input: QualityRuleInput, label: string, settings: RuleSettings): RuleSettings {
  const allowed = input.kind === 'COA_DISAGREEMENT' ? ['absoluteTolerance', 'relativeTolerance'] : [];
  for (const [name, value] of Object.entries(settings)) {
    if (!allowed.includes(name)) {
      throw badInput(label, `settings.${name}`, `unknown setting for ${input.kind}; ${allowed.length ? `known: ${allowed.join(', ')}` : 'it takes none'}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badInput(label, `settings.${name}`, `must be a number of at least 0, not ${JSON.stringify(value)}`);
  }
  if (input.kind === 'COA_DISAGREEMENT' && settings.absoluteTolerance === undefined && settings.relativeTolerance === undefined) {
    throw badInput(label, 'settings', 'COA_DISAGREEMENT needs a tolerance: absoluteTolerance (in the test unit) and/or relativeTolerance (a fraction of the CoA value)');
  }
  if (input.kind === 'HELD_LOT_USE' && input.parameter.trim() !== ANY_SUBJECT && !LOT_USES.includes(input.parameter.trim())) {
    throw badInput(label, 'parameter', `HELD_LOT_USE judges a refused use of a lot: ${LOT_USES.join(', ')} or ${ANY_SUBJECT} for any, not ${input.parameter.trim()}`);
  }
  return settings;
}

function validSettings(input: QualityRuleInput): RuleSettings {
  const label = `QualityRule ${input.code}`;
  const settings = input.settings ?? {};
  if (typeof settings !== 'object' || Array.isArray(settings)) throw badInput(label, 'settings', 'must be a JSON object');
  if (isLotRuleKind(input.kind)) return validLotRuleSettings(input, label, settings);
  const allowed = new Set<string>([...NUMBER_SETTINGS, 'baselineFrom', 'baselineTo']);
  for (const [name, value] of Object.entries(settings)) {
    if (!allowed.has(name)) throw badInput(label, `settings.${name}`, `unknown setting; known: ${[...allowed].join(', ')}`);
    if ((NUMBER_SETTINGS as readonly string[]).includes(name) && (typeof value !== 'number' || !(value > 0 || (name === 'centre' && Number.isFinite(value))))) {
      throw badInput(label, `settings.${name}`, `must be a positive number, not ${JSON.stringify(value)}`);
    }
    if (WHOLE_COUNTS.includes(name) && !(Number.isInteger(value) && (value as number) >= 2)) {
      // A run or trend of one point is every point; a capability needs a spread.
      throw badInput(label, `settings.${name}`, `must be a whole number of readings, at least 2, not ${JSON.stringify(value)}`);
    }
    if ((name === 'baselineFrom' || name === 'baselineTo') && (typeof value !== 'string' || Number.isNaN(new Date(value).getTime()))) {
      throw badInput(label, `settings.${name}`, `must be an ISO-8601 instant, not ${JSON.stringify(value)}`);
    }
  }
  if (isSpcKind(input.kind) && input.kind !== 'SPC_TREND') {
    const fixed = settings.centre !== undefined && settings.sigma !== undefined;
    const window = settings.baselineFrom !== undefined && settings.baselineTo !== undefined;
    if (!fixed && !window) throw badInput(label, 'settings', `${input.kind} needs a baseline: baselineFrom and baselineTo, or centre and sigma`);
    if (window && new Date(settings.baselineFrom!) >= new Date(settings.baselineTo!)) throw badInput(label, 'settings.baselineTo', 'the baseline window must end after it starts');
  }
  return settings;
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
    const settings = validSettings(input);
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
