import { AUDITED_RECORDS, auditedRecordType } from '../src/audited-records';
import { canonicalField } from '../src/field-dictionary';

describe('the audited record types', () => {
  it('declares each record type once, every field by a name of the field dictionary', () => {
    const types = AUDITED_RECORDS.map((type) => type.entityType);
    expect(new Set(types).size).toBe(types.length);
    for (const type of AUDITED_RECORDS) {
      for (const field of Object.keys(type.fields)) expect({ type: type.entityType, field, labelled: canonicalField(field) !== undefined }).toEqual({ type: type.entityType, field, labelled: true });
    }
  });

  it('covers the GxP records of every domain', () => {
    expect(AUDITED_RECORDS.map((type) => `${type.schema}.${type.entityType}`).sort()).toEqual([
      'batch.Lot', 'batch.ProductionOrder', 'batch.Recall', 'batch.Shipment', 'capa.Capa', 'compliance.User',
      'quality.Inspection', 'quality.LotDisposition', 'quality.QualityException', 'quality.Specification',
    ]);
    expect(() => auditedRecordType('Gadget')).toThrow('Gadget is not an audited record type');
  });
});
