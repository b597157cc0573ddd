import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { SpecLimits } from '../rule/rule-evaluator';
import type { Specification } from '../specification/specification';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { EquipmentParameter, EquipmentParameterRepository } from './equipment-parameter.repository';
import { seriesKey } from './reading.repository';

/** The limits that judge a reading and the specification version they come from. */
export interface LimitsInForce {
  spec: Specification;
  limits: SpecLimits;
}

/**
 * What a batch of readings is judged with, read once per batch: the catalogue entries of its equipment, the
 * approved specification versions of their materials and steps, and the enabled rules of their parameters.
 */
export class IngestReferences {
  private constructor(
    private readonly catalogue: Map<string, EquipmentParameter>,
    private readonly knownEquipment: Set<string>,
    private readonly specVersions: Map<string, Specification[]>,
    private readonly rules: Map<string, QualityRule[]>,
  ) {}

  static async load(
    readings: ReadonlyArray<{ equipmentCode: string; parameter: string }>,
    sources: { catalogue: EquipmentParameterRepository; specs: SpecificationRepository; rules: QualityRuleRepository },
  ): Promise<IngestReferences> {
    // Side by side on the pool: the rules of every parameter named (those the catalogue does not know are never used).
    const [entries, enabledRules] = await Promise.all([
      sources.catalogue.forEquipment([...new Set(readings.map((r) => r.equipmentCode))]),
      sources.rules.enabledForParameters([...new Set(readings.map((r) => r.parameter))]),
    ]);
    const catalogue = new Map(entries.map((e) => [seriesKey(e), e]));
    const scopes = new Map(entries.map((e) => [`${e.materialCode}\u0000${e.operation}`, e]));
    const specVersions = new Map(
      await Promise.all([...scopes].map(async ([scope, e]) => [scope, await sources.specs.approvedVersions(e.materialCode, e.operation)] as const)),
    );
    const rules = new Map<string, QualityRule[]>();
    for (const rule of enabledRules) rules.set(rule.parameter, [...(rules.get(rule.parameter) ?? []), rule]);
    return new IngestReferences(catalogue, new Set(entries.map((e) => e.equipmentCode)), specVersions, rules);
  }

  /** Why the quality domain cannot take readings of this series, or null when it measures it. */
  unknown(equipmentCode: string, parameter: string): string | null {
    if (this.catalogue.has(seriesKey({ equipmentCode, parameter }))) return null;
    return this.knownEquipment.has(equipmentCode)
      ? `parameter: equipment ${equipmentCode} does not measure ${parameter}`
      : `equipmentCode: equipment ${equipmentCode} is unknown to the quality domain`;
  }

  /** The approved version in force at the instant (the latest to take effect by then) and its limits for the parameter. */
  limitsAt(equipmentCode: string, parameter: string, at: Date): LimitsInForce | null {
    const entry = this.catalogue.get(seriesKey({ equipmentCode, parameter }));
    if (!entry) return null;
    const spec = this.specVersions.get(`${entry.materialCode}\u0000${entry.operation}`)?.find((v) => v.effectiveFrom.getTime() <= at.getTime());
    const limits = spec?.parameters.find((p) => p.parameter === parameter);
    return spec && limits ? { spec, limits } : null;
  }

  /** The enabled rules of a parameter, by code. */
  rulesFor(parameter: string): QualityRule[] {
    return this.rules.get(parameter) ?? [];
  }
}
