import { querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createBatchDatabase, createBatchRepositories, createBatchServer, seedBatchDemo } from '../src/server';
import { genealogyLinksFor } from '../src/genealogy/genealogy-links';

type TraceAnswer = {
  trace: {
    lots: Array<{ lotNumber: string }>;
    links: Array<{ depth: number; quantity: number; parent: { lotNumber: string }; child: { lotNumber: string } }>;
    shipments: Array<{ number: string; customer: { code: string } }>;
  };
};

const TRACE = `query ($lot: String!, $direction: TraceDirection!, $maxDepth: Int) {
  trace(lotNumber: $lot, direction: $direction, maxDepth: $maxDepth) {
    lots { lotNumber }
    links { depth quantity parent { lotNumber } child { lotNumber } }
    shipments { number customer { code } }
  }
}`;

describe('traceability in the batch subgraph', () => {
  let running: RunningSubgraph;

  beforeAll(async () => {
    running = await startSubgraphForTest({ createDatabase: createBatchDatabase, createServer: createBatchServer, seed: seedBatchDemo });
  });

  afterAll(() => running.stop());

  const trace = (lot: string, direction: 'UPSTREAM' | 'DOWNSTREAM', maxDepth?: number) =>
    querySubgraph<TraceAnswer>(running.server, TRACE, { lot, direction, maxDepth });

  it('walks upstream from a finished lot to every component and resin lot, with quantities and depth', async () => {
    const { data, errors } = await trace('SYR3-2611-0008', 'UPSTREAM');
    expect(errors).toBeUndefined();
    expect(data!.trace.lots.map((l) => l.lotNumber)).toEqual([
      'SYR3-2611-0008', 'BRL-2611-014', 'GSK-2611-001', 'PLG-2611-010', 'RPE-2611-001', 'RPP-2611-001', 'RPP-2611-002',
    ]);
    expect(data!.trace.links).toEqual(
      expect.arrayContaining([
        { depth: 1, quantity: 24000, parent: { lotNumber: 'BRL-2611-014' }, child: { lotNumber: 'SYR3-2611-0008' } },
        { depth: 2, quantity: 150, parent: { lotNumber: 'RPP-2611-001' }, child: { lotNumber: 'BRL-2611-014' } },
        { depth: 2, quantity: 90, parent: { lotNumber: 'RPP-2611-002' }, child: { lotNumber: 'BRL-2611-014' } },
      ]),
    );
    expect(data!.trace.links).toHaveLength(6);
    expect(data!.trace.shipments).toEqual([]);
  });

  it('walks downstream from a resin lot to the finished lots and the customers they were shipped to', async () => {
    const { data } = await trace('RPP-2611-002', 'DOWNSTREAM');
    expect(data!.trace.lots.map((l) => l.lotNumber)).toEqual(['RPP-2611-002', 'BRL-2611-014', 'BRL-2611-015', 'SYR3-2611-0007', 'SYR3-2611-0008']);
    expect(data!.trace.shipments).toEqual([
      { number: 'SH-2611-0031', customer: { code: 'CUS-STM' } },
      { number: 'SH-2611-0032', customer: { code: 'CUS-SMD' } },
    ]);
  });

  it('stops at maxDepth', async () => {
    const { data } = await trace('SYR3-2611-0008', 'UPSTREAM', 1);
    expect(data!.trace.links.every((link) => link.depth === 1)).toBe(true);
    expect(data!.trace.lots).toHaveLength(4);
  });

  it('ends on a cyclic genealogy, listing each link once at its shortest depth', async () => {
    const repos = createBatchRepositories(running.database.dataSource);
    const a = (await repos.lots.findByLotNumber('SYR5-2611-0003'))!;
    const b = (await repos.lots.findByLotNumber('GSK-2611-002'))!;
    const segment = (await repos.production.findByNumber('PO-2611-0201'))!;
    const [segmentRow] = await repos.production.findSegmentsByOrderIds([segment.id]);
    // Written straight to the table, past the checks production reports go through, to prove the query holds.
    await repos.genealogy.save({ parentLotId: a.id, childLotId: b.id, segmentId: segmentRow.id, quantity: 1, uom: 'pcs' });
    await repos.genealogy.save({ parentLotId: b.id, childLotId: a.id, segmentId: segmentRow.id, quantity: 1, uom: 'pcs' });
    const { data } = await trace('SYR5-2611-0003', 'DOWNSTREAM', 100);
    expect(data!.trace.links).toEqual([
      { depth: 1, quantity: 1, parent: { lotNumber: 'SYR5-2611-0003' }, child: { lotNumber: 'GSK-2611-002' } },
      { depth: 2, quantity: 1, parent: { lotNumber: 'GSK-2611-002' }, child: { lotNumber: 'SYR5-2611-0003' } },
    ]);
  });

  it('answers a trace with one statement: the walk, its lots and shipments together, not one query per level', async () => {
    running.database.queries.reset();
    await trace('SYR3-2611-0008', 'UPSTREAM');
    const recursive = running.database.queries.statements.filter((sql) => /WITH RECURSIVE/.test(sql));
    expect(recursive).toHaveLength(1);
    expect(running.database.queries.statements.filter((sql) => /material_lot/.test(sql) && !/WITH RECURSIVE/.test(sql))).toEqual([]);
  });

  it('names the bad argument: unknown lot, depth out of range', async () => {
    expect((await trace('NOPE', 'UPSTREAM')).errors![0].message).toBe('Lot with lotNumber "NOPE" does not exist');
    expect((await trace('SYR3-2611-0008', 'UPSTREAM', 0)).errors![0]).toMatchObject({
      message: 'Query.trace.maxDepth: must be between 1 and 100, got 0',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe('genealogy links derived from production actuals', () => {
  it('link every consumed lot to every produced lot, sharing consumption by output', () => {
    const links = genealogyLinksFor(
      'seg',
      [{ lotId: 'resin', quantity: 300, uom: 'kg' }],
      [{ lotId: 'barrels-a', quantity: 30000, uom: 'pcs' }, { lotId: 'barrels-b', quantity: 10000, uom: 'pcs' }],
    );
    expect(links).toEqual([
      { parentLotId: 'resin', childLotId: 'barrels-a', segmentId: 'seg', quantity: 225, uom: 'kg' },
      { parentLotId: 'resin', childLotId: 'barrels-b', segmentId: 'seg', quantity: 75, uom: 'kg' },
    ]);
  });
});
