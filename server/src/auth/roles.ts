/** Roles from DESIGN.md; what each may do is declared per field with `@allow` in each subgraph's SDL (docs/users-and-roles.md). */
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

/** "A", "A or B", "A, B or C": the roles a refused caller would need, in a sentence. */
export function describeRoles(roles: readonly string[]): string {
  return roles.length <= 1 ? (roles[0] ?? '') : `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}`;
}
