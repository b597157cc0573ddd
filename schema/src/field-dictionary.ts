/**
 * The field dictionary ("information synonyms"): each canonical field of the unified data model with its
 * type, unit, English and Chinese label, and the names source systems use for it. Adapters map incoming
 * records through it; people read its labels in histories and reports.
 */
export type FieldType = 'string' | 'number' | 'date' | 'datetime' | 'gtin';

export interface FieldDefinition {
  name: string;
  type: FieldType;
  unit?: string;
  label: { en: string; zh: string };
  /** Names used for this field by ERP, MES, LIMS and supplier systems (matched case-insensitively). */
  synonyms: string[];
}

export const FIELD_DICTIONARY: readonly FieldDefinition[] = [
  { name: 'lotNumber', type: 'string', label: { en: 'Lot number', zh: '批号' }, synonyms: ['LOT_NO', 'LotNo', 'BatchNo', 'Batch', 'Charge', 'MaterialLotID', 'lot', '批号', '批次号', 'AI10'] },
  { name: 'materialCode', type: 'string', label: { en: 'Material code', zh: '物料编码' }, synonyms: ['MATNR', 'ItemCode', 'PartNo', 'MaterialDefinitionID', '物料编码', '料号'] },
  { name: 'gtin', type: 'gtin', label: { en: 'GTIN (UDI-DI)', zh: '全球贸易项目代码 (UDI-DI)' }, synonyms: ['GTIN', 'UDI_DI', 'AI01', 'EAN', '产品标识'] },
  { name: 'serialNumber', type: 'string', label: { en: 'Serial number', zh: '序列号' }, synonyms: ['SERIAL_NO', 'SerNr', 'AI21', '序列号'] },
  { name: 'quantity', type: 'number', label: { en: 'Quantity', zh: '数量' }, synonyms: ['QTY', 'Quantity', 'Menge', 'QuantityString', '数量'] },
  { name: 'uom', type: 'string', label: { en: 'Unit of measure', zh: '计量单位' }, synonyms: ['UOM', 'UnitOfMeasure', 'Meins', '单位'] },
  { name: 'manufacturedOn', type: 'date', label: { en: 'Production date', zh: '生产日期' }, synonyms: ['MFG_DATE', 'ProductionDate', 'AI11', 'HSDAT', '生产日期'] },
  { name: 'expiresOn', type: 'date', label: { en: 'Expiry date', zh: '失效日期' }, synonyms: ['EXP_DATE', 'ExpirationDate', 'AI17', 'VFDAT', '有效期至', '失效日期'] },
  { name: 'supplierLotNumber', type: 'string', label: { en: 'Supplier lot number', zh: '供应商批号' }, synonyms: ['VENDOR_LOT', 'LICHA', 'SupplierBatch', '供应商批号'] },
  { name: 'equipmentCode', type: 'string', label: { en: 'Equipment', zh: '设备编号' }, synonyms: ['EQUIP_ID', 'EquipmentID', 'MachineNo', '设备编号', '机台号'] },
  { name: 'parameter', type: 'string', label: { en: 'Process parameter', zh: '工艺参数' }, synonyms: ['PARAM', 'Tag', 'ParameterID', '参数'] },
  { name: 'value', type: 'number', label: { en: 'Measured value', zh: '测量值' }, synonyms: ['VALUE', 'Reading', 'Result', '测量值', '结果'] },
  { name: 'measuredAt', type: 'datetime', label: { en: 'Time of measurement', zh: '测量时间' }, synonyms: ['TIMESTAMP', 'Time', 'eventTime', '时间', '采集时间'] },
];

const bySynonym = new Map<string, FieldDefinition>();
for (const field of FIELD_DICTIONARY) {
  for (const name of [field.name, ...field.synonyms]) bySynonym.set(name.toLowerCase(), field);
}

/** The canonical field a source system's field name stands for, if the dictionary knows it. */
export function canonicalField(sourceName: string): FieldDefinition | undefined {
  return bySynonym.get(sourceName.trim().toLowerCase());
}

export function fieldLabel(name: string, language: 'en' | 'zh' = 'en'): string {
  return FIELD_DICTIONARY.find((field) => field.name === name)?.label[language] ?? name;
}
