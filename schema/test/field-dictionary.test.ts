import { FIELD_DICTIONARY, canonicalField, fieldLabel } from '../src/field-dictionary';

describe('the field dictionary', () => {
  it('gives every canonical field an English and a Chinese label', () => {
    for (const field of FIELD_DICTIONARY) {
      expect({ field: field.name, en: field.label.en.trim().length > 0, zh: /[\u4e00-\u9fff]/.test(field.label.zh) }).toEqual({ field: field.name, en: true, zh: true });
    }
  });

  it('labels a field by its canonical name or any name a system uses for it', () => {
    expect(fieldLabel('storageLocation')).toBe('Storage location');
    expect(fieldLabel('storageLocation', 'zh')).toBe('库位');
    expect(fieldLabel('material', 'zh')).toBe('物料编码');
    expect(canonicalField('Result')?.name).toBe('result');
    expect(fieldLabel('colour')).toBe('colour');
  });
});
