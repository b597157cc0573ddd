import { startTestGraph, type TestGraph } from './support/test-graph';

const LOT_WITH_EXCEPTIONS_AND_CAPAS = `
  query ($lotNumber: String!) {
    lot(lotNumber: $lotNumber) {
      lotNumber status quantity uom
      material { code name gtin }
      exceptions {
        number severity status
        affectedLots { role lot { lotNumber status } }
        capas { number status owner actions { kind status } }
      }
    }
  }`;

describe('the federated graph through the gateway', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('answers one query with a lot (batch), its exceptions (quality) and their CAPAs (capa)', async () => {
    const response = await graph.query(LOT_WITH_EXCEPTIONS_AND_CAPAS, { variables: { lotNumber: 'SYR3-2611-0008' } });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      lot: {
        lotNumber: 'SYR3-2611-0008',
        status: 'ON_HOLD',
        quantity: 24000,
        uom: 'pcs',
        material: { code: 'FG-SYR-3ML', name: 'Sterile disposable syringe 3 mL, Luer lock', gtin: '06971234500014' },
        exceptions: [
          {
            number: 'EX-2026-0041',
            severity: 'MAJOR',
            status: 'INVESTIGATING',
            affectedLots: expect.arrayContaining([
              { role: 'RUNNING', lot: { lotNumber: 'BRL-2611-014', status: 'ON_HOLD' } },
              { role: 'CONSUMED', lot: { lotNumber: 'RPP-2611-002', status: 'RELEASED' } },
              { role: 'DOWNSTREAM', lot: { lotNumber: 'SYR3-2611-0008', status: 'ON_HOLD' } },
            ]),
            capas: [
              {
                number: 'CAPA-2026-0017',
                status: 'INVESTIGATING',
                owner: 'qa.engineer',
                actions: [
                  { kind: 'CORRECTION', status: 'DONE' },
                  { kind: 'CORRECTIVE', status: 'OPEN' },
                  { kind: 'PREVENTIVE', status: 'OPEN' },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('traces a finished lot upstream to both suppliers\' resin lots, with quantities', async () => {
    type Up = { trace: { lots: Array<{ lotNumber: string; material: { code: string }; supplier: { name: string } | null }>; links: Array<{ quantity: number; uom: string; parent: { lotNumber: string } }> } };
    const { data, errors } = await graph.query<Up>(`{
      trace(lotNumber: "SYR3-2611-0008", direction: UPSTREAM) {
        lots { lotNumber material { code } supplier { name } }
        links { quantity uom parent { lotNumber } }
      }
    }`);
    expect(errors).toBeUndefined();
    const resin = data!.trace.lots.filter((lot) => lot.material.code === 'RM-PP-1001');
    expect(resin.map((lot) => [lot.lotNumber, lot.supplier!.name])).toEqual([
      ['RPP-2611-001', 'NordPoly Resins GmbH'],
      ['RPP-2611-002', 'Huamei Polymer & Elastomer Co., Ltd.'],
    ]);
    const resinUse = data!.trace.links.filter((link) => link.parent.lotNumber.startsWith('RPP-'));
    expect(resinUse.map((link) => `${link.parent.lotNumber}: ${link.quantity} ${link.uom}`).sort()).toEqual(['RPP-2611-001: 150 kg', 'RPP-2611-002: 90 kg']);
  });

  it('traces a resin lot downstream to the customers it reached, with shipped quantities and open exceptions', async () => {
    type Down = { trace: { lots: Array<{ lotNumber: string; exceptions: Array<{ number: string }> }>; shipments: Array<{ customer: { name: string }; lines: Array<{ lot: { lotNumber: string }; quantity: number }> }> } };
    const { data, errors } = await graph.query<Down>(`{
      trace(lotNumber: "RPP-2611-002", direction: DOWNSTREAM) {
        lots { lotNumber exceptions { number } }
        shipments { customer { name } lines { lot { lotNumber } quantity } }
      }
    }`);
    expect(errors).toBeUndefined();
    expect(data!.trace.shipments).toEqual([
      { customer: { name: "St. Mary's Hospital Group" }, lines: [{ lot: { lotNumber: 'SYR3-2611-0007' }, quantity: 12000 }] },
      { customer: { name: 'Shanghai MedSupply Distribution Co.' }, lines: [{ lot: { lotNumber: 'SYR3-2611-0007' }, quantity: 8000 }] },
    ]);
    expect(data!.trace.lots.find((lot) => lot.lotNumber === 'SYR3-2611-0008')!.exceptions).toEqual([{ number: 'EX-2026-0041' }]);
  });

  it('pages through lots with cursors and filters', async () => {
    const page = `query ($after: String) {
      lots(first: 4, after: $after, filter: { status: [RELEASED] }) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { lotNumber status } }
      }
    }`;
    type Page = { lots: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: Array<{ node: { lotNumber: string; status: string } }> } };
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i += 1) {
      const response: { data?: Page | null } = await graph.query<Page>(page, { variables: { after } });
      const lots: Page['lots'] = response.data!.lots;
      expect(lots.totalCount).toBe(7);
      seen.push(...lots.edges.map((e) => e.node.lotNumber));
      expect(lots.edges.every((e) => e.node.status === 'RELEASED')).toBe(true);
      if (!lots.pageInfo.hasNextPage) break;
      after = lots.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(7);
    const bySupplier = await graph.query<{ lots: { edges: Array<{ node: { lotNumber: string } }> } }>(
      '{ lots(filter: { supplierCode: "SUP-HME", materialCode: "RM-PP-1001" }) { edges { node { lotNumber } } } }',
    );
    expect(bySupplier.data!.lots.edges.map((e) => e.node.lotNumber)).toEqual(['RPP-2611-002']);
  });

  it('shows the public contract in introspection', async () => {
    const response = await graph.query<{ query: { fields: Array<{ name: string }> }; lot: { fields: Array<{ name: string }> }; exception: { fields: Array<{ name: string }> } }>(`{
      query: __type(name: "Query") { fields { name } }
      lot: __type(name: "Lot") { fields { name } }
      exception: __type(name: "QualityException") { fields { name } }
    }`);
    const names = (type: { fields: Array<{ name: string }> }) => type.fields.map((f) => f.name);
    expect(names(response.data!.query)).toEqual(expect.arrayContaining(['lot', 'lots']));
    expect(names(response.data!.lot)).toEqual(expect.arrayContaining(['lotNumber', 'status', 'material', 'quantity', 'uom', 'exceptions']));
    expect(names(response.data!.exception)).toContain('capas');
  });

  it('says which lot does not exist', async () => {
    const response = await graph.query('{ lot(lotNumber: "NOPE-1") { lotNumber } }');
    expect(response.data).toEqual({ lot: null });
    expect(response.errors).toEqual([
      expect.objectContaining({ message: 'Lot with lotNumber "NOPE-1" does not exist', path: ['lot'], extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
  });

  it('says which material or equipment does not exist', async () => {
    const response = await graph.query('{ material(code: "RM-XX") { name } equipment(code: "IMM-99") { name } }');
    expect(response.errors!.map((e) => e.message).sort()).toEqual([
      'Equipment with code "IMM-99" does not exist',
      'Material with code "RM-XX" does not exist',
    ]);
  });


  it('explains malformed GraphQL and keeps serving', async () => {
    const broken = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { lotNumber ');
    expect(broken.status).toBe(400);
    expect(broken.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(broken.errors![0].message).toMatch(/Syntax Error/);
    const unknownField = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { colour } }');
    expect(unknownField.errors![0]).toMatchObject({ message: 'Cannot query field "colour" on type "Lot".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const after = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { status } }');
    expect(after.data).toEqual({ lot: { status: 'ON_HOLD' } });
  });

  it('refuses an invalid page size or cursor with the argument named', async () => {
    const tooMany = await graph.query('{ lots(first: 600) { totalCount } }');
    expect(tooMany.errors![0]).toMatchObject({ message: '"first" must be between 0 and 500, got 600', extensions: { code: 'BAD_USER_INPUT' } });
    const badCursor = await graph.query('{ lots(after: "not-a-cursor") { totalCount } }');
    expect(badCursor.errors![0].message).toBe('"after" is not a cursor this API issued: "not-a-cursor"');
  });
});
