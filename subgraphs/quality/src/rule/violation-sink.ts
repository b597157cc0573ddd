import type { EntityManager } from 'typeorm';
import type { QualityRule } from './quality-rule.repository';
import type { RuleViolation } from './rule-violation.repository';

/** Where a found or extended violation goes next, in the transaction that stored it (an exception, in the product). */
export interface ViolationSink {
  violationFound(event: { violation: RuleViolation; rule: QualityRule; isNew: boolean }, manager: EntityManager): Promise<void>;
  /** Told once the transactions that reported violations have committed (what follows may start now). */
  afterCommit?(): void;
}

export const noFurtherAction: ViolationSink = {
  violationFound: () => Promise.resolve(),
};
