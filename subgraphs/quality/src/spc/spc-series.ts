import { badInput } from '@lotgraph/server';
import type { EquipmentParameter, EquipmentParameterRepository } from '../reading/equipment-parameter.repository';
import { SeriesCatalogue } from '../reading/series-catalogue';
import type { SpecParameter } from '../specification/specification';
import type { SpecificationRepository } from '../specification/specification.repository';

/** The approved specification version in force at an instant, and one parameter's limits in it. */
export interface SpecLimitsInForce extends SpecParameter {
  specNumber: string;
  version: number;
  effectiveFrom: Date;
}

/** A series the catalogue knows, and the limits in force on it at an instant. */
export interface MeasuredSeries {
  entry: EquipmentParameter;
  limitsAt(at: Date): SpecLimitsInForce | null;
}

/** What the SPC queries need of a series before its readings: that the catalogue knows it, and the limits in force. */
export class SpcSeriesLookup {
  constructor(
    private readonly catalogue: EquipmentParameterRepository,
    private readonly specs: SpecificationRepository,
  ) {}

  /**
   * The series as the catalogue has it, read once (SeriesCatalogue, as the ingest of readings reads it); a
   * BAD_USER_INPUT naming the record and the field when the catalogue does not know it, with what to do about it.
   */
  async measured(record: string, equipmentCode: string, parameter: string): Promise<MeasuredSeries> {
    const catalogue = await SeriesCatalogue.load([equipmentCode], { catalogue: this.catalogue, specs: this.specs }, [parameter]);
    const gap = catalogue.gap(equipmentCode, parameter);
    if (gap) {
      throw badInput(record, gap.field, gap.field === 'equipmentCode' ? `${gap.reason} (registerEquipmentParameter)` : `${gap.reason}; it measures ${gap.measures.join(', ')}`);
    }
    return {
      entry: catalogue.entry(equipmentCode, parameter)!,
      limitsAt: (at) => {
        const inForce = catalogue.limitsAt(equipmentCode, parameter, at);
        return inForce && { ...inForce.limits, specNumber: inForce.spec.specNumber, version: inForce.spec.version, effectiveFrom: inForce.spec.effectiveFrom };
      },
    };
  }
}
