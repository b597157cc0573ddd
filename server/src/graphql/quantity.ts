import { badInput } from './errors';
import { QUANTITY, decimalProblem } from './decimal';

/** Quantities are stored as numeric(18, 6): more than 6 decimals or 12 whole digits would be silently changed. */
export function assertQuantity(entity: string, field: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw badInput(entity, field, `must be more than 0, got ${value}`);
  const problem = decimalProblem(value, QUANTITY);
  if (problem) throw badInput(entity, field, problem);
}
