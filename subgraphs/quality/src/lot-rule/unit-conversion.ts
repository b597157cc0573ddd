/** A unit as a scale and offset onto its dimension's base unit: base = value × scale + offset. */
interface UnitDefinition {
  dimension: string;
  scale: number;
  offset?: number;
}

const UNITS: Record<string, UnitDefinition> = {
  m: { dimension: 'length', scale: 1 },
  cm: { dimension: 'length', scale: 1e-2 },
  mm: { dimension: 'length', scale: 1e-3 },
  µm: { dimension: 'length', scale: 1e-6 },
  um: { dimension: 'length', scale: 1e-6 },
  in: { dimension: 'length', scale: 0.0254 },
  kg: { dimension: 'mass', scale: 1 },
  g: { dimension: 'mass', scale: 1e-3 },
  mg: { dimension: 'mass', scale: 1e-6 },
  µg: { dimension: 'mass', scale: 1e-9 },
  ug: { dimension: 'mass', scale: 1e-9 },
  l: { dimension: 'volume', scale: 1 },
  ml: { dimension: 'volume', scale: 1e-3 },
  µl: { dimension: 'volume', scale: 1e-6 },
  ul: { dimension: 'volume', scale: 1e-6 },
  pa: { dimension: 'pressure', scale: 1 },
  kpa: { dimension: 'pressure', scale: 1e3 },
  mpa: { dimension: 'pressure', scale: 1e6 },
  bar: { dimension: 'pressure', scale: 1e5 },
  mbar: { dimension: 'pressure', scale: 1e2 },
  psi: { dimension: 'pressure', scale: 6894.757293168 },
  n: { dimension: 'force', scale: 1 },
  kn: { dimension: 'force', scale: 1e3 },
  s: { dimension: 'time', scale: 1 },
  ms: { dimension: 'time', scale: 1e-3 },
  min: { dimension: 'time', scale: 60 },
  h: { dimension: 'time', scale: 3600 },
  '%': { dimension: 'fraction', scale: 1e-2 },
  ppm: { dimension: 'fraction', scale: 1e-6 },
  '°c': { dimension: 'temperature', scale: 1 },
  degc: { dimension: 'temperature', scale: 1 },
  k: { dimension: 'temperature', scale: 1, offset: -273.15 },
  '°f': { dimension: 'temperature', scale: 5 / 9, offset: -32 * (5 / 9) },
  degf: { dimension: 'temperature', scale: 5 / 9, offset: -32 * (5 / 9) },
};

const definition = (unit: string): UnitDefinition | undefined => UNITS[unit.trim().toLowerCase().replace('μ', 'µ')];

/**
 * The value in another unit of the same dimension (°F to °C, psi to MPa, µm to mm, ...), or null when the two
 * cannot be compared: another dimension, or a unit this table does not know. The same unit, however spelled, is
 * the value itself.
 */
export function convertUnit(value: number, from: string, to: string): number | null {
  if (from.trim().toLowerCase() === to.trim().toLowerCase()) return value;
  const source = definition(from);
  const target = definition(to);
  if (!source || !target || source.dimension !== target.dimension) return null;
  const base = value * source.scale + (source.offset ?? 0);
  return (base - (target.offset ?? 0)) / target.scale;
}
