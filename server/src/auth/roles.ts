/** Roles from DESIGN.md; authorization rules per role arrive with the compliance core. */
export const ROLES = [
  'OPERATOR',
  'QC_INSPECTOR',
  'QA_ENGINEER',
  'QA_MANAGER',
  'AUDITOR',
  'INTEGRATOR',
  'ADMIN',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
