import { createServer, type AddressInfo, type Server } from 'node:net';
import { createBroker } from 'aedes';
import { connectAsync } from 'mqtt';
import { startTestGraph, type TestGraph } from './support/test-graph';

const VIOLATIONS = `{ ruleViolations(filter: { equipmentCode: "IMM-HUB-MQ" }) { edges { node { rule { code } evidence { readingId value } } } } }`;

// Always an in-process broker here: the hub's ingest uses the fixed session id of an installation, which must not
// meet another run's on a shared broker.
describe('the hub takes process readings from MQTT when LOTGRAPH_MQTT_URL is set', () => {
  let broker: ReturnType<typeof createBroker>;
  let server: Server;
  let graph: TestGraph;

  beforeAll(async () => {
    broker = createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    graph = await startTestGraph({ mqttUrl: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const setup = [
      `mutation { registerEquipmentParameter(input: { equipmentCode: "IMM-HUB-MQ", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`,
      `mutation { defineQualityRule(input: { code: "R-HUB-MQ", kind: SPC_BEYOND_3_SIGMA, parameter: "BARREL_TEMP", settings: { centre: 230, sigma: 1 } }) { code } }`,
    ];
    for (const mutation of setup) expect((await graph.query(mutation, { token: graph.tokenFor('qa.engineer') })).errors).toBeUndefined();
  });

  afterAll(async () => {
    await graph?.stop();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('records a published excursion as the ingest.mqtt system user, which QA then reads as a violation', async () => {
    const publisher = await connectAsync(`mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const deadline = Date.now() + 20_000;
      let edges: Array<{ node: unknown }> = [];
      // Published again until seen: the ingest subscribes a moment after the hub starts; a retry is a duplicate.
      while (edges.length === 0) {
        if (Date.now() > deadline) throw new Error('the published reading was not recorded');
        await publisher.publishAsync('lotgraph/readings/IMM-HUB-MQ', JSON.stringify({ readingId: 'HUB-MQ-1', parameter: 'BARREL_TEMP', value: 236, measuredAt: '2026-11-20T08:00:00Z' }), { qos: 1 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        const response = await graph.query<{ ruleViolations: { edges: Array<{ node: unknown }> } }>(VIOLATIONS, { token: graph.tokenFor('qa.engineer') });
        edges = response.data!.ruleViolations.edges;
      }
      expect(edges.map((e) => e.node)).toEqual([{ rule: { code: 'R-HUB-MQ' }, evidence: [{ readingId: 'HUB-MQ-1', value: 236 }] }]);
      const recordedBy = await graph.hub.databases.quality!.dataSource.query(`SELECT recorded_by FROM quality.process_reading WHERE reading_id = 'HUB-MQ-1'`);
      expect(recordedBy).toEqual([{ recorded_by: 'ingest.mqtt' }]);
      const account = await graph.hub.databases.compliance!.dataSource.query(`SELECT id, roles FROM compliance.user_account WHERE id = 'ingest.mqtt'`);
      expect(account).toHaveLength(1);
    } finally {
      await publisher.endAsync();
    }
  });
});
