import type { Severity } from '../exception/quality-exception.entity';
import { SPC_RULE_KINDS, type RuleKind } from '../rule/rule-kind';
import { DEFAULT_SEVERITY_POLICIES, type SeverityPolicy } from './severity-policy';

/** The facts an exception is graded on. */
export interface GradingFacts {
  ruleKind: RuleKind | null;
  /** The parameter is marked critical in the specification in force; for a lot rule, the lot's material is critical. */
  criticalParameter: boolean;
  /** Lots made from the affected ones have been shipped to customers. */
  reachedCustomers: boolean;
  /** Lots made from the affected ones are released for use (a recall risk once they leave). */
  releasedDownstream: boolean;
}

/** One row of the grading matrix: when every condition given holds, the severity. The first matching row wins. */
export interface GradingRow {
  severity: Severity;
  ruleKinds?: RuleKind[];
  criticalParameter?: boolean;
  reachedCustomers?: boolean;
  releasedDownstream?: boolean;
}

/**
 * How a product line runs its exceptions: which rule kinds raise one, the grading matrix, and per severity the due
 * time, owners, escalation, and the roles and signatures for dispositions and closing. Versioned like
 * specifications: a new version is a draft until approved with a signature.
 */
export interface WorkflowTemplate {
  code: string;
  version: number;
  name: string;
  /** Materials (of the equipment's series) it governs; empty for the plant default. */
  materialCodes: string[];
  raiseOn: RuleKind[];
  grading: GradingRow[];
  policies: Record<Severity, SeverityPolicy>;
}

/** The template in force when none has been approved: the minimum, written down. */
export const BUILT_IN_TEMPLATE: WorkflowTemplate = {
  code: 'BUILT-IN',
  version: 0,
  name: 'Built-in default',
  materialCodes: [],
  // Every test for special causes raises, and falls to the MINOR row below: an SPC signal alone is MINOR. Lot rules
  // raise too: a failed release test, a supplier's CoA we cannot confirm and an attempt to use a blocked lot are
  // nonconformances whichever line they happen on. For them criticalParameter is the lot's material being
  // critical; a failed test is graded like a reading out of specification.
  raiseOn: ['OUT_OF_SPEC', ...SPC_RULE_KINDS, 'CPK_BELOW', 'PPK_BELOW', 'LIMS_OUT_OF_SPEC', 'COA_DISAGREEMENT', 'HELD_LOT_USE'],
  grading: [
    { severity: 'CRITICAL', ruleKinds: ['OUT_OF_SPEC', 'LIMS_OUT_OF_SPEC'], criticalParameter: true, reachedCustomers: true },
    { severity: 'MAJOR', ruleKinds: ['OUT_OF_SPEC', 'LIMS_OUT_OF_SPEC'], criticalParameter: true },
    { severity: 'MAJOR', ruleKinds: ['OUT_OF_SPEC', 'LIMS_OUT_OF_SPEC'], reachedCustomers: true },
    { severity: 'MAJOR', ruleKinds: ['OUT_OF_SPEC', 'LIMS_OUT_OF_SPEC'], releasedDownstream: true },
    { severity: 'MAJOR', ruleKinds: ['COA_DISAGREEMENT', 'HELD_LOT_USE'], criticalParameter: true },
    { severity: 'MINOR' },
  ],
  policies: { ...DEFAULT_SEVERITY_POLICIES },
};

const SEVERITY_RANK: Record<Severity, number> = { MINOR: 1, MAJOR: 2, CRITICAL: 3 };

export const moreSevere = (a: Severity, b: Severity): Severity => (SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b);

/** When an exception of this severity detected then is due: its policy's hours later. */
export const dueAt = (template: WorkflowTemplate, severity: Severity, detectedAt: Date): Date =>
  new Date(detectedAt.getTime() + template.policies[severity].dueHours * 3_600_000);

/** The severity of the first row whose conditions all hold (MINOR when none does), and that row's index. */
export function grade(template: WorkflowTemplate, facts: GradingFacts): { severity: Severity; row: number | null } {
  const row = template.grading.findIndex(
    (r) =>
      (r.ruleKinds === undefined || (facts.ruleKind !== null && r.ruleKinds.includes(facts.ruleKind))) &&
      (r.criticalParameter === undefined || r.criticalParameter === facts.criticalParameter) &&
      (r.reachedCustomers === undefined || r.reachedCustomers === facts.reachedCustomers) &&
      (r.releasedDownstream === undefined || r.releasedDownstream === facts.releasedDownstream),
  );
  return row < 0 ? { severity: 'MINOR', row: null } : { severity: template.grading[row].severity, row };
}
