/** A unit as a scale and offset onto its dimension's base unit: base = value × scale + offset. */
interface UnitDefinition {
  dimension: string;
  scale: number;
  offset?: number;
}

const CELSIUS: UnitDefinition = { dimension: 'temperature', scale: 1 };
const FAHRENHEIT: UnitDefinition = { dimension: 'temperature', scale: 5 / 9, offset: -32 * (5 / 9) };

// Case matters (mPa is not MPa, Mg is not mg): each spelling in use is listed.
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
  L: { dimension: 'volume', scale: 1 },
  l: { dimension: 'volume', scale: 1 },
  mL: { dimension: 'volume', scale: 1e-3 },
  ml: { dimension: 'volume', scale: 1e-3 },
  µL: { dimension: 'volume', scale: 1e-6 },
  uL: { dimension: 'volume', scale: 1e-6 },
  Pa: { dimension: 'pressure', scale: 1 },
  kPa: { dimension: 'pressure', scale: 1e3 },
  MPa: { dimension: 'pressure', scale: 1e6 },
  bar: { dimension: 'pressure', scale: 1e5 },
  mbar: { dimension: 'pressure', scale: 1e2 },
  psi: { dimension: 'pressure', scale: 6894.757293168 },
  N: { dimension: 'force', scale: 1 },
  kN: { dimension: 'force', scale: 1e3 },
  s: { dimension: 'time', scale: 1 },
  ms: { dimension: 'time', scale: 1e-3 },
  min: { dimension: 'time', scale: 60 },
  h: { dimension: 'time', scale: 3600 },
  '%': { dimension: 'fraction', scale: 1e-2 },
  ppm: { dimension: 'fraction', scale: 1e-6 },
  '°C': CELSIUS,
  '℃': CELSIUS,
  degC: CELSIUS,
  K: { dimension: 'temperature', scale: 1, offset: -273.15 },
  '°F': FAHRENHEIT,
  '℉': FAHRENHEIT,
  degF: FAHRENHEIT,
};

/** The unit as written, with both micro signs (U+00B5, U+03BC) one, and "deg C" / "° C" closed up. */
const spelling = (unit: string) => unit.trim().replace(/\u03bc/g, 'µ').replace(/^(deg|°)\s+/, '$1');

/**
 * The value in another unit of the same dimension (°F to °C, psi to MPa, µm to mm, ...), or null when the two
 * cannot be compared: another dimension, or a unit this table does not know. The same unit is the value itself.
 */
export function convertUnit(value: number, from: string, to: string): number | null {
  if (spelling(from) === spelling(to)) return value;
  const source = UNITS[spelling(from)];
  const target = UNITS[spelling(to)];
  if (!source || !target || source.dimension !== target.dimension) return null;
  const base = value * source.scale + (source.offset ?? 0);
  return (base - (target.offset ?? 0)) / target.scale;
}
