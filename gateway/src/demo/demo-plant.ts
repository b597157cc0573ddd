/**
 * The part of the demo plant the excursion and CAPA demos play on: injection moulding machine IMM-01, the barrel's
 * zone 3 temperature and its specification, and the order and lot it is moulding when the excursion starts.
 */
export const EQUIPMENT = 'IMM-01';
export const PARAMETER = 'barrel_temp_zone3';
/** The barrels' material, which IMM-01 moulds. */
export const MATERIAL = 'SA-BRL-3001';
export const SPEC = 'SPEC-IMM01-BT3';
/** The specification's upper limit for zone 3 (°C). */
export const USL = 235;
export const RUNNING_ORDER = 'PO-2611-0102';
export const RUNNING_LOT = 'BRL-2611-015';
