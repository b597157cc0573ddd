import { Readable } from 'node:stream';
import { jsonRecords } from '../src/kit/json-records';

async function recordsOf(text: string, chunkSize = 5) {
  const chunks = Array.from({ length: Math.ceil(text.length / chunkSize) }, (_, i) => text.slice(i * chunkSize, (i + 1) * chunkSize));
  const records = [];
  for await (const record of jsonRecords(Readable.from(chunks))) records.push(record);
  return records;
}

describe('records of a JSON document, streaming', () => {
  it('reads an array of objects, an object holding one, and newline-delimited JSON alike', async () => {
    const expected = [
      { index: 1, value: { lot: 'PP-1', limits: { low: 1, high: [2, 3] }, note: 'a "}" in text' } },
      { index: 2, value: { lot: 'PP-2' } },
    ];
    const one = '{"lot":"PP-1","limits":{"low":1,"high":[2,3]},"note":"a \\"}\\" in text"}';
    expect(await recordsOf(`[${one}, {"lot":"PP-2"}]`)).toEqual(expected);
    expect(await recordsOf(`{"exportedAt":"2026-12-03","results":[ ${one},{"lot":"PP-2"}],"count":2}`)).toEqual(expected);
    expect(await recordsOf(`${one}\n{"lot":"PP-2"}\n`)).toEqual(expected);
  });

  it('names a record it cannot parse and goes on; refuses a document cut off', async () => {
    expect(await recordsOf('[{"lot":"PP-1",}, {"lot":"PP-2"}]')).toEqual([
      { index: 1, problem: expect.stringMatching(/^record 1 is not valid JSON: /) },
      { index: 2, value: { lot: 'PP-2' } },
    ]);
    await expect(recordsOf('[{"lot":"PP-1"}, {"lot":"PP')).rejects.toThrow('the document ends inside record 2: it was cut off');
  });
});
