import type { LotEntity } from './lot.entity';
import type { MaterialEntity } from '../material/material.entity';

/** YYYY-MM-DD as the YYMMDD GS1 uses for AI 11 and 17. */
const yymmdd = (date: string) => date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);

/**
 * The GS1 element string (human-readable form) of a lot's UDI: device identifier (01) and production identifiers
 * (11) production date, (17) expiry date, (10) lot, and (21) serial for a serialised unit. Null without a GTIN.
 */
export function udiOf(lot: LotEntity, material: MaterialEntity | null, serialNumber?: string): string | null {
  if (!material?.gtin) return null;
  let udi = `(01)${material.gtin}`;
  if (lot.manufacturedOn) udi += `(11)${yymmdd(lot.manufacturedOn)}`;
  if (lot.expiresOn) udi += `(17)${yymmdd(lot.expiresOn)}`;
  udi += `(10)${lot.lotNumber}`;
  if (serialNumber) udi += `(21)${serialNumber}`;
  return udi;
}
