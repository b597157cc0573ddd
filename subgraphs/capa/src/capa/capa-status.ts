import { badInput } from '@lotgraph/server';

export const CAPA_STATUSES = ['OPEN', 'INVESTIGATING', 'PLAN_APPROVED', 'IMPLEMENTING', 'EFFECTIVENESS_CHECK', 'CLOSED', 'CANCELLED'] as const;
export type CapaStatus = (typeof CAPA_STATUSES)[number];

/**
 * OPEN → INVESTIGATING (root-cause analysis) → PLAN_APPROVED (signed) → IMPLEMENTING (first action done) →
 * EFFECTIVENESS_CHECK (every action done) → CLOSED (signed, on a PASS). A FAILed check sends it back to
 * INVESTIGATING; anything not closed may be CANCELLED.
 */
const NEXT: Readonly<Record<CapaStatus, readonly CapaStatus[]>> = {
  OPEN: ['INVESTIGATING', 'CANCELLED'],
  INVESTIGATING: ['PLAN_APPROVED', 'CANCELLED'],
  PLAN_APPROVED: ['IMPLEMENTING', 'CANCELLED'],
  IMPLEMENTING: ['EFFECTIVENESS_CHECK', 'CANCELLED'],
  EFFECTIVENESS_CHECK: ['CLOSED', 'INVESTIGATING', 'CANCELLED'],
  CLOSED: [],
  CANCELLED: [],
};

export const isFinal = (status: CapaStatus): boolean => status === 'CLOSED' || status === 'CANCELLED';

/** The statuses a CAPA is in while it is still open, as a SQL list. */
export const OPEN_STATUSES_SQL = CAPA_STATUSES.filter((status) => !isFinal(status)).map((status) => `'${status}'`).join(', ');

export function assertCanMove(number: string, from: CapaStatus, to: CapaStatus): void {
  if (NEXT[from].includes(to)) return;
  const next = NEXT[from];
  throw badInput(`Capa ${number}`, 'status', `it is ${from}; it can move ${next.length ? `only to ${next.join(' or ')}` : `nowhere (it is ${from.toLowerCase()})`}, not to ${to}`);
}

/** Refuses a step that needs the CAPA in one of `allowed`, saying what it is and what the step needs. */
export function assertStatus(number: string, status: CapaStatus, allowed: readonly CapaStatus[], step: string): void {
  if (allowed.includes(status)) return;
  throw badInput(`Capa ${number}`, 'status', `it is ${status}; ${step} needs it ${allowed.join(' or ')}`);
}
