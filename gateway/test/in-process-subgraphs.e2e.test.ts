import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HEADERS, createTestDatabase, encodeUserHeader, findDemoUser, signToken, type GatewayCall, type SubgraphServer, type TestDatabase } from '@lotgraph/server';
import { startHub, openDatabases, type Hub } from '../src/hub/hub';
import { SUBGRAPHS } from '../src/hub/subgraph-registry';
import { startTestGraph, testConfig, type TestGraph } from './support/test-graph';

const HOLD = 'mutation { holdLot(input: { lotNumber: "BRL-2611-015", reason: "In-process check", exceptionNumber: "EX-2026-0041" }) { status } }';
const LOT = '{ lot(lotNumber: "SYR3-2611-0008") { lotNumber status } }';

/** The same call to a subgraph, POSTed to its HTTP endpoint and handed to it in-process: both answers. */
async function bothWays(subgraph: SubgraphServer, headers: Array<[string, string]>, query: string) {
  const http = await fetch(`${subgraph.url}/graphql`, {
    method: 'POST',
    headers: Object.fromEntries([['content-type', 'application/json'], ...headers]),
    body: JSON.stringify({ query }),
  });
  const call: GatewayCall = { headers: [['content-type', 'application/json'], ...headers], body: { query } };
  const inProcess = await subgraph.answerGateway(call);
  return { http: { status: http.status, body: await http.json() }, inProcess: { status: inProcess.status, body: JSON.parse(JSON.stringify(inProcess.body)) } };
}

describe('the hub calls its own subgraphs in-process, with the checks HTTP makes', () => {
  let graph: TestGraph;

  beforeAll(async () => {
    graph = await startTestGraph();
  });

  afterAll(async () => {
    await graph.stop();
  });

  const userHeaders = (userId: string): Array<[string, string]> => [
    [HEADERS.gatewaySecret, graph.config.gatewaySecret],
    [HEADERS.user, encodeUserHeader(findDemoUser(userId)!)],
  ];

  it('reaches every subgraph of the process without HTTP and answers across them', async () => {
    expect(graph.hub.gateway.subgraphTransports).toEqual({ batch: 'in-process', quality: 'in-process', capa: 'in-process', compliance: 'in-process', integration: 'in-process' });
    const response = await graph.query<{ lot: { status: string; exceptions: Array<{ number: string }> } }>('{ lot(lotNumber: "SYR3-2611-0008") { status exceptions { number } } }');
    expect(response.errors).toBeUndefined();
    expect(response.data!.lot.status).toBe('ON_HOLD');
    expect(response.data!.lot.exceptions.length).toBeGreaterThan(0);
  });

  it('still refuses a role the field is not open to, through the gateway and in the subgraph, as over HTTP', async () => {
    const refused = await graph.query(HOLD, { token: graph.tokenFor('auditor') });
    expect(refused.data).toBeNull();
    expect(refused.errors![0].message).toMatch(/^auditor \(AUDITOR\) may not call Mutation\.holdLot; that needs /);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });

    const { http, inProcess } = await bothWays(graph.hub.subgraphs.batch!, userHeaders('auditor'), HOLD);
    expect(inProcess).toEqual(http);
    expect(inProcess.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const lot = await graph.query<{ lot: { status: string } }>('{ lot(lotNumber: "BRL-2611-015") { status } }');
    expect(lot.data!.lot.status).not.toBe('ON_HOLD');
  });

  it('refuses a call without the gateway secret, or with another one, as over HTTP', async () => {
    const user: Array<[string, string]> = [[HEADERS.user, encodeUserHeader(findDemoUser('qa.manager')!)]];
    for (const headers of [user, [...user, [HEADERS.gatewaySecret, 'not-the-secret'] as [string, string]]]) {
      const { http, inProcess } = await bothWays(graph.hub.subgraphs.batch!, headers, LOT);
      expect(inProcess).toEqual(http);
      expect(inProcess).toEqual({ status: 403, body: { errors: [{ message: 'The batch subgraph only answers the LotGraph gateway', extensions: { code: 'FORBIDDEN' } }] } });
    }
  });

  it('refuses an anonymous call for data, and answers a known user, as over HTTP', async () => {
    const anonymous = await bothWays(graph.hub.subgraphs.batch!, [[HEADERS.gatewaySecret, graph.config.gatewaySecret]], LOT);
    expect(anonymous.inProcess).toEqual(anonymous.http);
    expect(anonymous.inProcess.status).toBe(401);
    expect(anonymous.inProcess.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const known = await bothWays(graph.hub.subgraphs.batch!, userHeaders('qa.manager'), LOT);
    expect(known.inProcess).toEqual(known.http);
    expect(known.inProcess).toEqual({ status: 200, body: { data: { lot: { lotNumber: 'SYR3-2611-0008', status: 'ON_HOLD' } } } });
  });
});

describe('a subgraph configured elsewhere (LOTGRAPH_<NAME>_URL)', () => {
  let db: TestDatabase;
  let remote: SubgraphServer;
  let front: Server;
  let hub: Hub;
  let closeRemoteDatabase: () => Promise<void>;
  let jwtSecret: string;
  let requests = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = testConfig(db);
    jwtSecret = config.jwtSecret;
    const { batch } = await openDatabases(config, ['batch']);
    closeRemoteDatabase = () => batch!.close();
    remote = await SUBGRAPHS.batch.createServer({ database: batch!, gatewaySecret: config.gatewaySecret });
    // The remote subgraph's own handler behind a listener that counts what reaches it over HTTP.
    front = createServer((req, res) => {
      if ((req.url ?? '').startsWith('/graphql')) requests += 1;
      remote.handle(req, res);
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}/graphql`;
    hub = await startHub({ ...config, subgraphUrls: { batch: url } }, { port: 0 });
  });

  afterAll(async () => {
    await hub.stop();
    front.closeAllConnections();
    await new Promise((resolve) => front.close(resolve));
    await remote.stop();
    await closeRemoteDatabase();
    await db.drop();
  });

  it('is called over HTTP; the subgraphs of the process in-process', async () => {
    expect(hub.subgraphs.batch).toBeUndefined();
    expect(hub.gateway.subgraphTransports).toEqual({ batch: 'http', quality: 'in-process', capa: 'in-process', compliance: 'in-process', integration: 'in-process' });
    const token = signToken(findDemoUser('qa.manager')!, jwtSecret, '1h');
    const before = requests;
    const response = await fetch(hub.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ lots(first: 1) { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { lots: { totalCount: 0 } } });
    expect(requests).toBe(before + 1);
  });
});
