import type { InspectionEntity } from '../inspection/inspection.entity';
import type { RuleSettings } from '../rule/rule-kind';
import type { LotUsageRefusal } from './lot-usage-refusal.repository';
import { convertUnit } from './unit-conversion';

/** What a lot rule found: a key naming it once (the same evidence never finds twice), its evidence and a sentence. */
export interface LotRuleFinding {
  key: string;
  inspectionIds: string[];
  refusalIds: string[];
  detail: string;
  foundAt: Date;
}

type Result = Pick<InspectionEntity, 'id' | 'source' | 'lotNumber' | 'sampleId' | 'testName' | 'result' | 'measuredValue' | 'unit' | 'lowerLimit' | 'upperLimit' | 'inspectedAt'>;

const limits = (r: Result) => `${r.lowerLimit ?? '-∞'}..${r.upperLimit ?? '∞'}`;
const valueOf = (r: Result) => `${r.measuredValue} ${r.unit}`;
const what = (r: Result) => `"${r.testName}" on sample ${r.sampleId} of lot ${r.lotNumber}`;

/**
 * LIMS_OUT_OF_SPEC: one of our own results FAILED, or its measured value lies outside the limits given with it.
 * A supplier's CoA value is judged by COA_DISAGREEMENT, never here.
 */
export function limsOutOfSpec(ruleId: string, r: Result): LotRuleFinding | null {
  if (r.source !== 'OWN' || r.result === 'PENDING') return null;
  const outside = r.measuredValue !== null && ((r.lowerLimit !== null && r.measuredValue < r.lowerLimit) || (r.upperLimit !== null && r.measuredValue > r.upperLimit));
  if (r.result !== 'FAIL' && !outside) return null;
  const detail =
    r.result === 'FAIL'
      ? `${what(r)} FAILED${r.measuredValue !== null ? ` (${valueOf(r)}${r.lowerLimit !== null || r.upperLimit !== null ? `, limits ${limits(r)}` : ''})` : ''}`
      : `${what(r)} measured ${valueOf(r)}, outside the limits ${limits(r)} given with it`;
  return { key: `${ruleId}:${r.id}`, inspectionIds: [r.id], refusalIds: [], detail, foundAt: r.inspectedAt };
}

/** The difference allowed between our value and the CoA's: the larger of the absolute and the relative tolerance. */
export function allowedDifference(settings: RuleSettings, coaValue: number): number {
  return Math.max(settings.absoluteTolerance ?? 0, (settings.relativeTolerance ?? 0) * Math.abs(coaValue));
}

/**
 * COA_DISAGREEMENT: each pair of our own measured value and the supplier's CoA value of the same lot and test that
 * differ by more than the rule allows, the CoA's value converted into our unit first (°F to °C, psi to MPa, ...;
 * the tolerance is in our unit). A pair whose units cannot be compared (another dimension, or a unit not known)
 * is a finding too: the certificate does not show the lot meets our value. `recorded` is the result just
 * recorded; `others`, the lot's other measured results of the test.
 */
export function coaDisagreements(ruleId: string, settings: RuleSettings, recorded: Result, others: readonly Result[]): LotRuleFinding[] {
  if (recorded.measuredValue === null) return [];
  const findings: LotRuleFinding[] = [];
  for (const other of others) {
    if (other.id === recorded.id || other.source === recorded.source || other.measuredValue === null) continue;
    const [own, coa] = recorded.source === 'OWN' ? [recorded, other] : [other, recorded];
    const found = (detail: string): LotRuleFinding => ({
      key: `${ruleId}:${own.id}:${coa.id}`,
      inspectionIds: [own.id, coa.id],
      refusalIds: [],
      detail,
      foundAt: new Date(Math.max(own.inspectedAt.getTime(), coa.inspectedAt.getTime())),
    });
    const pair = `"${own.testName}" of lot ${own.lotNumber}: our ${valueOf(own)} (sample ${own.sampleId}) and the supplier's CoA ${valueOf(coa)} (${coa.sampleId})`;
    const coaValue = convertUnit(coa.measuredValue!, coa.unit ?? '', own.unit ?? '');
    if (coaValue === null) {
      findings.push(found(`${pair} cannot be compared: ${coa.unit ?? 'no unit'} cannot be converted into ${own.unit ?? 'no unit'}; compare them by hand`));
      continue;
    }
    const difference = Math.abs(own.measuredValue! - coaValue);
    const allowed = allowedDifference(settings, coaValue);
    if (difference <= allowed) continue;
    const converted = coaValue === coa.measuredValue ? '' : ` (${round(coaValue)} ${own.unit})`;
    findings.push(found(`${pair}${converted} differ by ${round(difference)}, more than the ${round(allowed)} allowed`));
  }
  return findings;
}

const USE_WORDS: Record<string, string> = { CONSUME: 'consume', MOVE: 'move', SHIP: 'ship' };

/** HELD_LOT_USE: the batch domain refused to use a lot its status blocks; each refusal is a finding. */
export function heldLotUse(ruleId: string, refusal: LotUsageRefusal): LotRuleFinding {
  const part = refusal.reference ? ` (${refusal.reference})` : '';
  return {
    key: `${ruleId}:${refusal.refusalId}`,
    inspectionIds: [],
    refusalIds: [refusal.refusalId],
    detail: `${refusal.attemptedBy} tried to ${USE_WORDS[refusal.attemptedUse] ?? refusal.attemptedUse} lot ${refusal.lotNumber}${part} while it was ${refusal.lotStatus}; the batch domain refused`,
    foundAt: refusal.attemptedAt,
  };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
