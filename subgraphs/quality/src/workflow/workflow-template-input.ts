import { badInput, isRole, SIGNATURE_MEANINGS, type Role, type SignatureMeaning } from '@lotgraph/server';
import type { Severity } from '../exception/quality-exception.entity';
import { RULE_KINDS, type RuleKind } from '../rule/rule-kind';
import type { SeverityPolicy } from './severity-policy';
import type { GradingRow } from './workflow-template';

const SEVERITIES: readonly Severity[] = ['MINOR', 'MAJOR', 'CRITICAL'];

export interface SeverityPolicyInput extends SeverityPolicy {
  severity: Severity;
}

export interface WorkflowTemplateInput {
  code: string;
  name: string;
  materialCodes?: string[] | null;
  raiseOn: RuleKind[];
  grading: GradingRow[];
  policies: SeverityPolicyInput[];
}

export type ValidTemplate = Omit<WorkflowTemplateInput, 'policies' | 'materialCodes'> & { materialCodes: string[]; policies: Record<Severity, SeverityPolicy> };

/** The longest due time a policy may give. */
const MAX_DUE_HOURS = 8760;

/** Checks a template version; every error names the template, the field and the reason. */
export function validTemplate(input: WorkflowTemplateInput): ValidTemplate {
  const code = input.code.trim();
  const label = `WorkflowTemplate ${code || '(no code)'}`;
  if (!/^[A-Z0-9][A-Z0-9_-]{0,39}$/.test(code)) throw badInput(label, 'code', 'use 1-40 capital letters, digits, - or _ (for example SYRINGES)');
  if (code === 'BUILT-IN') throw badInput(label, 'code', 'BUILT-IN is the name of the template in force when none is approved');
  if (!input.name.trim()) throw badInput(label, 'name', 'a name is required');
  const materialCodes = [...new Set((input.materialCodes ?? []).map((m) => m.trim()).filter(Boolean))].sort();
  for (const kind of input.raiseOn) if (!RULE_KINDS.includes(kind)) throw badInput(label, 'raiseOn', `unknown rule kind ${kind}`);
  if (input.grading.length === 0) throw badInput(label, 'grading', 'the grading matrix needs at least one row');
  input.grading.forEach((row, i) => {
    if (!SEVERITIES.includes(row.severity)) throw badInput(label, `grading[${i}].severity`, `unknown severity ${row.severity}`);
    for (const kind of row.ruleKinds ?? []) if (!RULE_KINDS.includes(kind)) throw badInput(label, `grading[${i}].ruleKinds`, `unknown rule kind ${kind}`);
  });
  const policies = {} as Record<Severity, SeverityPolicy>;
  for (const policy of input.policies) {
    const field = (name: string) => `policies[${policy.severity}].${name}`;
    if (!SEVERITIES.includes(policy.severity)) throw badInput(label, 'policies', `unknown severity ${policy.severity}`);
    if (policies[policy.severity]) throw badInput(label, field('severity'), `${policy.severity} has two policies`);
    if (!(policy.dueHours > 0)) throw badInput(label, field('dueHours'), `must be a positive number of hours, not ${policy.dueHours}`);
    // Beyond that the due time is no deadline, and far enough beyond it is no date at all (1e300 hours).
    if (policy.dueHours > MAX_DUE_HOURS) throw badInput(label, field('dueHours'), `must be at most ${MAX_DUE_HOURS} hours (a year), not ${policy.dueHours}`);
    const roles = (name: keyof SeverityPolicy, value: readonly string[]): Role[] => {
      if (value.length === 0) throw badInput(label, field(name), 'name at least one role');
      const unknown = value.find((role) => !isRole(role));
      if (unknown) throw badInput(label, field(name), `unknown role ${unknown}`);
      return [...value] as Role[];
    };
    const meaning = (name: keyof SeverityPolicy, value: SignatureMeaning | null | undefined): SignatureMeaning | null => {
      if (value == null) return null;
      if (!SIGNATURE_MEANINGS.includes(value)) throw badInput(label, field(name), `unknown signature meaning ${value}`);
      return value;
    };
    policies[policy.severity] = {
      dueHours: policy.dueHours,
      ownerRoles: roles('ownerRoles', policy.ownerRoles),
      escalateToRoles: roles('escalateToRoles', policy.escalateToRoles),
      dispositionRoles: roles('dispositionRoles', policy.dispositionRoles),
      dispositionSignature: meaning('dispositionSignature', policy.dispositionSignature),
      closeRoles: roles('closeRoles', policy.closeRoles),
      closeSignature: meaning('closeSignature', policy.closeSignature),
      requiresCapa: policy.requiresCapa ?? false,
    };
  }
  const missing = SEVERITIES.filter((severity) => !policies[severity]);
  if (missing.length) throw badInput(label, 'policies', `give a policy for every severity; missing ${missing.join(', ')}`);
  const grading = input.grading.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined)) as unknown as GradingRow);
  return { code, name: input.name.trim(), materialCodes, raiseOn: [...new Set(input.raiseOn)], grading, policies };
}
