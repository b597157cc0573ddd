import type { Severity } from './quality-exception.entity';

/** How long after detection an exception must be dispositioned, by severity (the default workflow template). */
export const DUE_HOURS_BY_SEVERITY: Readonly<Record<Severity, number>> = {
  CRITICAL: 24,
  MAJOR: 72,
  MINOR: 7 * 24,
};

export function dueAt(severity: Severity, detectedAt: Date): Date {
  return new Date(detectedAt.getTime() + DUE_HOURS_BY_SEVERITY[severity] * 3_600_000);
}
