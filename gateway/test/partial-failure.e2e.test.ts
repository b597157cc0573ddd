import { startTestGraph, type TestGraph } from './support/test-graph';

describe('when a subgraph is down', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  it('answers the rest of the query and names the missing subgraph; health reports it', async () => {
    const healthy = await fetch(`${graph.base}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({
      status: 'ok',
      subgraphs: { batch: { status: 'ok', database: 'ok' }, quality: { status: 'ok' }, capa: { status: 'ok' }, compliance: { status: 'ok' } },
    });

    await graph.hub.subgraphs.quality!.stop();

    const response = await graph.query('{ lot(lotNumber: "SYR3-2611-0008") { lotNumber status exceptions { number } } }');
    expect(response.data).toEqual({ lot: { lotNumber: 'SYR3-2611-0008', status: 'ON_HOLD', exceptions: null } });
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].message).toMatch(/^The quality subgraph is unavailable: /);
    expect(response.errors![0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'quality' });

    const degraded = await fetch(`${graph.base}/healthz`);
    expect(degraded.status).toBe(503);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      subgraphs: { batch: { status: 'ok' }, quality: { status: 'error' }, capa: { status: 'ok' } },
    });

    expect(JSON.stringify(await (await fetch(`${graph.base}/healthz`)).json())).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);

    const stillServing = await graph.query('{ lots(first: 1) { totalCount } }');
    expect(stillServing.data).toEqual({ lots: { totalCount: 11 } });
  });
});
