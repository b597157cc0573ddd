import type { Specification, SpecParameter } from '../specification/specification';
import type { SpecificationRepository } from '../specification/specification.repository';
import type { EquipmentParameter, EquipmentParameterRepository } from './equipment-parameter.repository';
import { seriesKey } from './reading.repository';

/** The approved specification version in force at an instant, and one parameter's limits in it. */
export interface LimitsInForce {
  spec: Specification;
  limits: SpecParameter;
}

/** Why the quality domain does not know a series: the field at fault and the reason, and what the equipment does measure. */
export interface CatalogueGap {
  field: 'equipmentCode' | 'parameter';
  reason: string;
  measures: string[];
}

const scopeKey = (e: { materialCode: string; operation: string }) => `${e.materialCode}\u0000${e.operation}`;

/**
 * What the catalogue says of some equipment, read once: which series each measures (for which material and step)
 * and the approved specification versions of those materials and steps. The one place that tells whether the
 * quality domain knows a series, and which limits are in force at an instant, for the ingest of readings and the
 * SPC queries alike.
 */
export class SeriesCatalogue {
  private constructor(
    private readonly entries: Map<string, EquipmentParameter>,
    private readonly measuredBy: Map<string, string[]>,
    private readonly specVersions: Map<string, Specification[]>,
  ) {}

  /**
   * The catalogue of the equipment given, with the specification versions of the series it measures (of
   * `parameters` only, when given: those are all the caller will ask about).
   */
  static async load(
    equipmentCodes: readonly string[],
    sources: { catalogue: EquipmentParameterRepository; specs: SpecificationRepository },
    parameters?: readonly string[],
  ): Promise<SeriesCatalogue> {
    const found = await sources.catalogue.forEquipment([...new Set(equipmentCodes)]);
    const asked = parameters ? new Set(parameters) : null;
    const scopes = new Map(found.filter((e) => !asked || asked.has(e.parameter)).map((e) => [scopeKey(e), e]));
    // Side by side on the pool: every material and step's versions.
    const specVersions = new Map(
      await Promise.all([...scopes].map(async ([scope, e]) => [scope, await sources.specs.approvedVersions(e.materialCode, e.operation)] as const)),
    );
    const measuredBy = new Map<string, string[]>();
    for (const e of found) measuredBy.set(e.equipmentCode, [...(measuredBy.get(e.equipmentCode) ?? []), e.parameter]);
    return new SeriesCatalogue(new Map(found.map((e) => [seriesKey(e), e])), measuredBy, specVersions);
  }

  /** The catalogue entry of the series, or null. */
  entry(equipmentCode: string, parameter: string): EquipmentParameter | null {
    return this.entries.get(seriesKey({ equipmentCode, parameter })) ?? null;
  }

  /** Why the quality domain does not know the series (an unknown equipment, or a parameter it does not measure); null when it does. */
  gap(equipmentCode: string, parameter: string): CatalogueGap | null {
    if (this.entry(equipmentCode, parameter)) return null;
    const measures = [...(this.measuredBy.get(equipmentCode) ?? [])].sort();
    return measures.length === 0
      ? { field: 'equipmentCode', reason: `equipment ${equipmentCode} is unknown to the quality domain`, measures }
      : { field: 'parameter', reason: `equipment ${equipmentCode} does not measure ${parameter}`, measures };
  }

  /** The approved version in force at the instant (the latest to take effect by then) and its limits for the parameter; null when none. */
  limitsAt(equipmentCode: string, parameter: string, at: Date): LimitsInForce | null {
    const entry = this.entry(equipmentCode, parameter);
    if (!entry) return null;
    // The versions are the latest to take effect first.
    const spec = this.specVersions.get(scopeKey(entry))?.find((v) => v.effectiveFrom.getTime() <= at.getTime());
    const limits = spec?.parameters.find((p) => p.parameter === parameter);
    return spec && limits ? { spec, limits } : null;
  }
}
