import { createHmac } from 'node:crypto';
import {
  AuditTrail,
  CAPA_NOTIFIER_USER,
  HEADERS,
  TEST_GATEWAY_SECRET,
  USAGE_GUARD_USER,
  findDemoUser,
  querySubgraph,
  startSubgraphForTest,
  type Identity,
  type RunningSubgraph,
  type SubgraphServerOptions,
} from '@lotgraph/server';
import { createQualityDatabase, createQualityServer, seedQualityDemo, type QualityServer } from '../src/server';
import { Receiver } from './support-webhook-receiver';

const PUBLISH = `mutation ($input: CapaEventInput!) {
  publishCapaEvent(input: $input) { eventId eventKey type capaNumber title status previousStatus exceptionNumbers detail action { sequence description owner dueOn } occurredAt }
}`;
const REGISTER = `mutation ($input: WebhookInput!) { registerWebhook(input: $input) { name events } }`;
const DELIVERIES = `query ($name: String!) { webhookDeliveries(name: $name) { deliveryId event eventId exceptionNumber capaNumber deliveredAt } }`;
const SECRET = 'capa-hook-secret-0123456789';

type Published = { eventId: string; eventKey: string; type: string; occurredAt: string; capaNumber: string; status: string; previousStatus: string | null; exceptionNumbers: string[]; action: unknown };

/** The capa domain's status change of CAPA-2026-0017 (its outbox message key is the event key). */
const STATUS_CHANGED = {
  eventKey: 'capa-outbox:8f9b3c1e-0001',
  type: 'CAPA_STATUS_CHANGED',
  capaNumber: 'CAPA-2026-0017',
  title: 'Barrel zone 3 overheating on IMM-01',
  status: 'IMPLEMENTING',
  previousStatus: 'PLAN_APPROVED',
  exceptionNumbers: ['EX-2026-0042', 'EX-2026-0041', 'EX-2026-0041'],
  detail: 'The CAPA plan was approved by qa.manager; the actions are being carried out',
};
const ACTION_OVERDUE = {
  eventKey: 'capa-outbox:8f9b3c1e-0002',
  type: 'CAPA_ACTION_OVERDUE',
  capaNumber: 'CAPA-2026-0017',
  title: 'Barrel zone 3 overheating on IMM-01',
  status: 'IMPLEMENTING',
  exceptionNumbers: ['EX-2026-0041'],
  detail: 'Action 2 of CAPA-2026-0017 was due on 2026-11-30 and is not done',
  action: { sequence: 2, description: 'Replace the zone 3 thermocouple on IMM-01', owner: 'qa.engineer', dueOn: '2026-11-30' },
};

describe('CAPA events on the exception event log, webhooks and the feed', () => {
  let running: RunningSubgraph;
  let quality: QualityServer;
  let receiver: Receiver;
  let audit: AuditTrail;

  const publish = (input: Record<string, unknown>, user: Identity = CAPA_NOTIFIER_USER) => querySubgraph<{ publishCapaEvent: Published }>(running.server, PUBLISH, { input }, user);
  const capaEvents = async () =>
    (await running.database.dataSource.query(`SELECT id::text, type, exception_number, capa_number, event_key, payload FROM quality.exception_event WHERE capa_number IS NOT NULL ORDER BY id`)) as Array<{
      id: string; type: string; exception_number: string | null; capa_number: string; event_key: string; payload: Record<string, unknown>;
    }>;
  const deliveries = async (name: string) => {
    const response = await querySubgraph<{ webhookDeliveries: Array<{ deliveryId: string; event: string; eventId: string; exceptionNumber: string | null; capaNumber: string | null; deliveredAt: string | null }> }>(
      running.server, DELIVERIES, { name },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.webhookDeliveries;
  };
  const feed = async (after: string) => {
    const response = await fetch(`${running.server.url}/internal/exception-events?${new URLSearchParams({ roles: 'AUDITOR', after })}`, { headers: { [HEADERS.gatewaySecret]: TEST_GATEWAY_SECRET } });
    return (await response.json()) as { lastEventId: string; events: Array<{ id: string; type: string; data: Record<string, unknown> }> };
  };

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    running = await startSubgraphForTest({
      createDatabase: createQualityDatabase,
      createServer: (options: SubgraphServerOptions) => createQualityServer({ ...options, notifications: { publicUrl: 'https://lotgraph.example.com', dispatcher: { backoffMs: () => 0 }, webhookTimeoutMs: 2000 } }),
      seed: seedQualityDemo,
    });
    quality = running.server as QualityServer;
    await quality.notifications.dispatcher.stop();
    audit = new AuditTrail(running.database.dataSource, 'quality');
    for (const [name, events] of [['capa-board', ['CAPA_STATUS_CHANGED', 'CAPA_ACTION_OVERDUE']], ['exceptions-only', ['EXCEPTION_CREATED', 'EXCEPTION_STATUS_CHANGED']]] as const) {
      const registered = await querySubgraph(running.server, REGISTER, { input: { name, url: receiver.url, secret: SECRET, events } });
      expect(registered.errors).toBeUndefined();
    }
  });

  afterAll(async () => {
    await running.stop();
    await receiver.stop();
  });

  it('lets only the capa domain publish CAPA events, and keeps nothing of a refused one', async () => {
    const integrator = await publish(STATUS_CHANGED, findDemoUser('integrator')!);
    expect(integrator.errors![0]).toMatchObject({
      message: `integrator may not publish CAPA event ${STATUS_CHANGED.eventKey}: CAPA events are the capa domain's records, told only by capa.notifier`,
      extensions: { code: 'FORBIDDEN', needed: ['capa.notifier'] },
    });
    // Another system user with the INTEGRATOR role is no better.
    expect((await publish(STATUS_CHANGED, USAGE_GUARD_USER)).errors![0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const manager = await publish(STATUS_CHANGED, findDemoUser('qa.manager')!);
    expect(manager.errors![0]).toMatchObject({ message: 'qa.manager (QA_MANAGER) may not call Mutation.publishCapaEvent; that needs INTEGRATOR', extensions: { code: 'FORBIDDEN' } });
    expect(await capaEvents()).toEqual([]);
    expect(await audit.entriesFor('CapaEvent', STATUS_CHANGED.eventKey)).toEqual([]);
  });

  it('refuses an event that does not hold together, naming the field, and keeps nothing', async () => {
    const label = `CapaEvent ${STATUS_CHANGED.eventKey}`;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ ...STATUS_CHANGED, eventKey: ' ' }, 'CapaEvent.eventKey', 'must not be empty'],
      [{ ...STATUS_CHANGED, detail: '' }, `${label}.detail`, 'must not be empty'],
      [{ ...STATUS_CHANGED, previousStatus: 'IMPLEMENTING' }, `${label}.previousStatus`, 'a status change of CAPA-2026-0017 must move it: previousStatus and status are both IMPLEMENTING'],
      [{ ...STATUS_CHANGED, exceptionNumbers: ['EX-2026-0041', 'EX-2026-9999'] }, `${label}.exceptionNumbers`, 'no exception has the number EX-2026-9999'],
      [{ ...ACTION_OVERDUE, eventKey: STATUS_CHANGED.eventKey, action: null }, `${label}.action`, 'a capa.action-overdue event of CAPA-2026-0017 names the action that is overdue'],
      [{ ...ACTION_OVERDUE, eventKey: STATUS_CHANGED.eventKey, action: { ...ACTION_OVERDUE.action, dueOn: null } }, `${label}.action.dueOn`, 'action 2 of CAPA-2026-0017 is said to be overdue: give the date it was due'],
      [{ ...ACTION_OVERDUE, eventKey: STATUS_CHANGED.eventKey, action: { ...ACTION_OVERDUE.action, sequence: 0 } }, `${label}.action.sequence`, 'must be a whole number from 1, not 0'],
    ];
    for (const [input, where, reason] of cases) {
      const response = await publish(input);
      expect({ where, error: response.errors?.[0] }).toEqual({ where, error: expect.objectContaining({ message: `${where}: ${reason}`, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }) });
    }
    expect(await capaEvents()).toEqual([]);
    expect(await deliveries('capa-board')).toEqual([]);
  });

  it('stores the event in the log, audits it once and asks for a delivery to each webhook subscribed to its type', async () => {
    const response = await publish(STATUS_CHANGED);
    expect(response.errors).toBeUndefined();
    const published = response.data!.publishCapaEvent;
    expect(published).toMatchObject({
      eventKey: STATUS_CHANGED.eventKey, type: 'CAPA_STATUS_CHANGED', capaNumber: 'CAPA-2026-0017', status: 'IMPLEMENTING', previousStatus: 'PLAN_APPROVED',
      exceptionNumbers: ['EX-2026-0041', 'EX-2026-0042'], action: null,
    });
    const [stored] = await capaEvents();
    expect(stored).toMatchObject({ id: published.eventId, type: 'capa.status-changed', exception_number: null, capa_number: 'CAPA-2026-0017', event_key: STATUS_CHANGED.eventKey });
    expect(stored.payload).toEqual({
      capa: {
        number: 'CAPA-2026-0017', title: STATUS_CHANGED.title, status: 'IMPLEMENTING', previousStatus: 'PLAN_APPROVED', exceptionNumbers: ['EX-2026-0041', 'EX-2026-0042'], action: null,
        link: { query: expect.stringContaining('capa(number: $number)'), variables: { number: 'CAPA-2026-0017' }, url: 'https://lotgraph.example.com/graphql' },
      },
      detail: STATUS_CHANGED.detail,
    });
    const entries = await audit.entriesFor('CapaEvent', STATUS_CHANGED.eventKey);
    expect(entries).toEqual([
      expect.objectContaining({
        actorId: 'capa.notifier', action: 'PUBLISH_CAPA_EVENT',
        changes: {
          eventType: { new: 'capa.status-changed' }, capaNumber: { new: 'CAPA-2026-0017' }, title: { new: STATUS_CHANGED.title }, status: { new: 'IMPLEMENTING' },
          previousStatus: { new: 'PLAN_APPROVED' }, exceptionNumbers: { new: ['EX-2026-0041', 'EX-2026-0042'] }, eventDetail: { new: STATUS_CHANGED.detail },
        },
      }),
    ]);
    expect(await deliveries('capa-board')).toEqual([
      { deliveryId: expect.any(String), event: 'CAPA_STATUS_CHANGED', eventId: published.eventId, exceptionNumber: null, capaNumber: 'CAPA-2026-0017', deliveredAt: null },
    ]);
    expect(await deliveries('exceptions-only')).toEqual([]);
    const refusedUpdate = running.database.dataSource.query(`UPDATE quality.exception_event SET payload = '{}' WHERE id = $1`, [published.eventId]);
    await expect(refusedUpdate).rejects.toThrow(/append-only/);
  });

  it('changes nothing when the same key comes again (the capa outbox retrying), and refuses the key with other content', async () => {
    const [before] = await capaEvents();
    const again = await publish({ ...STATUS_CHANGED, exceptionNumbers: ['EX-2026-0041', 'EX-2026-0042'] });
    expect(again.errors).toBeUndefined();
    expect(again.data!.publishCapaEvent.eventId).toBe(before.id);
    expect(await capaEvents()).toHaveLength(1);
    expect(await audit.entriesFor('CapaEvent', STATUS_CHANGED.eventKey)).toHaveLength(1);
    expect(await deliveries('capa-board')).toHaveLength(1);

    const other = await publish({ ...STATUS_CHANGED, status: 'CLOSED', detail: 'Closed' });
    expect(other.errors![0]).toMatchObject({
      message: `CapaEvent ${STATUS_CHANGED.eventKey}.status: event key ${STATUS_CHANGED.eventKey} was published as event ${before.id} with another status, detail; one key names one event`,
      extensions: { code: 'BAD_USER_INPUT', field: 'status' },
    });
    expect(await capaEvents()).toHaveLength(1);
  });

  it('POSTs the event signed with the secret, the CAPA and what happened in the body', async () => {
    const response = await publish(ACTION_OVERDUE);
    expect(response.errors).toBeUndefined();
    const overdue = response.data!.publishCapaEvent;
    expect(overdue).toMatchObject({ type: 'CAPA_ACTION_OVERDUE', previousStatus: null, action: ACTION_OVERDUE.action });
    const sent = receiver.received.length;
    expect(await quality.notifications.dispatcher.runOnce()).toBe(2);
    const posted = receiver.received.slice(sent);
    expect(posted.map((post) => post.headers['x-lotgraph-event'])).toEqual(['capa.status-changed', 'capa.action-overdue']);
    for (const { headers, body } of posted) {
      const timestamp = String(headers['x-lotgraph-timestamp']);
      expect(headers['x-lotgraph-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
    }
    expect(JSON.parse(posted[1].body)).toEqual({
      eventId: overdue.eventId,
      type: 'capa.action-overdue',
      occurredAt: overdue.occurredAt,
      capa: {
        number: 'CAPA-2026-0017', title: ACTION_OVERDUE.title, status: 'IMPLEMENTING', previousStatus: null, exceptionNumbers: ['EX-2026-0041'], action: ACTION_OVERDUE.action,
        link: expect.objectContaining({ variables: { number: 'CAPA-2026-0017' } }),
      },
      detail: ACTION_OVERDUE.detail,
    });
    expect((await deliveries('capa-board')).map((delivery) => [delivery.event, delivery.deliveredAt !== null])).toEqual([['CAPA_ACTION_OVERDUE', true], ['CAPA_STATUS_CHANGED', true]]);
    expect(await audit.entriesFor('CapaEvent', ACTION_OVERDUE.eventKey)).toEqual([
      expect.objectContaining({ action: 'PUBLISH_CAPA_EVENT', changes: expect.objectContaining({ capaAction: { new: ACTION_OVERDUE.action }, previousStatus: { new: null } }) }),
    ]);
  });

  it('serves CAPA events on the feed the live stream relays, under their event names, among the exception events', async () => {
    const page = await feed('0');
    const capa = page.events.filter((event) => event.type.startsWith('capa.'));
    expect(capa.map((event) => [event.type, (event.data.capa as { number: string }).number, event.data.detail])).toEqual([
      ['capa.status-changed', 'CAPA-2026-0017', STATUS_CHANGED.detail],
      ['capa.action-overdue', 'CAPA-2026-0017', ACTION_OVERDUE.detail],
    ]);
    expect(capa[1].data).toMatchObject({ eventId: capa[1].id, type: 'capa.action-overdue', capa: { action: ACTION_OVERDUE.action } });
    expect(capa[1].data).not.toHaveProperty('exception');
  });
});
