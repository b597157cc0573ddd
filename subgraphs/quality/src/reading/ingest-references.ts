import type { QualityRule, QualityRuleRepository } from '../rule/quality-rule.repository';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { EquipmentParameterRepository } from './equipment-parameter.repository';
import { SeriesCatalogue, type LimitsInForce } from './series-catalogue';

export type { LimitsInForce } from './series-catalogue';

/**
 * What a batch of readings is judged with, read once per batch: the catalogue entries of its equipment and the
 * approved specification versions of their materials and steps (SeriesCatalogue), and the enabled rules of their
 * parameters.
 */
export class IngestReferences {
  private constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly rules: Map<string, QualityRule[]>,
  ) {}

  static async load(
    readings: ReadonlyArray<{ equipmentCode: string; parameter: string }>,
    sources: { catalogue: EquipmentParameterRepository; specs: SpecificationRepository; rules: QualityRuleRepository },
  ): Promise<IngestReferences> {
    const parameters = [...new Set(readings.map((r) => r.parameter))];
    // Side by side on the pool: the rules of every parameter named (those the catalogue does not know are never used).
    const [catalogue, enabledRules] = await Promise.all([
      SeriesCatalogue.load(readings.map((r) => r.equipmentCode), sources, parameters),
      sources.rules.enabledForParameters(parameters),
    ]);
    const rules = new Map<string, QualityRule[]>();
    for (const rule of enabledRules) rules.set(rule.parameter, [...(rules.get(rule.parameter) ?? []), rule]);
    return new IngestReferences(catalogue, rules);
  }

  /** Why the quality domain cannot take readings of this series ("<field>: <reason>"), or null when it measures it. */
  unknown(equipmentCode: string, parameter: string): string | null {
    const gap = this.catalogue.gap(equipmentCode, parameter);
    return gap && `${gap.field}: ${gap.reason}`;
  }

  /** The approved version in force at the instant (the latest to take effect by then) and its limits for the parameter. */
  limitsAt(equipmentCode: string, parameter: string, at: Date): LimitsInForce | null {
    return this.catalogue.limitsAt(equipmentCode, parameter, at);
  }

  /** The enabled rules of a parameter, by code. */
  rulesFor(parameter: string): QualityRule[] {
    return this.rules.get(parameter) ?? [];
  }
}
