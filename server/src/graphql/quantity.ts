import { badInput } from './errors';

/** Quantities are stored as numeric(18, 6): more than 6 decimals or 12 whole digits would be silently changed. */
export function assertQuantity(entity: string, field: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw badInput(entity, field, `must be more than 0, got ${value}`);
  if (value >= 1e12) throw badInput(entity, field, `must be less than 1000000000000, got ${value}`);
  if (Math.abs(Math.round(value * 1e6) - value * 1e6) > 1e-6 * Math.max(1, value)) {
    throw badInput(entity, field, `has more than 6 decimal places: ${value}`);
  }
}
