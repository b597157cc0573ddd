import { badInput } from './errors';

/**
 * A plain decimal number as text: digits with an optional sign, fraction and exponent (241.5, -0.25, 1.2E+3).
 * `Number(text)` is not used for input: it also reads "0x10" (16), "0b1", "0o7", "Infinity" and "" (0).
 */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a plain decimal text names, or undefined when the text is not one or the number is not finite. */
export function parsePlainDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!PLAIN_DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** How many decimal places a numeric column keeps, and the magnitude values must stay below. */
export interface DecimalColumn {
  places: number;
  below: number;
}

/** numeric(18, 6): stock and order quantities. */
export const QUANTITY: DecimalColumn = { places: 6, below: 1e12 };
/**
 * Measured values and the limits they are judged against (readings, specification limits, inspection results):
 * kept to 9 decimal places, below 10^15 in magnitude, so every statistic over them stays a finite double.
 */
export const MEASUREMENT: DecimalColumn = { places: 9, below: 1e15 };

/**
 * Why a number cannot be kept in the column, or undefined. A value within binary rounding of one with at most
 * `places` decimals (0.1 + 0.2) is taken (the column keeps the rounded one); more decimals are refused rather than
 * rounded away, so 1e-300 is refused, not kept as 0.
 */
export function decimalProblem(value: number, column: DecimalColumn): string | undefined {
  if (!Number.isFinite(value)) return `must be a finite number, got ${value}`;
  const limit = column.below.toLocaleString('en-US', { useGrouping: false });
  if (Math.abs(value) >= column.below) return value > 0 ? `must be less than ${limit}, got ${value}` : `must be more than -${limit}, got ${value}`;
  const scale = 10 ** column.places;
  const rounded = Math.round(Math.abs(value) * scale) / scale;
  if (Math.abs(rounded - Math.abs(value)) > Math.abs(value) * 1e-12) return `has more than ${column.places} decimal places: ${value}`;
  return undefined;
}

/** A measured value or limit as a numeric column keeps it; refused naming the record and field. */
export function assertMeasurement(entity: string, field: string, value: number): void {
  const problem = decimalProblem(value, MEASUREMENT);
  if (problem) throw badInput(entity, field, problem);
}
