import type { Role, SignatureMeaning } from '@lotgraph/server';
import type { QualityExceptionEntity, Severity } from '../exception/quality-exception.entity';

/** What the workflow asks of an exception of one severity: when it is due, who owns it, who may decide and sign. */
export interface SeverityPolicy {
  /** Hours from detection to disposition. */
  dueHours: number;
  /** Roles that own (acknowledge and investigate) the exception. */
  ownerRoles: Role[];
  /** Who is told when it is overdue. */
  escalateToRoles: Role[];
  /** Roles that may record a lot's disposition. */
  dispositionRoles: Role[];
  /** The e-signature a disposition needs; null when none. */
  dispositionSignature: SignatureMeaning | null;
  /** Roles that may verify and close the exception. */
  closeRoles: Role[];
  /** The e-signature closing needs; null when none. */
  closeSignature: SignatureMeaning | null;
  /** Whether a linked CAPA is needed before closing. */
  requiresCapa: boolean;
}

/** The default workflow template's policies (issue 5: CRITICAL needs QA_MANAGER's signature and a CAPA; MAJOR a QA signature). */
export const DEFAULT_SEVERITY_POLICIES: Readonly<Record<Severity, SeverityPolicy>> = {
  CRITICAL: {
    dueHours: 24, ownerRoles: ['QA_MANAGER', 'QA_ENGINEER'], escalateToRoles: ['QA_MANAGER'],
    dispositionRoles: ['QA_MANAGER'], dispositionSignature: 'APPROVED', closeRoles: ['QA_MANAGER'], closeSignature: 'APPROVED', requiresCapa: true,
  },
  MAJOR: {
    dueHours: 72, ownerRoles: ['QA_ENGINEER', 'QA_MANAGER'], escalateToRoles: ['QA_MANAGER'],
    dispositionRoles: ['QA_ENGINEER', 'QA_MANAGER'], dispositionSignature: 'APPROVED', closeRoles: ['QA_ENGINEER', 'QA_MANAGER'], closeSignature: 'VERIFIED', requiresCapa: false,
  },
  MINOR: {
    dueHours: 7 * 24, ownerRoles: ['QA_ENGINEER', 'QA_MANAGER', 'QC_INSPECTOR'], escalateToRoles: ['QA_ENGINEER'],
    dispositionRoles: ['QA_ENGINEER', 'QA_MANAGER'], dispositionSignature: null, closeRoles: ['QA_ENGINEER', 'QA_MANAGER'], closeSignature: null, requiresCapa: false,
  },
};

/** The policy that governs an exception: from the workflow template version it was graded with. */
export interface SeverityPolicies {
  forException(exception: QualityExceptionEntity): Promise<SeverityPolicy>;
}

export const defaultSeverityPolicies: SeverityPolicies = {
  forException: (exception) => Promise.resolve(DEFAULT_SEVERITY_POLICIES[exception.severity]),
};
