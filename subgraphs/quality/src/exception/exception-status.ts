import { badInput } from '@lotgraph/server';
import type { ExceptionStatus } from './quality-exception.entity';

/**
 * The exception workflow: OPEN → CONTAINED (every affected lot held) → INVESTIGATING (the owner acknowledged it)
 * → DISPOSITIONED (every affected lot has a disposition) → VERIFIED → CLOSED. An exception without lots to hold
 * may be investigated while still OPEN; nothing ever goes back.
 */
export const NEXT_STATUSES: Readonly<Record<ExceptionStatus, readonly ExceptionStatus[]>> = {
  OPEN: ['CONTAINED', 'INVESTIGATING'],
  CONTAINED: ['INVESTIGATING'],
  INVESTIGATING: ['DISPOSITIONED'],
  DISPOSITIONED: ['VERIFIED'],
  VERIFIED: ['CLOSED'],
  CLOSED: [],
};

/** Not yet dispositioned: the exception still takes new lots, and can be overdue and escalated. */
export const OPEN_STATUSES: readonly ExceptionStatus[] = ['OPEN', 'CONTAINED', 'INVESTIGATING'];

export const isOpen = (status: ExceptionStatus): boolean => OPEN_STATUSES.includes(status);

/** The same, as a SQL list for a `status IN (...)` condition. */
export const OPEN_STATUSES_SQL = OPEN_STATUSES.map((status) => `'${status}'`).join(', ');

function canMove(from: ExceptionStatus, to: ExceptionStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

export function assertCanMove(exceptionNumber: string, from: ExceptionStatus, to: ExceptionStatus): void {
  if (!canMove(from, to)) {
    const next = NEXT_STATUSES[from];
    throw badInput('QualityException', 'status', `exception ${exceptionNumber} is ${from}; it can move ${next.length ? `only to ${next.join(' or ')}` : 'nowhere (it is closed)'}, not to ${to}`);
  }
}
