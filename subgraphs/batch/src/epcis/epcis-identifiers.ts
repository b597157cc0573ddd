import { badInput, isUuid } from '@lotgraph/server';

/**
 * Identifiers in an EPCIS export.
 *
 * A lot of a material with a GTIN is named by its GS1 Digital Link URI, `https://id.gs1.org/01/<GTIN-14>/10/<lot>`
 * (GTIN, AI 10 batch/lot), which EPCIS 2.0 accepts wherever it accepts the EPC URN forms. The URN form
 * `urn:epc:class:lgtin:<CompanyPrefix>.<IndicatorItemRef>.<lot>` would need the length of the GS1 Company
 * Prefix inside the GTIN, which the GTIN itself does not tell and the item master does not store; a guessed
 * split would be a wrong identifier. Digital Link needs only the GTIN and is the same one the UDI carrier encodes.
 *
 * Everything without a GS1 key (lots of materials without a GTIN, equipment, suppliers, customers, orders,
 * shipments) gets a private HTTP URI under the plant's identifier base, one path per kind of record, keyed by
 * its natural key and mirroring the Digital Link shape for lots:
 *   <base>material/<code>/lot/<lotNumber>    a lot (class-level: the whole lot, like an LGTIN)
 *   <base>equipment/<code>                   a read point or business location
 *   <base>party/supplier/<code>              a source party
 *   <base>party/customer/<code>              a destination party
 *   <base>production-order/<number>          a prodorder business transaction
 *   <base>purchase-order/<number>            a po business transaction
 *   <base>shipment/<number>                  a desadv (despatch advice) business transaction
 * A production segment's transformationID is `urn:uuid:<segment id>`. Extension fields use the `lotgraph:`
 * prefix, bound in the document's @context to <base>voc/.
 */
export const DEFAULT_EPCIS_ID_BASE = 'https://id.lotgraph.example/';

const segment = (value: string) => encodeURIComponent(value);

export class EpcisIdentifiers {
  readonly base: string;

  constructor(base: string = DEFAULT_EPCIS_ID_BASE) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  get vocabulary(): string {
    return `${this.base}voc/`;
  }

  /** Class-level identifier of a lot: GS1 Digital Link for a GTIN, the private form otherwise. */
  lot(lot: { lotNumber: string; materialCode: string; gtin: string | null }): string {
    if (lot.gtin) return `https://id.gs1.org/01/${gtin14(lot.gtin, lot.materialCode)}/10/${segment(lot.lotNumber)}`;
    return `${this.base}material/${segment(lot.materialCode)}/lot/${segment(lot.lotNumber)}`;
  }

  equipment(code: string): string {
    return `${this.base}equipment/${segment(code)}`;
  }

  supplier(code: string): string {
    return `${this.base}party/supplier/${segment(code)}`;
  }

  customer(code: string): string {
    return `${this.base}party/customer/${segment(code)}`;
  }

  productionOrder(number: string): string {
    return `${this.base}production-order/${segment(number)}`;
  }

  purchaseOrder(number: string): string {
    return `${this.base}purchase-order/${segment(number)}`;
  }

  shipment(number: string): string {
    return `${this.base}shipment/${segment(number)}`;
  }

  transformation(segmentId: string): string {
    return isUuid(segmentId) ? `urn:uuid:${segmentId.toLowerCase()}` : `${this.base}production-segment/${segment(segmentId)}`;
  }
}

/** A GTIN-8/12/13/14 as the 14 digits Digital Link uses; anything else is refused, naming the material. */
export function gtin14(gtin: string, materialCode: string): string {
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) {
    throw badInput(`Material ${materialCode}`, 'gtin', `"${gtin}" is not a GTIN (8, 12, 13 or 14 digits)`);
  }
  return gtin.padStart(14, '0');
}

/**
 * EPCIS quantities carry a UN/ECE Recommendation 20 unit code, or none for a count of instances. Our lots
 * count pieces or weigh/measure in a handful of units; an unknown unit is refused rather than guessed.
 */
const REC20_UNITS: Record<string, string | null> = {
  pcs: null,
  pc: null,
  ea: null,
  each: null,
  unit: null,
  units: null,
  kg: 'KGM',
  g: 'GRM',
  mg: 'MGM',
  t: 'TNE',
  l: 'LTR',
  ml: 'MLT',
  m: 'MTR',
  mm: 'MMT',
  m2: 'MTK',
  m3: 'MTQ',
};

/** The Rec 20 code for a unit, or null when the quantity is a count; throws for a unit it does not know. */
export function rec20Unit(uom: string, record: string): string | null {
  const key = uom.trim().toLowerCase();
  if (key in REC20_UNITS) return REC20_UNITS[key];
  if (/^[A-Z0-9]{2,3}$/.test(uom.trim())) return uom.trim();
  throw badInput(record, 'uom', `"${uom}" has no UN/ECE Rec 20 code for EPCIS (known: ${Object.keys(REC20_UNITS).join(', ')})`);
}
