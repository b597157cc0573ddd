import { badInput } from '@lotgraph/server';
import type { Risk } from './capa.entity';

/** Today in UTC, YYYY-MM-DD: due dates are calendar days. */
export const todayUtc = (now = new Date()): string => now.toISOString().slice(0, 10);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A trimmed text that must not be empty. */
export function required(label: string, field: string, value: string | null | undefined): string {
  const text = value?.trim();
  if (!text) throw badInput(label, field, 'required (empty)');
  return text;
}

export function validRisk(label: string, field: string, risk: Risk | null | undefined): Risk {
  if (!risk) throw badInput(label, field, 'required: severity, occurrence and detection, 1-10 each');
  for (const part of ['severity', 'occurrence', 'detection'] as const) {
    const value = risk[part];
    if (!Number.isInteger(value) || value < 1 || value > 10) throw badInput(label, `${field}.${part}`, `must be a whole number from 1 to 10, not ${value}`);
  }
  return { severity: risk.severity, occurrence: risk.occurrence, detection: risk.detection };
}

export const rpn = (risk: Risk): number => risk.severity * risk.occurrence * risk.detection;

/** A due date: a real calendar day, today or later. */
export function validDueDate(label: string, field: string, value: string | null | undefined, now = new Date()): string {
  if (!value) throw badInput(label, field, 'required: the date it is due, YYYY-MM-DD');
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badInput(label, field, `"${value}" is not a calendar date (YYYY-MM-DD)`);
  }
  if (value < todayUtc(now)) throw badInput(label, field, `${value} is in the past (today is ${todayUtc(now)} UTC); a new due date is today or later`);
  return value;
}
