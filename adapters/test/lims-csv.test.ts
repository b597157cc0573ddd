import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IngestNotes, MappedRecord } from '../src/kit/ingest-types';
import { limsCsvAdapter, type LimsCsvOptions } from '../src/lims/lims-csv.adapter';
import type { InspectionInput } from '../src/lims/record-inspections';

async function mapped(bytes: Buffer, options: Partial<LimsCsvOptions> = {}) {
  const notes: IngestNotes = { unknownFields: [] };
  const records: Array<MappedRecord<InspectionInput>> = [];
  for await (const record of limsCsvAdapter.records(Readable.from([bytes]), options, notes)) records.push(record);
  return { records, notes };
}

describe('the LIMS CSV adapter', () => {
  it('maps a GB18030 export with Chinese headers with no configuration: 合格 is a PASS of what was observed', async () => {
    const { records, notes } = await mapped(readFileSync(path.join(__dirname, 'fixtures', 'lims-gb18030.csv')));
    expect(notes).toEqual({ encoding: 'gb18030', unknownFields: [] });
    expect(records).toEqual([
      {
        position: 'line 2',
        raw: { 批号: 'PP-2611-001', 样品编号: 'S-01', 检验项目: '拉伸强度', 结果: '合格', 单位: 'MPa' },
        key: 'PP-2611-001|S-01|拉伸强度',
        input: { lotNumber: 'PP-2611-001', sampleId: 'S-01', testName: '拉伸强度', result: 'PASS', attributeValue: '合格', stage: 'FINAL' },
      },
    ]);
  });

  it('reads English headers, semicolons and decimal commas; judges a value by its limits; keeps unknown columns with the result', async () => {
    const csv = [
      'Batch;Sample No;Test;Value;UOM;LSL;USL;Inspection Type;Test Date;Instrument;Material',
      'RPP-2611-002;S-7;Melt flow rate;12,5;g/10 min;10;15;IQC;2026/12/03 08:30;MFI-2;RM-PP-1001',
      'RPP-2611-002;S-8;Melt flow rate;16,1;g/10 min;10;15;IQC;2026/12/03 09:30;MFI-2;',
    ].join('\n');
    const { records, notes } = await mapped(Buffer.from(csv, 'utf8'), { timeZone: 'Asia/Shanghai' });
    expect(notes.unknownFields).toEqual(['Instrument']);
    expect(records.map((r) => r.input)).toEqual([
      { lotNumber: 'RPP-2611-002', sampleId: 'S-7', testName: 'Melt flow rate', measuredValue: 12.5, unit: 'g/10 min', lowerLimit: 10, upperLimit: 15, result: 'PASS', stage: 'INCOMING', inspectedAt: '2026-12-03T00:30:00.000Z', sourceAttributes: { Instrument: 'MFI-2', Material: 'RM-PP-1001' } },
      { lotNumber: 'RPP-2611-002', sampleId: 'S-8', testName: 'Melt flow rate', measuredValue: 16.1, unit: 'g/10 min', lowerLimit: 10, upperLimit: 15, result: 'FAIL', stage: 'INCOMING', inspectedAt: '2026-12-03T01:30:00.000Z', sourceAttributes: { Instrument: 'MFI-2' } },
    ]);
  });

  it('names the column, value and rule of everything wrong with a row, and maps the rows that are right', async () => {
    const csv = ['批号,样品编号,检验项目,结果,判定,单位,检验日期', ',S-1,外观,无毛刺,也许,,2026-02-30', 'PP-1,S-2,尺寸,12.02,,,', 'PP-1,S-3,外观,无毛刺,OK,,'].join('\r\n');
    const { records } = await mapped(Buffer.from(csv, 'utf8'));
    expect(records[0]).toMatchObject({
      position: 'line 2',
      problems: [
        { field: 'lotNumber', value: null, rule: 'required', reason: 'lotNumber is required (a column such as 批号, Batch or LOT_NO)' },
        { field: '判定', value: '也许', rule: 'vocabulary', reason: 'result: "也许" is not a result LotGraph knows (PASS/FAIL, OK/NG, 合格/不合格, pending/待检)' },
        { field: '检验日期', value: '2026-02-30', rule: 'date', reason: expect.stringMatching(/^inspectedAt: "2026-02-30" is not a date-time/) },
      ],
    });
    expect(records[1].problems).toEqual([
      { field: 'result', value: null, rule: 'required', reason: 'result: give a result column (PASS/FAIL, OK/NG, 合格/不合格) or limits to judge the measured value by' },
      { field: 'uom', value: null, rule: 'required', reason: 'unit: the measured value 12.02 needs its unit (a column such as 单位 or UOM)' },
    ]);
    expect(records[2].input).toEqual({ lotNumber: 'PP-1', sampleId: 'S-3', testName: '外观', result: 'PASS', attributeValue: '无毛刺', stage: 'FINAL' });
  });
});

describe('the LIMS JSON adapter', () => {
  it('maps result objects by the same names and rules, and lists the names it does not know once', async () => {
    const { limsJsonAdapter } = await import('../src/lims/lims-json.adapter');
    const document = JSON.stringify({
      exportedAt: '2026-12-03T10:00:00+08:00',
      results: [
        { batchNo: 'RPP-2611-002', sampleId: 'S-9', test: 'Melt flow rate', value: 12.5, unit: 'g/10 min', lsl: 10, usl: 15, instrument: 'MFI-2' },
        { 批号: 'RPP-2611-002', 样品编号: 'S-10', 检验项目: '外观', 判定: '不合格', instrument: 'VIS-1' },
        { batchNo: 'RPP-2611-002', test: 'Density' },
      ],
    });
    const notes: IngestNotes = { unknownFields: [] };
    const records: Array<MappedRecord<InspectionInput>> = [];
    for await (const record of limsJsonAdapter.records(Readable.from([Buffer.from(document)]), {}, notes)) records.push(record);
    expect(notes.unknownFields).toEqual(['instrument']);
    expect(records.map((r) => r.position)).toEqual(['record 1', 'record 2', 'record 3']);
    expect(records[0].input).toEqual({ lotNumber: 'RPP-2611-002', sampleId: 'S-9', testName: 'Melt flow rate', measuredValue: 12.5, unit: 'g/10 min', lowerLimit: 10, upperLimit: 15, result: 'PASS', stage: 'FINAL', sourceAttributes: { instrument: 'MFI-2' } });
    expect(records[1].input).toEqual({ lotNumber: 'RPP-2611-002', sampleId: 'S-10', testName: '外观', result: 'FAIL', attributeValue: '不合格', stage: 'FINAL', sourceAttributes: { instrument: 'VIS-1' } });
    expect(records[2].problems?.map((p) => p.reason)).toEqual([
      'sampleId is required (a column such as 样品编号 or SampleID)',
      'result: give a result column (PASS/FAIL, OK/NG, 合格/不合格) or limits to judge the measured value by',
    ]);
  });
});
