import { mapRecord } from '../src/map-record';

describe('mapping source records through the field dictionary', () => {
  it('understands the names ERP, MES and Chinese-language systems use for the same fields', () => {
    const sap = mapRecord({ Charge: 'RPP-2611-001', MATNR: 'RM-PP-1001', Menge: '1250,5', Meins: 'kg', VFDAT: '2028-10-01' });
    const mes = mapRecord({ 批号: 'RPP-2611-001', 物料编码: 'RM-PP-1001', 数量: 1250.5, 单位: 'kg', AI17: '281001' });
    const expected = { lotNumber: 'RPP-2611-001', materialCode: 'RM-PP-1001', quantity: 1250.5, uom: 'kg', expiresOn: '2028-10-01' };
    expect(sap).toEqual({ ok: true, record: expected, ignored: [] });
    expect(mes).toEqual({ ok: true, record: expected, ignored: [] });
  });

  it('names the field and the reason for every value it cannot use', () => {
    const result = mapRecord({ LOT_NO: 'X-1', QTY: 'twelve', GTIN: '12345', EXP_DATE: '31.12.2027' }, ['lotNumber', 'uom']);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'QTY', reason: 'quantity: "twelve" is not a number' },
        { field: 'GTIN', reason: 'gtin: "12345" is not a GTIN' },
        { field: 'EXP_DATE', reason: 'expiresOn: "31.12.2027" is not a date' },
        { field: 'uom', reason: 'uom is required' },
      ],
    });
  });

  it('refuses a record that gives one field twice under two names instead of picking one', () => {
    const result = mapRecord({ LOT_NO: 'A-1', BatchNo: 'A-2' });
    expect(result).toEqual({ ok: false, problems: [{ field: 'BatchNo', reason: 'names lotNumber again (already given as LOT_NO)' }] });
  });

  it('lists fields it does not know rather than dropping them silently', () => {
    const result = mapRecord({ LOT_NO: 'A-1', COLOR: 'blue', GTIN: '06971234500014' });
    expect(result).toEqual({ ok: true, record: { lotNumber: 'A-1', gtin: '06971234500014' }, ignored: ['COLOR'] });
  });

  it('reads a LIMS result record: verdict, yes/no flags and the measured value under their own fields', () => {
    const result = mapRecord({ SampleNo: 'S-1', Result: 'PASS', RequiredForRelease: 'Y', measuredValue: '12,1', unit: 'g/10 min' });
    expect(result).toEqual({ ok: true, record: { sampleId: 'S-1', result: 'PASS', required: 'true', value: 12.1, uom: 'g/10 min' }, ignored: [] });
    expect(mapRecord({ RequiredForRelease: 'maybe' })).toEqual({ ok: false, problems: [{ field: 'RequiredForRelease', reason: 'required: "maybe" is not yes or no' }] });
  });
});
