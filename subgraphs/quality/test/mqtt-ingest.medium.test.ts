import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { findDemoUser, querySubgraph, startSubgraphForTest, type RunningSubgraph } from '@lotgraph/server';
import { createQualityDatabase, createQualityServer } from '../src/server';
import { startTestBroker, type TestBroker } from './support-mqtt-broker';

const VIOLATIONS = `query ($filter: RuleViolationFilter) {
  ruleViolations(filter: $filter, first: 10) { edges { node { rule { code } detail evidence { readingId value } } } }
}`;

/** Waits, up to a deadline, for the ingest (which runs beside the requests) to have done its part. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('process readings published over MQTT', () => {
  let broker: TestBroker;
  let running: RunningSubgraph;
  let publisher: MqttClient;
  // Unique per run: a shared broker (MQTT_URL) may carry other runs' readings on the same topics.
  const machine = `IMM-MQ-${randomUUID().slice(0, 8)}`;
  const topic = `lotgraph/readings/${machine}`;
  const query = (sql: string, params: unknown[] = []) => running.database.dataSource.query(sql, params);

  beforeAll(async () => {
    broker = await startTestBroker();
    running = await startSubgraphForTest({
      createDatabase: createQualityDatabase,
      createServer: (options) => createQualityServer({ ...options, mqtt: { url: broker.url, clientId: `lotgraph-test-${randomUUID()}`, clean: true, log: () => undefined } }),
    });
    const engineer = findDemoUser('qa.engineer')!;
    const setup = [
      `mutation { registerEquipmentParameter(input: { equipmentCode: "${machine}", parameter: "BARREL_TEMP", materialCode: "SA-BRL-3001", operation: "MOULDING", unit: "°C" }) { unit } }`,
      `mutation { createSpecificationVersion(input: { specNumber: "SPEC-MQTT", materialCode: "SA-BRL-3001", operation: "MOULDING", effectiveFrom: "2026-11-01T00:00:00Z",
        parameters: [{ parameter: "BARREL_TEMP", unit: "°C", lsl: 220, usl: 240 }] }) { version } }`,
      `mutation { defineQualityRule(input: { code: "R-MQTT-OOS", kind: OUT_OF_SPEC, parameter: "BARREL_TEMP" }) { code } }`,
    ];
    for (const mutation of setup) expect((await querySubgraph(running.server, mutation, {}, engineer)).errors).toBeUndefined();
    // The signed approval is tested through the gateway; here the fixture marks the version approved.
    await query(`UPDATE quality.specification SET status = 'APPROVED', approved_by = 'qa.manager', approved_at = now() WHERE spec_number = 'SPEC-MQTT'`);
    publisher = await connectAsync(broker.url, { clientId: `lotgraph-test-publisher-${randomUUID()}` });
    // The ingest subscribes once it has connected; until then QoS 1 messages to no subscriber would be lost.
    await eventually(() => Promise.resolve(running.server), () => true, 'the server');
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await running?.stop();
    await broker?.close();
  });

  const publish = (payload: string, on = topic) => publisher.publishAsync(on, payload, { qos: 1 });
  const readings = () => query('SELECT reading_id, value::float AS value, recorded_by FROM quality.process_reading WHERE equipment_code = $1 ORDER BY measured_at', [machine]);
  const rejected = () =>
    query(`SELECT reading_id, value, reason, recorded_by FROM quality.rejected_reading WHERE equipment_code = $1 OR reading_id LIKE $1 || '-%' ORDER BY recorded_at, id`, [machine]);

  it('records readings from the topic (equipment from the topic), finds the excursion, and keeps a malformed payload with the reason', async () => {
    await publishWhenSubscribed(() => publish(JSON.stringify({ readingId: `${machine}-0`, parameter: 'BARREL_TEMP', value: 230.2, measuredAt: '2026-11-20T08:00:00Z' })), readings);
    await publish(JSON.stringify([
      { readingId: `${machine}-1`, parameter: 'BARREL_TEMP', value: '241.5', measuredAt: '2026-11-20T08:01:00Z' },
      { readingId: `${machine}-2`, equipmentCode: machine, parameter: 'BARREL_TEMP', value: 229.9, measuredAt: '2026-11-20T08:02:00Z' },
    ]));
    await publish('{"readingId": "broken", "value": 231');
    const recorded = await eventually(readings, (rows) => rows.length === 3, 'three readings');
    expect(recorded).toEqual([
      { reading_id: `${machine}-0`, value: 230.2, recorded_by: 'ingest.mqtt' },
      { reading_id: `${machine}-1`, value: 241.5, recorded_by: 'ingest.mqtt' },
      { reading_id: `${machine}-2`, value: 229.9, recorded_by: 'ingest.mqtt' },
    ]);
    const [kept] = await eventually(rejected, (rows) => rows.length === 1, 'the malformed payload kept');
    expect(kept).toMatchObject({ reading_id: null, value: '{"readingId": "broken", "value": 231', recorded_by: 'ingest.mqtt' });
    expect(kept.reason).toMatch(new RegExp(`^payload: not JSON \\(.+\\) on topic ${topic}$`));

    const found = await querySubgraph<{ ruleViolations: { edges: Array<{ node: unknown }> } }>(running.server, VIOLATIONS, { filter: { equipmentCode: machine } }, findDemoUser('qa.engineer')!);
    expect(found.data!.ruleViolations.edges.map((e) => e.node)).toEqual([
      { rule: { code: 'R-MQTT-OOS' }, detail: '241.5 is outside the specification 220..240', evidence: [{ readingId: `${machine}-1`, value: 241.5 }] },
    ]);
    // One entry per message recorded (holding its readings), per payload kept as rejected, per violation found.
    const audited = await query(`SELECT action, count(*)::int AS n FROM quality.audit_entry WHERE actor_id = 'ingest.mqtt' GROUP BY action ORDER BY action`);
    expect(audited).toEqual([{ action: 'FIND_RULE_VIOLATION', n: 1 }, { action: 'RECORD_READINGS', n: 2 }, { action: 'REJECT_READING', n: 1 }]);
  });

  it('keeps bad readings of a message with their reasons beside the good ones, and takes a redelivered reading as a duplicate', async () => {
    await publish(JSON.stringify([
      { readingId: `${machine}-1`, parameter: 'BARREL_TEMP', value: '241.5', measuredAt: '2026-11-20T08:01:00Z' },
      { readingId: `${machine}-3`, parameter: 'BARREL_TEMP', value: 'hot', measuredAt: '2026-11-20T08:03:00Z' },
      { readingId: `${machine}-4`, equipmentCode: 'IMM-OTHER', parameter: 'BARREL_TEMP', value: '230', measuredAt: '2026-11-20T08:04:00Z' },
      42,
      { readingId: `${machine}-5`, parameter: 'BARREL_TEMP', value: 230.1, measuredAt: '2026-11-20T08:05:00Z' },
    ]));
    await eventually(readings, (rows) => rows.length === 4, 'the fourth reading');
    const kept = await eventually(rejected, (rows) => rows.length === 4, 'three more rejections');
    expect(kept.slice(1).map((r: { reading_id: string | null; reason: string }) => [r.reading_id, r.reason])).toEqual([
      [`${machine}-4`, `equipmentCode: IMM-OTHER differs from the equipment of the topic ${topic}`],
      [null, 'payload[3]: not a reading (a JSON object with ReadingInput\'s fields)'],
      [`${machine}-3`, 'value: "hot" is not a plain decimal number (such as 241.5 or -0.25)'],
    ]);
    // The redelivered excursion changed nothing: still one violation with one reading.
    const [{ evidence }] = await query('SELECT evidence FROM quality.rule_violation WHERE equipment_code = $1', [machine]);
    expect(evidence).toHaveLength(1);
  });
});

/**
 * Publishes until the first message is recorded: the ingest subscribes a moment after the server starts, and a
 * QoS 1 message published before any subscription exists is not kept for it by the broker.
 */
async function publishWhenSubscribed(send: () => Promise<unknown>, recorded: () => Promise<unknown[]>): Promise<void> {
  await eventually(
    async () => {
      await send();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return (await recorded()).length;
    },
    (n) => n > 0,
    'the ingest to subscribe',
  );
}
