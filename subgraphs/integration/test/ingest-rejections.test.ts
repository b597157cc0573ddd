import { AuditTrail, querySubgraph, startSubgraphForTest, type Identity, type RunningSubgraph } from '@lotgraph/server';
import { createIntegrationDatabase, createIntegrationServer } from '../src/server';

const LIMS: Identity = { id: 'integrator', name: 'LIMS interface', roles: ['INTEGRATOR'] };
const QA: Identity = { id: 'qa.engineer', name: 'Priya Raman (QA engineer)', roles: ['QA_ENGINEER'] };
const OPERATOR: Identity = { id: 'operator', name: 'Li Na (moulding operator)', roles: ['OPERATOR'] };

const RECORD = `mutation ($input: [IngestRejectionInput!]!) {
  recordIngestRejections(input: $input) { id adapter source position record problems { field value rule reason } status receivedBy }
}`;
const LIST = '{ ingestRejections(adapter: "lims-csv") { id position record problems { rule reason } } }';

const rejection = (line: number, lotNumber: string) => ({
  adapter: 'lims-csv',
  source: 'lims-export-2026-12-03.csv',
  position: `line ${line}`,
  record: { 批号: lotNumber, 检验项目: 'Tensile strength', 结果: '合格' },
  problems: [{ field: '批号', value: lotNumber, rule: 'unknown-lot', reason: `no lot has the lot number ${lotNumber}` }],
  idempotencyKey: `lims-csv:${lotNumber}:S-1:Tensile strength`,
});

describe('the dead-letter store of the adapters', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraphForTest({ createDatabase: createIntegrationDatabase, createServer: createIntegrationServer });
  });

  afterAll(() => subgraph.stop());

  it('keeps each rejected record whole, with its reasons, audited; the same record sent again changes nothing', async () => {
    const first = await querySubgraph<{ recordIngestRejections: Array<{ id: string }> }>(subgraph.server, RECORD, { input: [rejection(2, 'PP-404'), rejection(3, 'PP-405')] }, LIMS);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordIngestRejections).toEqual([
      expect.objectContaining({
        adapter: 'lims-csv',
        position: 'line 2',
        record: { 批号: 'PP-404', 检验项目: 'Tensile strength', 结果: '合格' },
        problems: [{ field: '批号', value: 'PP-404', rule: 'unknown-lot', reason: 'no lot has the lot number PP-404' }],
        status: 'OPEN',
        receivedBy: 'integrator',
      }),
      expect.objectContaining({ position: 'line 3' }),
    ]);

    // The file sent again: the same two rejections answered, none added.
    const again = await querySubgraph<{ recordIngestRejections: Array<{ id: string }> }>(subgraph.server, RECORD, { input: [rejection(2, 'PP-404'), rejection(3, 'PP-405')] }, LIMS);
    expect(again.data!.recordIngestRejections.map((r) => r.id)).toEqual(first.data!.recordIngestRejections.map((r) => r.id));
    const listed = await querySubgraph<{ ingestRejections: Array<{ position: string }> }>(subgraph.server, LIST, {}, QA);
    expect(listed.data!.ingestRejections.map((r) => r.position).sort()).toEqual(['line 2', 'line 3']);

    const [entry] = await new AuditTrail(subgraph.database.dataSource, 'integration').entriesFor('IngestRejection', first.data!.recordIngestRejections[0].id);
    expect(entry).toMatchObject({ action: 'REJECT', actorId: 'integrator', reason: 'no lot has the lot number PP-404' });
    expect(entry.changes).toMatchObject({ ingestAdapter: { new: 'lims-csv' }, ingestPosition: { new: 'line 2' }, status: { new: 'OPEN' } });
  });

  it('is written by integrations only, read by quality and audit roles, and refuses a rejection without a reason', async () => {
    const byQa = await querySubgraph(subgraph.server, RECORD, { input: [rejection(9, 'PP-409')] }, QA);
    expect(byQa.errors![0].extensions!.code).toBe('FORBIDDEN');
    const byOperator = await querySubgraph(subgraph.server, LIST, {}, OPERATOR);
    expect(byOperator.errors![0].extensions!.code).toBe('FORBIDDEN');
    const noReason = await querySubgraph(subgraph.server, RECORD, { input: [{ ...rejection(10, 'PP-410'), problems: [] }] }, LIMS);
    expect(noReason.errors![0]).toMatchObject({
      message: 'IngestRejection.input[0].problems: the rejection of lims-export-2026-12-03.csv line 10 needs at least one reason',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('publishes the field dictionary with labels in both languages and each system’s names', async () => {
    const answer = await querySubgraph<{ fieldDictionary: Array<{ name: string; labelZh: string; synonyms: string[] }> }>(
      subgraph.server,
      '{ fieldDictionary { name type labelEn labelZh description synonyms } }',
      {},
      OPERATOR,
    );
    const lotNumber = answer.data!.fieldDictionary.find((field) => field.name === 'lotNumber');
    expect(lotNumber).toMatchObject({
      labelZh: '批号',
      description: 'The lot (batch) number: the key every record of a lot is found by; GS1 AI (10).',
      synonyms: expect.arrayContaining(['LOT_NO', 'Charge', 'MaterialLotID', '批次号']),
    });
  });
});
