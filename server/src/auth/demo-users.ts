import type { Role } from './roles';

export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
}

/** The people of the demo plant; `npx lotgraph token --user <id>` signs a token for one of them. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'operator', name: 'Li Na (moulding operator)', roles: ['OPERATOR'] },
  { id: 'qc.inspector', name: 'Carlos Mendes (QC inspector)', roles: ['QC_INSPECTOR'] },
  { id: 'qa.engineer', name: 'Priya Raman (QA engineer)', roles: ['QA_ENGINEER'] },
  { id: 'qa.manager', name: 'Wang Qiang (QA manager)', roles: ['QA_MANAGER'] },
  // A second QA manager: CRITICAL work is verified and approved by another person than the one who did it.
  { id: 'qa.lead', name: 'Zhao Min (QA manager)', roles: ['QA_MANAGER'] },
  { id: 'auditor', name: 'Eva Schmidt (auditor)', roles: ['AUDITOR'] },
  { id: 'integrator', name: 'MES integration', roles: ['INTEGRATOR'] },
  { id: 'admin', name: 'Site administrator', roles: ['ADMIN'] },
];

export function findDemoUser(id: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.id === id);
}
