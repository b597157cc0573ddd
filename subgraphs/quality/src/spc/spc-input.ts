import { assertMeasurement, badInput } from '@lotgraph/server';
import { MAX_SUBGROUP_SIZE, MIN_SUBGROUP_SIZE } from './chart-constants';
import type { ChartType } from './control-chart';

/**
 * Where a centre line and σ come from: the readings charted themselves (for a rule: nowhere, it has none), a
 * baseline window [baselineFrom, baselineTo) of the same series, or a given centre and σ of a single reading.
 */
export type CentreLineSource =
  | { from: 'READINGS' }
  | { from: 'BASELINE'; baselineFrom: Date; baselineTo: Date }
  | { from: 'GIVEN'; centre: number; sigma: number };

/** The settings (of a rule) or fields (of a controlChart request) that say where the centre line comes from. */
export interface CentreLineFields {
  baselineFrom?: Date | null;
  baselineTo?: Date | null;
  centre?: number | null;
  sigma?: number | null;
}

/**
 * The one check of where a centre line comes from, for controlChart and for the SPC rules alike: a baseline window
 * (both ends, ending after it starts) or a given centre and σ (both, σ positive), not both at once, or neither
 * (whether that will do is the caller's to say). Anything else is a BAD_USER_INPUT naming `record` and the field,
 * `fieldPrefix` before it ("settings." for a rule's settings).
 */
export function centreLineSource(record: string, fields: CentreLineFields, fieldPrefix = ''): CentreLineSource {
  const field = (name: keyof CentreLineFields) => `${fieldPrefix}${name}`;
  const given = fields.centre != null || fields.sigma != null;
  const baseline = fields.baselineFrom != null || fields.baselineTo != null;
  if (given && baseline) throw badInput(record, field('baselineFrom'), 'give either a baseline window (baselineFrom, baselineTo) or the centre and sigma, not both');
  if (given) {
    if (fields.centre == null || fields.sigma == null) throw badInput(record, field(fields.centre == null ? 'centre' : 'sigma'), 'a given centre line needs both centre and sigma');
    if (!(fields.sigma > 0)) throw badInput(record, field('sigma'), `must be a positive number, not ${fields.sigma}`);
    // On the readings' scale, like the readings themselves: a σ of 1e-300 would put every point infinitely far out.
    assertMeasurement(record, field('centre'), fields.centre);
    assertMeasurement(record, field('sigma'), fields.sigma);
    return { from: 'GIVEN', centre: fields.centre, sigma: fields.sigma };
  }
  if (baseline) {
    if (fields.baselineFrom == null || fields.baselineTo == null) {
      throw badInput(record, field(fields.baselineFrom == null ? 'baselineFrom' : 'baselineTo'), 'a baseline window needs both baselineFrom and baselineTo');
    }
    if (fields.baselineFrom >= fields.baselineTo) throw badInput(record, field('baselineTo'), 'the baseline window must end after it starts');
    return { from: 'BASELINE', baselineFrom: fields.baselineFrom, baselineTo: fields.baselineTo };
  }
  return { from: 'READINGS' };
}

/**
 * The one check of a subgroup size. On a chart (`chart`): INDIVIDUALS plots single readings (no size, or 1);
 * XBAR_R and XBAR_S need subgroups of 2 to 25 consecutive readings (the tabled constants). For capability (`chart`
 * null): 1 (individual readings, the default) to 25. A BAD_USER_INPUT naming `record` and subgroupSize otherwise.
 */
export function checkedSubgroupSize(record: string, size: number | null | undefined, chart: ChartType | null): number {
  if (chart === 'INDIVIDUALS') {
    if (size != null && size !== 1) throw badInput(record, 'subgroupSize', `INDIVIDUALS plots single readings; leave subgroupSize out, or chart XBAR_R or XBAR_S, not subgroups of ${size}`);
    return 1;
  }
  const n = size ?? (chart === null ? 1 : null);
  const least = chart === null ? 1 : MIN_SUBGROUP_SIZE;
  if (n === null || !Number.isInteger(n) || n < least || n > MAX_SUBGROUP_SIZE) {
    throw badInput(
      record,
      'subgroupSize',
      chart === null
        ? `must be 1 (individuals) to ${MAX_SUBGROUP_SIZE} readings, not ${n}`
        : `${chart} needs subgroups of ${MIN_SUBGROUP_SIZE} to ${MAX_SUBGROUP_SIZE} consecutive readings (the tabled constants), not ${n ?? 'none'}`,
    );
  }
  return n;
}
