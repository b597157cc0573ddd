import { assertRange, badInput } from '@lotgraph/server';
import type { ReadingRepository } from '../reading/reading.repository';
import { capabilityOf, type Capability } from './capability';
import { MAX_SUBGROUP_SIZE } from './chart-constants';
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
    const subgroupSize = q.subgroupSize ?? 1;
    if (!Number.isInteger(subgroupSize) || subgroupSize < 1 || subgroupSize > MAX_SUBGROUP_SIZE) {
      throw badInput(RECORD, 'subgroupSize', `must be 1 (individuals) to ${MAX_SUBGROUP_SIZE} readings, not ${subgroupSize}`);
    }
    const entry = await this.series.measured(RECORD, q.equipmentCode, q.parameter);
    const specification = await this.series.limitsAt(entry, q.to);
    if (!specification) {
      throw badInput(RECORD, 'to', `no approved specification for ${entry.parameter} of material ${entry.materialCode} at ${entry.operation} is in force at ${q.to.toISOString()}`);
    }
    const points = await this.readings.pointsBetween(q.equipmentCode, q.parameter, q.from, q.to, MAX_CAPABILITY_READINGS + 1);
    if (points.length > MAX_CAPABILITY_READINGS) {
      throw badInput(RECORD, 'from', `more than ${MAX_CAPABILITY_READINGS.toLocaleString('en-US')} readings of ${q.equipmentCode} ${q.parameter} lie in the period; ask for a shorter one`);
    }
    return {
      equipmentCode: q.equipmentCode, parameter: q.parameter, unit: entry.unit, from: q.from, to: q.to, specification,
      ...capabilityOf(points.map((p) => p.value), specification, subgroupSize),
    };
  }
}
