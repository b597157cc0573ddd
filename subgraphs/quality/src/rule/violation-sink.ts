import type { EntityManager } from 'typeorm';
import type { QualityRule } from './quality-rule.repository';
import type { RuleViolation } from './rule-violation.repository';

/**
 * Where a found or extended violation goes next, in the transaction that stored it. The seam for raising
 * exceptions from violations (and containing the lots): today nothing else happens.
 */
export interface ViolationSink {
  violationFound(event: { violation: RuleViolation; rule: QualityRule; isNew: boolean }, manager: EntityManager): Promise<void>;
}

export const noFurtherAction: ViolationSink = {
  violationFound: () => Promise.resolve(),
};
