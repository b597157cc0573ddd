import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { csvRows, sniffDelimiter } from '../src/kit/csv-records';
import { decodeText, detectEncoding } from '../src/kit/decode-text';

async function rowsOf(bytes: Buffer, chunkSize = 7) {
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) => bytes.subarray(i * chunkSize, (i + 1) * chunkSize));
  const rows = [];
  for await (const row of csvRows(decodeText(Readable.from(chunks)))) rows.push(row);
  return rows;
}

describe('reading delimited files as LIMS export them', () => {
  it('reads UTF-8 with or without a byte-order mark, and GB18030 without being told', async () => {
    const text = '批号,样品编号,检验项目,结果,单位\nPP-2611-001,S-01,拉伸强度,合格,MPa\n';
    const expected = [{ line: 2, cells: { 批号: 'PP-2611-001', 样品编号: 'S-01', 检验项目: '拉伸强度', 结果: '合格', 单位: 'MPa' } }];
    expect(await rowsOf(Buffer.from(text, 'utf8'))).toEqual(expected);
    expect(await rowsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toEqual(expected);
    // Written by a Chinese-locale Windows tool: GB18030 bytes, CRLF line ends, no byte-order mark.
    const gb18030 = readFileSync(path.join(__dirname, 'fixtures', 'lims-gb18030.csv'));
    expect(detectEncoding(gb18030).encoding).toBe('gb18030');
    expect(await rowsOf(gb18030)).toEqual(expected);
  });

  it('finds the delimiter in the header: comma, semicolon or tab', async () => {
    expect(sniffDelimiter('Batch;Test;Result')).toBe(';');
    expect(sniffDelimiter('Batch\tTest\tResult')).toBe('\t');
    expect(sniffDelimiter('"Batch; no";Test,Result,x')).toBe(',');
    const rows = await rowsOf(Buffer.from('Batch;Test;Value\r\nPP-1;Melt flow;"12,5"\r\n\r\nPP-2;Density;0.905', 'utf8'));
    expect(rows).toEqual([
      { line: 2, cells: { Batch: 'PP-1', Test: 'Melt flow', Value: '12,5' } },
      { line: 4, cells: { Batch: 'PP-2', Test: 'Density', Value: '0.905' } },
    ]);
  });

  it('keeps delimiters, doubled quotes and line breaks inside quoted cells, across chunk boundaries', async () => {
    const rows = await rowsOf(Buffer.from('Lot,Remark\nPP-1,"said ""ok"", then\nleft"\nPP-2,"x"', 'utf8'), 3);
    expect(rows).toEqual([
      { line: 2, cells: { Lot: 'PP-1', Remark: 'said "ok", then\nleft' } },
      { line: 4, cells: { Lot: 'PP-2', Remark: 'x' } },
    ]);
  });

  it('names the line of a row it cannot read, keeping its cells, and of a file cut off inside a quoted cell', async () => {
    expect(await rowsOf(Buffer.from('Lot,Test\nPP-1,a,b\nPP-2,c\n', 'utf8'))).toEqual([
      { line: 2, cells: { Lot: 'PP-1', Test: 'a', '#3': 'b' }, problem: 'line 2: 3 cells, but the header names 2 columns' },
      { line: 3, cells: { Lot: 'PP-2', Test: 'c' } },
    ]);
    await expect(rowsOf(Buffer.from('Lot,Test\nPP-1,"open\n', 'utf8'))).rejects.toThrow('line 2: a quoted cell is not closed before the end of the file');
  });
});
