import { assertRange, badInput } from '@lotgraph/server';
import type { ReadingRepository } from '../reading/reading.repository';
import { capabilityOf, type Capability } from './capability';
import { checkedSubgroupSize } from './spc-input';
import type { SpcSeriesLookup, SpecLimitsInForce } from './spc-series';

/** The most readings one capability is computed over (a year of one reading a minute is about 525,000). */
export const MAX_CAPABILITY_READINGS = 600_000;

export interface ProcessCapabilityQuery {
  equipmentCode: string;
  parameter: string;
  from: Date;
  to: Date;
  subgroupSize?: number | null;
}

export interface ProcessCapabilityReport extends Capability {
  equipmentCode: string;
  parameter: string;
  unit: string;
  from: Date;
  to: Date;
  specification: SpecLimitsInForce;
}

const RECORD = 'ProcessCapability';

/** Cp, Cpk, Pp and Ppk of one equipment's parameter over a period, against the approved specification in force at its end. */
export class ProcessCapabilityService {
  constructor(
    private readonly readings: ReadingRepository,
    private readonly series: SpcSeriesLookup,
  ) {}

  async compute(q: ProcessCapabilityQuery): Promise<ProcessCapabilityReport> {
    assertRange(RECORD, ['from', 'to'], q.from, q.to);
    const subgroupSize = checkedSubgroupSize(RECORD, q.subgroupSize, null);
    const series = await this.series.measured(RECORD, q.equipmentCode, q.parameter);
    const specification = series.limitsAt(q.to);
    if (!specification) {
      const { parameter, materialCode, operation } = series.entry;
      throw badInput(RECORD, 'to', `no approved specification for ${parameter} of material ${materialCode} at ${operation} is in force at ${q.to.toISOString()}`);
    }
    // The period is [from, to], both ends included.
    const [points] = await this.readings.readingsIn([{ equipmentCode: q.equipmentCode, parameter: q.parameter, from: q.from, to: q.to, includeTo: true, limit: MAX_CAPABILITY_READINGS + 1 }]);
    if (points.length > MAX_CAPABILITY_READINGS) {
      throw badInput(RECORD, 'from', `more than ${MAX_CAPABILITY_READINGS.toLocaleString('en-US')} readings of ${q.equipmentCode} ${q.parameter} lie in the period; ask for a shorter one`);
    }
    return {
      equipmentCode: q.equipmentCode, parameter: q.parameter, unit: series.entry.unit, from: q.from, to: q.to, specification,
      ...capabilityOf(points.map((p) => p.value), specification, subgroupSize),
    };
  }
}
