import { badInput } from '@lotgraph/server';
import type { EquipmentParameter, EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import type { SpecParameter } from '../specification/specification';
import type { SpecificationRepository } from '../specification/specification.repository';

/** The approved specification version in force at an instant, and one parameter's limits in it. */
export interface SpecLimitsInForce extends SpecParameter {
  specNumber: string;
  version: number;
  effectiveFrom: Date;
}

/** What the SPC queries need of a series before its readings: that the catalogue knows it, and the limits in force. */
export class SpcSeriesLookup {
  constructor(
    private readonly catalogue: EquipmentParameterRepository,
    private readonly specs: SpecificationRepository,
  ) {}

  /** The catalogue entry of the series; a BAD_USER_INPUT naming the record and field when the catalogue does not know it. */
  async measured(record: string, equipmentCode: string, parameter: string): Promise<EquipmentParameter> {
    const entries = await this.catalogue.forEquipment([equipmentCode]);
    const entry = entries.find((e) => e.parameter === parameter);
    if (entry) return entry;
    if (entries.length === 0) throw badInput(record, 'equipmentCode', `equipment ${equipmentCode} is unknown to the quality domain (registerEquipmentParameter)`);
    throw badInput(record, 'parameter', `equipment ${equipmentCode} does not measure ${parameter}; it measures ${entries.map((e) => e.parameter).sort().join(', ')}`);
  }

  /** The approved version in force at `at` for the series' material and step, with the parameter's limits; null when none. */
  async limitsAt(series: EquipmentParameter, at: Date): Promise<SpecLimitsInForce | null> {
    const spec = await this.specs.inForce(series.materialCode, series.operation, at);
    const limits = spec?.parameters.find((p) => p.parameter === series.parameter);
    return spec && limits ? { ...limits, specNumber: spec.specNumber, version: spec.version, effectiveFrom: spec.effectiveFrom } : null;
  }
}
