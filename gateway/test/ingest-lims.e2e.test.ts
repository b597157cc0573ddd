import path from 'node:path';
import { captureCli } from './support/capture-cli';
import { startTestGraph, type TestGraph } from './support/test-graph';

/** A LIMS export as a Chinese-locale Windows LIMS writes it: GB18030, CRLF, Chinese headers; the last lot is not the plant's. */
const RESULTS = path.join(__dirname, '..', '..', 'examples', 'lims-results-gb18030.csv');

const INSPECTIONS = `query ($lot: String!) { lot(lotNumber: $lot) { inspections { sampleId testName result measuredValue unit attributeValue stage recordedBy inspectedAt } } }`;

describe('npx lotgraph ingest lims-csv, into a running hub', () => {
  let graph: TestGraph;
  const ingest = () => captureCli(['ingest', 'lims-csv', RESULTS, '--url', graph.hub.url, '--token', graph.tokenFor('integrator'), '--time-zone', 'Asia/Shanghai'], { DATABASE_URL: '' });
  /** The lot's inspections from these tests' files (their samples are QC-88.., QC-99..). */
  const inspections = async (lot: string, samples = 'QC-88') =>
    ((await graph.query<{ lot: { inspections: Array<Record<string, unknown>> } }>(INSPECTIONS, { variables: { lot } })).data!.lot.inspections).filter((i) => String(i.sampleId).startsWith(samples));

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(() => graph.stop());

  it('imports each result under the canonical names, rejects the unknown lot with its reason, and keeps it', async () => {
    expect(await ingest()).toBe(
      'lims-results-gb18030.csv: 3 records, 2 imported, 0 already there, 1 rejected (kept with the reasons: ingestRejections); encoding gb18030',
    );
    expect(await inspections('SYR3-2611-0008')).toEqual([
      { sampleId: 'QC-8801', testName: '外观', result: 'PASS', measuredValue: null, unit: null, attributeValue: '无毛刺', stage: 'FINAL', recordedBy: 'integrator', inspectedAt: '2026-12-03T00:30:00.000Z' },
    ]);
    expect(await inspections('RPP-2611-002')).toEqual([
      { sampleId: 'QC-8802', testName: '熔融指数', result: 'PASS', measuredValue: 12.4, unit: 'g/10min', attributeValue: null, stage: 'FINAL', recordedBy: 'integrator', inspectedAt: '2026-12-03T01:10:00.000Z' },
    ]);
    const rejected = await graph.query<{ ingestRejections: Array<Record<string, unknown>> }>(
      '{ ingestRejections(adapter: "lims-csv") { source position record problems { field rule reason } receivedBy } }',
      { token: graph.tokenFor('qa.engineer') },
    );
    expect(rejected.data!.ingestRejections).toEqual([
      {
        source: 'lims-results-gb18030.csv',
        position: 'line 4',
        record: { 批号: 'PP-404', 样品编号: 'QC-8803', 检验项目: '外观', 结果: '无毛刺', 判定: '合格', 单位: '', 下限: '', 上限: '', 检验日期: '2026/12/03 09:20' },
        problems: [{ field: 'lotNumber', rule: 'NOT_FOUND', reason: expect.stringContaining('PP-404') }],
        receivedBy: 'integrator',
      },
    ]);
  });

  it('changes nothing when the same file is sent again', async () => {
    expect(await ingest()).toBe(
      'lims-results-gb18030.csv: 3 records, 0 imported, 2 already there, 1 rejected (kept with the reasons: ingestRejections); encoding gb18030',
    );
    expect(await inspections('SYR3-2611-0008')).toHaveLength(1);
    const rejected = await graph.query<{ ingestRejections: unknown[] }>('{ ingestRejections { id } }', { token: graph.tokenFor('auditor') });
    expect(rejected.data!.ingestRejections).toHaveLength(1);
  });

  it('replays a kept record once the master data is fixed: imported as the caller, the rejection closed and audited', async () => {
    const kept = await graph.query<{ ingestRejections: Array<{ id: string }> }>('{ ingestRejections(adapter: "lims-csv") { id } }', { token: graph.tokenFor('integrator') });
    const [{ id }] = kept.data!.ingestRejections;
    const replay = `mutation ($ids: [ID!]!) { replayIngestRejections(ids: $ids) { status rejection { status replayedBy problems { rule reason } } } }`;
    // Nothing fixed yet: still refused, still open.
    const early = await graph.query<{ replayIngestRejections: Array<{ status: string }> }>(replay, { variables: { ids: [id] }, token: graph.tokenFor('integrator') });
    expect(early.data!.replayIngestRejections).toEqual([
      { status: 'STILL_REFUSED', rejection: { status: 'OPEN', replayedBy: null, problems: [{ rule: 'NOT_FOUND', reason: expect.stringContaining('PP-404') }] } },
    ]);
    // The lot arrives (goods receipt from the ERP); the LIMS row can now go in, read as it was (Asia/Shanghai).
    const received = await graph.query(
      'mutation { receiveLot(input: { lotNumber: "PP-404", materialCode: "RM-PP-1001", supplierCode: "SUP-NPR", quantity: 100, uom: "kg", storageLocation: "SZ1-QC-QUAR-01", receiptNumber: "GR-PP-404" }) { status } }',
      { token: graph.tokenFor('integrator') },
    );
    expect(received.errors).toBeUndefined();
    const replayed = await graph.query<{ replayIngestRejections: Array<{ status: string }> }>(replay, { variables: { ids: [id] }, token: graph.tokenFor('integrator') });
    expect(replayed.data!.replayIngestRejections).toEqual([{ status: 'REPLAYED', rejection: { status: 'REPLAYED', replayedBy: 'integrator', problems: expect.any(Array) } }]);
    expect(await inspections('PP-404')).toEqual([
      { sampleId: 'QC-8803', testName: '外观', result: 'PASS', measuredValue: null, unit: null, attributeValue: '无毛刺', stage: 'FINAL', recordedBy: 'integrator', inspectedAt: '2026-12-03T01:20:00.000Z' },
    ]);
    const again = await graph.query<{ replayIngestRejections: Array<{ status: string }> }>(replay, { variables: { ids: [id] }, token: graph.tokenFor('integrator') });
    expect(again.data!.replayIngestRejections[0].status).toBe('ALREADY_REPLAYED');
    expect((await graph.query<{ ingestRejections: unknown[] }>('{ ingestRejections { id } }', { token: graph.tokenFor('auditor') })).data!.ingestRejections).toEqual([]);
    const history = await graph.query<{ auditTrail: Array<{ action: string }> }>(`{ auditTrail(entityType: "IngestRejection", entityId: "${id}") { action } }`, { token: graph.tokenFor('auditor') });
    expect(history.data!.auditTrail.map((entry) => entry.action)).toEqual(['REJECT', 'REPLAY_REFUSED', 'REPLAY']);
  });

  it('names what it needs: an adapter it has, files that exist', async () => {
    await expect(captureCli(['ingest', 'sap-idoc', RESULTS, '--url', graph.hub.url], { DATABASE_URL: '' })).rejects.toThrow('ingest: which adapter? one of lims-csv, lims-json (got "sap-idoc")');
    await expect(captureCli(['ingest', 'lims-csv', 'no-such.csv', '--url', graph.hub.url], { DATABASE_URL: '' })).rejects.toThrow('ingest: no such file: no-such.csv');
  });

  describe('POST /ingest/<adapter>', () => {
    const csv = [
      'Batch;Sample;Test;Value;UOM;LSL;USL;Instrument',
      'SYR3-2611-0008;QC-9901;Break-loose force;4,2;N;2;6;ZwickRoell Z005',
      'SYR3-2611-0008;QC-9902;Break-loose force;7,1;N;2;6;ZwickRoell Z005',
      'SYR3-2611-0008;QC-9903;Break-loose force;4;N;;;ZwickRoell Z005',
    ].join('\r\n');
    const post = (path: string, token: string | null, body: string = csv, method = 'POST') =>
      fetch(`${graph.base}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(method === 'POST' ? { body } : {}) });

    it('takes a file as the body, as the bearer of an integration token, and answers what became of it', async () => {
      const response = await post('/ingest/lims-csv?source=mfi-2026-12-03.csv', graph.tokenFor('integrator'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        adapter: 'lims-csv', source: 'mfi-2026-12-03.csv', records: 3, accepted: 2, duplicates: 0, rejected: 1, encoding: 'utf-8', unknownFields: ['Instrument'],
      });
      // The column LotGraph has no field for is kept with each result, as it came.
      const kept = await graph.query<{ lot: { inspections: Array<{ sampleId: string; sourceAttributes: unknown }> } }>('{ lot(lotNumber: "SYR3-2611-0008") { inspections { sampleId sourceAttributes } } }');
      expect(kept.data!.lot.inspections.find((i) => i.sampleId === 'QC-9901')!.sourceAttributes).toEqual({ Instrument: 'ZwickRoell Z005' });
      const judged = await inspections('SYR3-2611-0008', 'QC-99');
      expect(judged.map((i) => [i.sampleId, i.result, i.measuredValue])).toEqual([['QC-9901', 'PASS', 4.2], ['QC-9902', 'FAIL', 7.1]]);
      const again = await post('/ingest/lims-csv?source=mfi-2026-12-03.csv', graph.tokenFor('integrator'));
      expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2, rejected: 1 });
    });

    it('takes JSON results too (lims-json), and refuses a document cut off', async () => {
      const json = JSON.stringify({ results: [{ batchNo: 'SYR3-2611-0008', sampleId: 'QC-9950', test: 'Visual', result: 'OK' }] });
      const response = await post('/ingest/lims-json?source=lims-api-2026-12-03.json', graph.tokenFor('integrator'), json);
      expect(await response.json()).toEqual({ adapter: 'lims-json', source: 'lims-api-2026-12-03.json', records: 1, accepted: 1, duplicates: 0, rejected: 0, encoding: 'utf-8', unknownFields: [] });
      expect((await inspections('SYR3-2611-0008', 'QC-9950')).map((i) => [i.testName, i.result, i.attributeValue])).toEqual([['Visual', 'PASS', 'OK']]);
      const cut = await post('/ingest/lims-json?source=cut.json', graph.tokenFor('integrator'), json.slice(0, 40));
      expect(cut.status).toBe(400);
      expect(((await cut.json()) as { errors: Array<{ message: string }> }).errors[0].message).toBe(
        'cut.json: the document ends inside record 1: it was cut off; the records before it are imported or kept, send it again once it is whole',
      );
    });

    it('refuses without a token, a role that may not record results, an adapter it does not have, and other methods', async () => {
      expect((await post('/ingest/lims-csv', null)).status).toBe(401);
      const operator = await post('/ingest/lims-csv', graph.tokenFor('operator'));
      expect(operator.status).toBe(403);
      expect(((await operator.json()) as { errors: Array<{ message: string }> }).errors[0].message).toMatch(/^operator \(OPERATOR\) may not/);
      const unknown = await post('/ingest/sap-idoc', graph.tokenFor('integrator'));
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { errors: Array<{ message: string }> }).errors[0].message).toBe('No adapter "sap-idoc": the adapters are lims-csv, lims-json (POST /ingest/<adapter>)');
      const get = await post('/ingest/lims-csv', graph.tokenFor('integrator'), csv, 'GET');
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect((await post('/ingest/lims-csv?timeZone=Mars/Olympus', graph.tokenFor('integrator'))).status).toBe(400);
    });
  });
});
